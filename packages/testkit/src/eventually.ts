export type EventuallyOptions = {
  /** Pause between probes (default 50 ms). */
  intervalMs?: number;
  /**
   * Give up after this long and throw. Without it the test's own timeout bounds the wait: a condition that is
   * expected to come true is polled for, not timed (no timed assertions).
   */
  timeoutMs?: number;
  /** What was last seen, for the error when timeoutMs runs out. */
  describe?: () => string;
};

/** Polls `probe` until it returns true. */
export async function eventually(
  probe: () => Promise<boolean> | boolean,
  options: EventuallyOptions = {},
): Promise<void> {
  const { intervalMs = 50, timeoutMs } = options;
  const deadline = timeoutMs === undefined ? undefined : Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return;
    if (deadline !== undefined && Date.now() > deadline) {
      const seen = options.describe ? `: ${options.describe()}` : '';
      throw new Error(`condition not met within ${timeoutMs} ms${seen}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
