// A tiny run of `./visor bench pipeline`: real models, real child-process services; checks the report's shape and
// that both paths found the same faces — never the speed.
import { datasetsDir, describeWithDataset } from '@visor/testkit';
import { runPipelineBench } from '../src/pipeline.ts';

describeWithDataset('faces-dev', 'pipeline benchmark', () => {
  test('reports latency, throughput and memory for the in-process and service paths', async () => {
    const result = await runPipelineBench({
      datasetsDir,
      images: 4,
      concurrency: [2],
      maxBatch: 16,
      maxWaitMs: 0,
      intraOpThreads: 1,
      warmup: 1,
      rounds: 1,
      progress: () => {},
    });
    expect(result.images).toBe(4);
    expect(result.faces).toBeGreaterThan(0);
    expect(result.faces_raw).toBe(result.faces);
    for (const v of [result.raw_ms_p50, result.service_ms_p50, result.overhead_ratio, result.cpu_overhead_ratio]) {
      expect(v).toBeGreaterThan(0);
    }
    // The breakdown reads real stage timings and histograms: every stage and call took time, and the parts add up.
    const b = result.c1_breakdown_ms;
    for (const v of [...Object.values(b.raw), ...Object.values(b.services.detect_call), b.services.embed_call.embed]) {
      expect(v).toBeGreaterThan(0);
    }
    expect(b.services.detect_call.server).toBeLessThan(b.services.detect_call.client);
    expect(b.overhead.stages + b.overhead.handlers + b.overhead.transport).toBeCloseTo(
      b.services.total - b.raw.total,
      1,
    );
    expect(Object.keys(result.throughput_fps)).toEqual(['c2']);
    expect(result.throughput_fps.c2.batched).toBeGreaterThan(0);
    expect(result.throughput_fps.c2.unbatched).toBeGreaterThan(0);
    for (const mb of Object.values(result.rss_mb)) expect(mb).toBeGreaterThan(0);
  }, 300_000);
});
