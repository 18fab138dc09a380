import { type BatchInfo, createBatcher, type Scheduler } from '../src/batcher.ts';

/** A scheduler the test fires by hand, so no assertion depends on wall-clock time. */
function manualScheduler() {
  const pending: Array<{ fn: () => void; ms: number; cancelled: boolean }> = [];
  const schedule: Scheduler = (fn, ms) => {
    const entry = { fn, ms, cancelled: false };
    pending.push(entry);
    return () => {
      entry.cancelled = true;
    };
  };
  const fire = () => {
    for (const e of pending.splice(0)) if (!e.cancelled) e.fn();
  };
  const armed = () => pending.filter((e) => !e.cancelled);
  return { schedule, fire, armed };
}

/** A runner whose runs the test completes by hand; records every batch it was given. */
function manualRunner() {
  const runs: Array<{ items: number[]; resolve: (out: string[]) => void; reject: (e: unknown) => void }> = [];
  const run = (items: number[]) =>
    new Promise<string[]>((resolve, reject) => {
      runs.push({ items, resolve, reject });
    });
  const finish = (i: number) => runs[i].resolve(runs[i].items.map((x) => `out${x}`));
  return { run, runs, finish };
}

const tick = () => new Promise((r) => setImmediate(r));

test('concurrent submits within the wait window share one run', async () => {
  const s = manualScheduler();
  const r = manualRunner();
  const infos: BatchInfo[] = [];
  const b = createBatcher({
    maxBatch: 8,
    maxWaitMs: 5,
    run: r.run,
    schedule: s.schedule,
    onBatch: (i) => infos.push(i),
  });
  const p1 = b.submit([1]);
  const p2 = b.submit([2, 3]);
  expect(r.runs).toHaveLength(0);
  expect(s.armed()[0]?.ms).toBe(5);
  s.fire();
  expect(r.runs.map((x) => x.items)).toEqual([[1, 2, 3]]);
  r.finish(0);
  await expect(p1).resolves.toEqual(['out1']);
  await expect(p2).resolves.toEqual(['out2', 'out3']);
  expect(infos.map((i) => i.size)).toEqual([3]);
  expect(infos[0].waitsMs).toHaveLength(3);
});

test('a full batch runs at once without waiting for the timer', () => {
  const s = manualScheduler();
  const r = manualRunner();
  const b = createBatcher({ maxBatch: 3, maxWaitMs: 1000, run: r.run, schedule: s.schedule });
  void b.submit([1, 2]);
  expect(r.runs).toHaveLength(0);
  void b.submit([3, 4]);
  expect(r.runs.map((x) => x.items)).toEqual([[1, 2, 3]]);
  expect(s.armed()).toHaveLength(0);
  expect(b.inFlight).toBe(4);
});

test('items queued during a run go together into the next run, split at maxBatch', async () => {
  const s = manualScheduler();
  const r = manualRunner();
  const b = createBatcher({ maxBatch: 4, maxWaitMs: 1, run: r.run, schedule: s.schedule });
  const first = b.submit([0]);
  s.fire();
  const later = [b.submit([1, 2]), b.submit([3]), b.submit([4, 5])];
  expect(r.runs).toHaveLength(1);
  r.finish(0);
  await first;
  await tick();
  expect(r.runs.map((x) => x.items)).toEqual([[0], [1, 2, 3, 4]]);
  r.finish(1);
  await tick();
  expect(r.runs[2].items).toEqual([5]);
  r.finish(2);
  await expect(Promise.all(later)).resolves.toEqual([['out1', 'out2'], ['out3'], ['out4', 'out5']]);
  expect(b.inFlight).toBe(0);
});

test('maxBatch 1 runs every item alone, in order', async () => {
  const r = manualRunner();
  const s = manualScheduler();
  const b = createBatcher({ maxBatch: 1, maxWaitMs: 0, run: r.run, schedule: s.schedule });
  const p = b.submit([1, 2, 3]);
  for (let i = 0; i < 3; i++) {
    expect(r.runs).toHaveLength(i + 1);
    r.finish(i);
    await tick();
  }
  expect(r.runs.map((x) => x.items)).toEqual([[1], [2], [3]]);
  await expect(p).resolves.toEqual(['out1', 'out2', 'out3']);
});

test('a failing run rejects only the calls in that batch; the next batch still runs', async () => {
  const s = manualScheduler();
  const r = manualRunner();
  const b = createBatcher({ maxBatch: 2, maxWaitMs: 1, run: r.run, schedule: s.schedule });
  const bad = b.submit([1, 2]);
  const good = b.submit([3]);
  r.runs[0].reject(new Error('boom'));
  await expect(bad).rejects.toThrow('boom');
  await tick();
  r.finish(1);
  await expect(good).resolves.toEqual(['out3']);
});

test('a runner returning the wrong number of outputs rejects the batch', async () => {
  const b = createBatcher({ maxBatch: 4, maxWaitMs: 0, run: async () => ['only one'] });
  await expect(b.submit([1, 2])).rejects.toThrow(/1 outputs for 2 inputs/);
});

test('a runner that throws synchronously rejects instead of crashing', async () => {
  const b = createBatcher<number, number>({
    maxBatch: 4,
    maxWaitMs: 0,
    run: () => {
      throw new Error('sync');
    },
  });
  await expect(b.submit([1])).rejects.toThrow('sync');
});

test('drain runs what is queued without the timer and resolves when idle', async () => {
  const s = manualScheduler();
  const r = manualRunner();
  const b = createBatcher({ maxBatch: 8, maxWaitMs: 1000, run: r.run, schedule: s.schedule });
  const p = b.submit([1, 2]);
  let drained = false;
  const d = b.drain().then(() => {
    drained = true;
  });
  expect(r.runs).toHaveLength(1);
  await tick();
  expect(drained).toBe(false);
  r.finish(0);
  await d;
  expect(drained).toBe(true);
  await expect(p).resolves.toEqual(['out1', 'out2']);
  await expect(b.drain()).resolves.toBeUndefined();
});

test('empty submits resolve at once and bad options are refused', async () => {
  const b = createBatcher({ maxBatch: 2, maxWaitMs: 0, run: async (xs: number[]) => xs });
  await expect(b.submit([])).resolves.toEqual([]);
  expect(() => createBatcher({ maxBatch: 0, maxWaitMs: 0, run: async (xs: number[]) => xs })).toThrow(RangeError);
  expect(() => createBatcher({ maxBatch: 1, maxWaitMs: -1, run: async (xs: number[]) => xs })).toThrow(RangeError);
});
