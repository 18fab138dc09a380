import { createLimiter } from '../src/limiter.ts';

test('at most `max` tasks run at once, the rest in arrival order, and failures release their slot', async () => {
  const limiter = createLimiter(2);
  const gates: Array<() => void> = [];
  const started: number[] = [];
  const task = (i: number, fail = false) =>
    limiter.run(async () => {
      started.push(i);
      await new Promise<void>((resolve) => gates.push(resolve));
      if (fail) throw new Error(`task ${i}`);
      return i;
    });
  const results = [task(0, true), task(1), task(2), task(3)];
  await new Promise((r) => setImmediate(r));
  expect(started).toEqual([0, 1]);
  expect([limiter.active, limiter.waiting]).toEqual([2, 2]);
  gates[0]();
  await expect(results[0]).rejects.toThrow('task 0');
  await new Promise((r) => setImmediate(r));
  expect(started).toEqual([0, 1, 2]);
  for (const g of gates.slice(1)) g();
  await new Promise((r) => setImmediate(r));
  for (const g of gates.slice(3)) g();
  await expect(Promise.all(results.slice(1))).resolves.toEqual([1, 2, 3]);
  expect([limiter.active, limiter.waiting]).toEqual([0, 0]);
  expect(() => createLimiter(0)).toThrow(RangeError);
});

test('past maxQueue waiting calls, new ones are refused as rate_limited', async () => {
  const limiter = createLimiter(1, 1);
  let release = () => {};
  const first = limiter.run(() => new Promise<void>((resolve) => (release = resolve)));
  const second = limiter.run(async () => 'second');
  await expect(limiter.run(async () => 'third')).rejects.toMatchObject({ code: 'rate_limited' });
  release();
  await first;
  await expect(second).resolves.toBe('second');
});
