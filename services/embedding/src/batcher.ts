// Micro-batcher: coalesces items submitted by concurrent callers into one run of at most `maxBatch` items.
//
// One run at a time: onnxruntime-node executes a session synchronously on the event loop, so two runs never
// overlap anyway; what a second concurrent run would cost is exactly what batching saves. While a run is busy,
// new items queue and go together into the next run as soon as it ends. When the runner is idle, the first
// queued item waits at most `maxWaitMs` for company (0: until the current tick's other callers have submitted).

export interface BatchInfo {
  size: number;
  /** Milliseconds each item of the batch waited between submit and the start of its run. */
  waitsMs: number[];
}

export type Scheduler = (fn: () => void, ms: number) => () => void;

export interface BatcherOptions<I, O> {
  /** Items per run; 1 turns batching off (each item runs alone, in submission order). */
  maxBatch: number;
  maxWaitMs: number;
  /** Runs one batch; must return one output per input, in order. */
  run: (items: I[]) => Promise<O[]>;
  /** Called as each run starts (metrics). */
  onBatch?: (info: BatchInfo) => void;
  now?: () => number;
  schedule?: Scheduler;
}

export interface Batcher<I, O> {
  /** Resolves with one output per item, in order; an item never waits behind more than one run it is not in. */
  submit(items: readonly I[]): Promise<O[]>;
  /** Resolves once nothing is queued or running (runs what is queued without waiting for the timer). */
  drain(): Promise<void>;
  /** Items queued or running. */
  readonly inFlight: number;
}

interface Entry<I, O> {
  item: I;
  at: number;
  resolve: (value: O) => void;
  reject: (err: unknown) => void;
}

const defaultSchedule: Scheduler = (fn, ms) => {
  const timer = ms > 0 ? setTimeout(fn, ms) : setImmediate(fn);
  return () => (ms > 0 ? clearTimeout(timer as NodeJS.Timeout) : clearImmediate(timer as NodeJS.Immediate));
};

export function createBatcher<I, O>(options: BatcherOptions<I, O>): Batcher<I, O> {
  if (!Number.isInteger(options.maxBatch) || options.maxBatch < 1) throw new RangeError('maxBatch must be ≥ 1');
  if (!(options.maxWaitMs >= 0)) throw new RangeError('maxWaitMs must be ≥ 0');
  const now = options.now ?? (() => performance.now());
  const schedule = options.schedule ?? defaultSchedule;
  const queue: Entry<I, O>[] = [];
  let running = 0;
  let runningItems = 0;
  let cancelTimer: (() => void) | undefined;
  let idleWaiters: Array<() => void> = [];
  let draining = false;

  const settleIdle = () => {
    if (queue.length === 0 && running === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      draining = false;
      for (const w of waiters) w();
    }
  };

  const flush = () => {
    cancelTimer?.();
    cancelTimer = undefined;
    if (running > 0 || queue.length === 0) return;
    const batch = queue.splice(0, options.maxBatch);
    running++;
    runningItems = batch.length;
    const started = now();
    options.onBatch?.({ size: batch.length, waitsMs: batch.map((e) => started - e.at) });
    let result: Promise<O[]>;
    try {
      result = options.run(batch.map((e) => e.item));
    } catch (err) {
      result = Promise.reject(err);
    }
    result
      .then((outputs) => {
        if (!Array.isArray(outputs) || outputs.length !== batch.length) {
          throw new Error(`batch runner returned ${outputs?.length} outputs for ${batch.length} inputs`);
        }
        batch.forEach((e, i) => {
          e.resolve(outputs[i] as O);
        });
      })
      .catch((err: unknown) => {
        for (const e of batch) e.reject(err);
      })
      .finally(() => {
        running--;
        runningItems = 0;
        // Items that queued during the run have waited long enough: start the next run at once.
        if (queue.length > 0) flush();
        else settleIdle();
      });
  };

  const arm = () => {
    if (running > 0) return;
    if (queue.length >= options.maxBatch || draining) flush();
    else cancelTimer ??= schedule(flush, options.maxWaitMs);
  };

  return {
    submit(items) {
      if (items.length === 0) return Promise.resolve([]);
      const at = now();
      const promises = items.map(
        (item) =>
          new Promise<O>((resolve, reject) => {
            queue.push({ item, at, resolve, reject });
          }),
      );
      arm();
      return Promise.all(promises);
    },
    drain() {
      if (queue.length === 0 && running === 0) return Promise.resolve();
      draining = true;
      const done = new Promise<void>((resolve) => idleWaiters.push(resolve));
      if (running === 0) flush();
      return done;
    },
    get inFlight() {
      return queue.length + runningItems;
    },
  };
}
