// Bounds how many requests hold decoded images at once: a 40-megapixel photo is 120 MB of RGB before the detector's
// copies, so memory, not CPU, is what unbounded concurrency exhausts. Excess calls wait their turn (FIFO); past
// `maxQueue` waiting calls (each still holds its encoded image) new ones are refused at once.
import { VisorError } from '@visor/runtime';

export interface Limiter {
  run<T>(fn: () => Promise<T>): Promise<T>;
  readonly active: number;
  readonly waiting: number;
}

export function createLimiter(max: number, maxQueue = Number.POSITIVE_INFINITY): Limiter {
  if (!Number.isInteger(max) || max < 1) throw new RangeError('limiter needs max ≥ 1');
  let active = 0;
  const queue: Array<() => void> = [];
  const release = () => {
    const next = queue.shift();
    if (next) next();
    else active--;
  };
  return {
    async run(fn) {
      if (active < max) active++;
      else if (queue.length >= maxQueue) throw new VisorError('rate_limited', 'too many images waiting; retry later');
      else await new Promise<void>((resolve) => queue.push(resolve));
      try {
        return await fn();
      } finally {
        release();
      }
    },
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
  };
}
