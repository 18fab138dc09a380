// Readiness probes and the bounded polling loop every component uses while it starts.
import { setTimeout as sleep } from 'node:timers/promises';

/** True when `url` answers 2xx within `timeoutMs`. */
export async function httpOk(url: string, timeoutMs = 2_000): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Checked between probes; a reason string stops the wait early (e.g. the process died). */
  abort?: () => string | undefined;
}

export type WaitResult = { ok: true } | { ok: false; reason: string };

/** Polls `probe` until it returns true, the deadline passes or `abort` gives a reason. */
export async function waitUntil(probe: () => Promise<boolean>, options: WaitOptions): Promise<WaitResult> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 250;
  for (;;) {
    if (await probe()) return { ok: true };
    const reason = options.abort?.();
    if (reason) return { ok: false, reason };
    if (Date.now() >= deadline)
      return { ok: false, reason: `not healthy after ${Math.round(options.timeoutMs / 1000)} s` };
    await sleep(interval);
  }
}
