// Per-key token buckets, in memory: each replica limits on its own, so a deployment's effective limit is the
// per-replica rate times the replicas behind the load balancer.
import type { Clock } from './auth.ts';

export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

export type RateLimiterOptions = {
  /** Tokens added per second (sustained rate). */
  ratePerSecond: number;
  /** Bucket size (burst). */
  burst: number;
  now?: Clock;
  /** Buckets idle this long are full again and are dropped, bounding memory by the number of active keys. */
  idleEvictMs?: number;
};

type Bucket = { tokens: number; at: number };

export class TokenBucketLimiter {
  readonly #rate: number;
  readonly #burst: number;
  readonly #now: Clock;
  readonly #buckets = new Map<string, Bucket>();
  readonly #idleEvictMs: number;
  #lastSweep = 0;

  constructor(options: RateLimiterOptions) {
    if (!(options.ratePerSecond > 0) || !(options.burst >= 1)) throw new Error('rate must be > 0 and burst >= 1');
    this.#rate = options.ratePerSecond / 1000;
    this.#burst = options.burst;
    this.#now = options.now ?? Date.now;
    this.#idleEvictMs = options.idleEvictMs ?? Math.max(60_000, (options.burst / options.ratePerSecond) * 1000);
  }

  /** Takes `cost` tokens from `key`'s bucket when it has them. */
  take(key: string, cost = 1): RateDecision {
    const now = this.#now();
    this.#sweep(now);
    const bucket = this.#buckets.get(key) ?? { tokens: this.#burst, at: now };
    bucket.tokens = Math.min(this.#burst, bucket.tokens + (now - bucket.at) * this.#rate);
    bucket.at = now;
    this.#buckets.set(key, bucket);
    if (bucket.tokens >= cost) {
      bucket.tokens -= cost;
      return { allowed: true };
    }
    return { allowed: false, retryAfterMs: Math.ceil((cost - bucket.tokens) / this.#rate) };
  }

  /** Whether `key` could take `cost` tokens now, and if not when; consumes nothing. */
  peek(key: string, cost = 1): RateDecision {
    const now = this.#now();
    const bucket = this.#buckets.get(key);
    const tokens = bucket ? Math.min(this.#burst, bucket.tokens + (now - bucket.at) * this.#rate) : this.#burst;
    return tokens >= cost
      ? { allowed: true }
      : { allowed: false, retryAfterMs: Math.ceil((cost - tokens) / this.#rate) };
  }

  get size(): number {
    return this.#buckets.size;
  }

  #sweep(now: number): void {
    if (now - this.#lastSweep < this.#idleEvictMs) return;
    this.#lastSweep = now;
    for (const [key, bucket] of this.#buckets) if (now - bucket.at >= this.#idleEvictMs) this.#buckets.delete(key);
  }
}
