import { mean, percentile, pool, round } from '../src/stats.ts';

test('percentile interpolates between order statistics', () => {
  expect(percentile([3, 1, 2], 50)).toBe(2);
  expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
  expect(percentile([10, 20], 90)).toBeCloseTo(19);
  expect(percentile([5], 99)).toBe(5);
  expect(percentile([], 50)).toBeNaN();
});

test('mean and round', () => {
  expect(mean([1, 2, 6])).toBe(3);
  expect(mean([])).toBeNaN();
  expect(round(1.23456, 2)).toBe(1.23);
});

test('pool keeps at most `concurrency` tasks in flight and returns results in order', async () => {
  let inFlight = 0;
  let most = 0;
  const out = await pool(10, 3, async (i) => {
    inFlight++;
    most = Math.max(most, inFlight);
    await new Promise((r) => setImmediate(r));
    inFlight--;
    return i * 2;
  });
  expect(out).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
  expect(most).toBe(3);
});
