import { c1Breakdown, metricSum } from '../src/breakdown.ts';

const exposition = (detect: number, embed: number, handling: number) => `
# HELP visor_stage_seconds Time spent per pipeline stage
# TYPE visor_stage_seconds histogram
visor_stage_seconds_bucket{le="0.01",stage="detect"} 3
visor_stage_seconds_sum{stage="detect"} ${detect}
visor_stage_seconds_count{stage="detect"} 10
visor_stage_seconds_sum{stage="embed"} ${embed}
visor_stage_seconds_sum_total{stage="detect"} 99
grpc_server_handling_seconds_sum{grpc_service="visor.v1.DetectionService",grpc_method="Detect",grpc_code="OK"} ${handling}
grpc_server_handling_seconds_sum{grpc_service="visor.v1.DetectionService",grpc_method="Detect",grpc_code="INVALID_ARGUMENT"} 1
grpc_server_handling_seconds_sum{grpc_service="grpc.health.v1.Health",grpc_method="Check",grpc_code="OK"} 5
`;

describe('metricSum', () => {
  it('adds the samples of one name whose labels include the filter, and nothing of longer names', () => {
    const text = exposition(0.25, 0.5, 2);
    expect(metricSum(text, 'visor_stage_seconds_sum', { stage: 'detect' })).toBe(0.25);
    expect(metricSum(text, 'visor_stage_seconds_sum')).toBe(0.75);
    expect(metricSum(text, 'grpc_server_handling_seconds_sum', { grpc_method: 'Detect' })).toBe(3);
    expect(metricSum(text, 'grpc_server_handling_seconds_sum', { grpc_method: 'Detect', grpc_code: 'OK' })).toBe(2);
    expect(metricSum(text, 'visor_stage_seconds_sum', { stage: 'align' })).toBe(0);
    expect(metricSum(text, 'visor_stage_seconds')).toBe(0);
  });
});

describe('c1Breakdown', () => {
  const stages = (o: { decode: number; detect: number; align: number; embed?: number; batchWait?: number }) =>
    [
      `visor_stage_seconds_sum{stage="decode"} ${o.decode}`,
      `visor_stage_seconds_sum{stage="detect"} ${o.detect}`,
      `visor_stage_seconds_sum{stage="align"} ${o.align}`,
      `visor_stage_seconds_sum{stage="embed"} ${o.embed ?? 0}`,
      `visor_stage_seconds_sum{stage="batch_wait"} ${o.batchWait ?? 0}`,
    ].join('\n');
  const handling = (method: string, seconds: number) =>
    `grpc_server_handling_seconds_sum{grpc_service="s",grpc_method="${method}",grpc_code="OK"} ${seconds}`;

  it('splits services minus in-process into slower stages, handler time and transport, per image', () => {
    // 10 images. In-process: 5 + 15 + 1 + 17 = 38 ms per image.
    const raw = { decode: 50, detect: 150, align: 10, embed: 170 };
    // Detection grew by 0.052 + 0.152 + 0.011 s of stages and 0.225 s of Detect handling; the client saw 0.24 s.
    const detection = {
      before: `${stages({ decode: 1, detect: 2, align: 3 })}\n${handling('Detect', 10)}`,
      after: `${stages({ decode: 1.052, detect: 2.152, align: 3.011 })}\n${handling('Detect', 10.225)}`,
      clientMs: 240,
    };
    // Embedding grew by 0.175 s of embed and 0.185 s of Embed handling; the client saw 0.2 s.
    const embedding = {
      before: `${stages({ decode: 0, detect: 0, align: 0, embed: 4 })}\n${handling('Embed', 7)}`,
      after: `${stages({ decode: 0, detect: 0, align: 0, embed: 4.175, batchWait: 0.001 })}\n${handling('Embed', 7.185)}`,
      clientMs: 200,
    };
    const b = c1Breakdown({ images: 10, raw, detection, embedding });
    expect(b.raw).toEqual({ decode: 5, detect: 15, align: 1, embed: 17, total: 38 });
    expect(b.services.detect_call).toEqual({ client: 24, server: 22.5, decode: 5.2, detect: 15.2, align: 1.1 });
    expect(b.services.embed_call).toEqual({ client: 20, server: 18.5, embed: 17.5, batch_wait: 0.1 });
    expect(b.services.total).toBe(44);
    // Stages: 5.2 + 15.2 + 1.1 + 17.5 − 38 = 1; handlers: 22.5 + 18.5 − 39 = 2; transport: 1.5 + 1.5 = 3.
    expect(b.overhead).toEqual({ stages: 1, handlers: 2, transport: 3 });
    expect(b.overhead.stages + b.overhead.handlers + b.overhead.transport).toBeCloseTo(
      b.services.total - b.raw.total,
      9,
    );
  });
});
