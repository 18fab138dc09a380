// Brute-force protection for 1:1 verification: after `maxFailures` non-matching attempts against one subject within
// `windowMs`, the subject is locked for `lockMs`. In memory per replica (documented in docs/api.md).
import type { Clock } from './auth.ts';

export type LockoutOptions = { maxFailures: number; windowMs: number; lockMs: number; now?: Clock };

export type LockState = { locked: false } | { locked: true; retryAfterMs: number; until: number };

type Entry = { failures: number[]; lockedUntil: number };

export class Lockout {
  readonly #options: Required<LockoutOptions>;
  readonly #entries = new Map<string, Entry>();

  constructor(options: LockoutOptions) {
    if (options.maxFailures < 1) throw new Error('maxFailures must be >= 1');
    this.#options = { now: Date.now, ...options };
  }

  /** Whether the subject is locked now. */
  check(key: string): LockState {
    const now = this.#options.now();
    const entry = this.#entries.get(key);
    if (entry && entry.lockedUntil > now) {
      return { locked: true, retryAfterMs: entry.lockedUntil - now, until: entry.lockedUntil };
    }
    return { locked: false };
  }

  /**
   * Records a failed attempt. Returns `lockedNow: true` exactly when this failure locked the subject, so the
   * caller raises one alert per lock rather than one per attempt.
   */
  recordFailure(key: string): { lockedNow: boolean; failures: number; until?: number } {
    const { now: clock, windowMs, maxFailures, lockMs } = this.#options;
    const now = clock();
    const entry = this.#entries.get(key) ?? { failures: [], lockedUntil: 0 };
    entry.failures = entry.failures.filter((t) => now - t < windowMs);
    entry.failures.push(now);
    this.#entries.set(key, entry);
    if (entry.failures.length >= maxFailures && entry.lockedUntil <= now) {
      entry.lockedUntil = now + lockMs;
      const failures = entry.failures.length;
      entry.failures = [];
      return { lockedNow: true, failures, until: entry.lockedUntil };
    }
    return { lockedNow: false, failures: entry.failures.length };
  }

  /** A successful verification clears the subject's failure history. */
  recordSuccess(key: string): void {
    const entry = this.#entries.get(key);
    if (entry && entry.lockedUntil <= this.#options.now()) this.#entries.delete(key);
  }

  /** Drops entries with no recent failures and no lock (call occasionally). */
  prune(): void {
    const now = this.#options.now();
    for (const [key, entry] of this.#entries) {
      if (entry.lockedUntil <= now && entry.failures.every((t) => now - t >= this.#options.windowMs)) {
        this.#entries.delete(key);
      }
    }
  }
}
