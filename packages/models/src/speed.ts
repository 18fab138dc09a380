// Single-thread ONNX Runtime inference time per registry model: median (and p10/p90) wall time, and median process
// CPU time, of N runs on one input of the model's documented shape (batch 1), after a warm-up. Prints JSON.
// Models must be built first (./visor models build).
//   node packages/models/src/speed.ts [--runs 200] [--warmup 20] [--batch 1] [name@version ...]
// --batch N applies to models with a dynamic batch; perImageMedianMs = medianMs / N.
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import { loadRegistry, modelId, modelPath } from './index.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '20' },
    batch: { type: 'string', default: '1' },
  },
});
const runs = Number(values.runs);
const warmup = Number(values.warmup);
const batch = Number(values.batch);
const registry = loadRegistry();
const entries = positionals.length ? registry.models.filter((m) => positionals.includes(modelId(m))) : registry.models;

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
const results = [];
for (const entry of entries) {
  const session = await ort.InferenceSession.create(modelPath(entry), {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3,
  });
  const dims = entry.input.shape.map((d) => (typeof d === 'number' ? d : batch));
  const n = typeof entry.input.shape[0] === 'number' ? entry.input.shape[0] : batch;
  const size = dims.reduce((a, b) => a * b, 1);
  // A deterministic, image-like input inside the documented range.
  const [lo, hi] = entry.input.range;
  const data = new Float32Array(size);
  for (let i = 0; i < size; i++) data[i] = lo + ((i * 2654435761) % 256) * ((hi - lo) / 255);
  const feeds = { [entry.input.name]: new ort.Tensor('float32', data, dims) };
  for (let i = 0; i < warmup; i++) await session.run(feeds);
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await session.run(feeds);
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  results.push({
    model: modelId(entry),
    input: dims,
    runs,
    medianMs: Number(quantile(times, 0.5).toFixed(2)),
    p10Ms: Number(quantile(times, 0.1).toFixed(2)),
    p90Ms: Number(quantile(times, 0.9).toFixed(2)),
    perImageMedianMs: Number((quantile(times, 0.5) / n).toFixed(2)),
    // CPU time of the process per run: close to the compute cost even when other jobs contend for the cores.
    cpuMedianMs: Number(quantile(cpu, 0.5).toFixed(2)),
    perImageCpuMedianMs: Number((quantile(cpu, 0.5) / n).toFixed(2)),
  });
  await session.release();
}
const loadavg = (await import('node:os')).loadavg().map((x) => Number(x.toFixed(2)));
process.stdout.write(`${JSON.stringify({ ort: ort.env.versions.common, threads: 1, loadavg, results })}\n`);
