import { runMatchBench } from '../src/match.ts';

describe('match benchmark', () => {
  test('reports the service index and the exact reference, with exact recall 1 against its own ground truth', async () => {
    const lines: string[] = [];
    const result = await runMatchBench({
      sizes: [3_000],
      dim: 32,
      queries: 60,
      randomQueries: 20,
      approximateAbove: 1_000,
      exactReferenceMaxSize: 3_000,
      progress: (line) => lines.push(line),
    });
    expect(result).toMatchObject({ bench: 'match', dim: 32, queries: 60, random_queries: 20 });
    const [service, exact] = result.results;
    expect(service).toMatchObject({ size: 3_000, index: 'ivf', service_choice: true });
    expect(exact).toMatchObject({ size: 3_000, index: 'exact', service_choice: false, recall_at_1: 1 });
    for (const row of result.results) {
      expect(row.p50_ms).toBeLessThanOrEqual(row.p99_ms);
      expect(row.recall_at_1).toBeGreaterThanOrEqual(0);
      expect(row.recall_at_1).toBeLessThanOrEqual(1);
      expect(row.bytes_per_vector).toBeGreaterThan(0);
    }
    expect(service?.params).toMatchObject({ nlist: expect.any(Number), nprobe: expect.any(Number) });
    expect(lines.some((l) => l.includes('building ivf'))).toBe(true);
  });
});
