import { counter, createRegistry, durationHistogram, timeStage } from '../src/metrics.ts';

describe('metrics', () => {
  test('timeStage observes successes and failures with an outcome label', async () => {
    const registry = createRegistry({ defaultMetrics: false });
    const histogram = durationHistogram(registry, 'visor_stage_seconds', 'stage duration', ['stage', 'outcome']);
    await expect(timeStage(histogram, { stage: 'decode' }, async () => 42)).resolves.toBe(42);
    await expect(
      timeStage(histogram, { stage: 'decode' }, () => {
        throw new Error('bad');
      }),
    ).rejects.toThrow('bad');
    const text = await registry.metrics();
    expect(text).toContain('visor_stage_seconds_count{stage="decode",outcome="ok"} 1');
    expect(text).toContain('visor_stage_seconds_count{stage="decode",outcome="error"} 1');
  });

  test('helpers return the existing metric instead of throwing on re-registration', () => {
    const registry = createRegistry({ defaultMetrics: false });
    const a = counter(registry, 'visor_things_total', 'things', ['kind']);
    const b = counter(registry, 'visor_things_total', 'things', ['kind']);
    expect(a).toBe(b);
  });

  test('default metrics are collected', async () => {
    const registry = createRegistry({ serviceName: 'matching' });
    const text = await registry.metrics();
    expect(text).toContain('process_cpu_user_seconds_total{service="matching"}');
  });
});
