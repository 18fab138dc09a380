// Converts the human-models targets, runs dataset images through tfjs (CPU, pure JS) and onnxruntime (CPU, one
// thread), and prints one JSON line per model: op inventory, conversion time, ONNX size, agreement, latency.
// Usage: node packages/model-convert/src/tfjs-graph/report.ts [--images N] [--runs N] [--tfjs-runs N] [model...]
import path from 'node:path';
import { parseArgs } from 'node:util';
import { datasetsDir } from '@visor/testkit';
import { agreement, datasetImages, imageInput, topK } from './compare.ts';
import { convertLoadedModel } from './convert.ts';
import { loadModelJson } from './model-json.ts';
import { humanModelPath, type TfjsGraphTargetName, tfjsGraphTargets } from './targets.ts';
import { loadTfjsReference } from './tfjs-reference.ts';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2
    ? (s[(s.length - 1) / 2] as number)
    : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      images: { type: 'string', default: '8' },
      runs: { type: 'string', default: '50' },
      'tfjs-runs': { type: 'string', default: '10' },
      datasets: { type: 'string', default: datasetsDir },
    },
  });
  const ort = await import('onnxruntime-node');
  const names = (positionals.length ? positionals : Object.keys(tfjsGraphTargets)) as TfjsGraphTargetName[];
  const images = await datasetImages(path.join(values.datasets, 'faces-dev'), Number(values.images));
  for (const name of names) {
    const target = tfjsGraphTargets[name];
    if (!target) throw new Error(`unknown model ${name}`);
    const file = humanModelPath(target.file);
    const t0 = performance.now();
    const loaded = await loadModelJson(file);
    const converted = convertLoadedModel(loaded, {}, file);
    const convertMs = performance.now() - t0;
    const session = await ort.InferenceSession.create(converted.bytes, {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
    });
    const ref = await loadTfjsReference(loaded);
    const worst: Record<string, { maxAbsDiff: number; maxRelToRange: number; minCosine: number }> = {};
    let topkMismatches = 0;
    let lastInput: { data: Float32Array; shape: number[] } | undefined;
    for (const img of images) {
      const input = await imageInput(img, target);
      lastInput = input;
      const expected = await ref.run(input.data, input.shape);
      const feeds = { [converted.inputs[0]?.name as string]: new ort.Tensor('float32', input.data, input.shape) };
      const got = await session.run(feeds);
      for (const out of converted.outputs) {
        const e = expected[out.name];
        const g = got[out.name];
        if (!e || !g)
          throw new Error(`${name}: output ${out.name} missing (tfjs has ${Object.keys(expected).join(',')})`);
        const a = agreement(g.data as Float32Array, e.data);
        const w = worst[out.name] ?? { maxAbsDiff: 0, maxRelToRange: 0, minCosine: 1 };
        worst[out.name] = {
          maxAbsDiff: Math.max(w.maxAbsDiff, a.maxAbsDiff),
          maxRelToRange: Math.max(w.maxRelToRange, a.maxRelToRange),
          minCosine: Math.min(w.minCosine, a.cosine),
        };
        const cols = e.shape[e.shape.length - 1] as number;
        if (e.shape.length === 3 && e.shape[1] !== undefined && e.shape[1] > 100) {
          const k = 10;
          const same = topK(g.data as Float32Array, cols, 0, k).join() === topK(e.data, cols, 0, k).join();
          if (!same) topkMismatches++;
        }
      }
    }
    if (!lastInput) throw new Error('no images');
    const input = lastInput;
    const feeds = { [converted.inputs[0]?.name as string]: new ort.Tensor('float32', input.data, input.shape) };
    await session.run(feeds);
    // Wall time and process CPU time per run: on a shared machine the CPU time is the steadier of the two.
    const measure = async (runs: number, fn: () => Promise<unknown>) => {
      const wall: number[] = [];
      const cpu: number[] = [];
      for (let i = 0; i < runs; i++) {
        const c = process.cpuUsage();
        const s = performance.now();
        await fn();
        wall.push(performance.now() - s);
        const d = process.cpuUsage(c);
        cpu.push((d.user + d.system) / 1000);
      }
      return { wall: median(wall), cpu: median(cpu), runs };
    };
    const ort1 = await measure(Number(values.runs), () => session.run(feeds));
    await ref.run(input.data, input.shape);
    const tfjs1 = await measure(Number(values['tfjs-runs']), () => ref.run(input.data, input.shape));
    ref.dispose();
    await session.release();
    console.log(
      JSON.stringify({
        model: name,
        ops: converted.opCounts,
        convertMs: Math.round(convertMs),
        onnxBytes: converted.bytes.length,
        outputs: converted.outputs.map((o) => `${o.name}[${o.shape.join(',')}]`),
        images: images.length,
        agreement: worst,
        top10AnchorMismatches: topkMismatches,
        ortWallMedianMs: Number(ort1.wall.toFixed(2)),
        ortCpuMedianMs: Number(ort1.cpu.toFixed(2)),
        ortRuns: ort1.runs,
        tfjsWallMedianMs: Number(tfjs1.wall.toFixed(2)),
        tfjsCpuMedianMs: Number(tfjs1.cpu.toFixed(2)),
        tfjsRuns: tfjs1.runs,
        speedupWall: Number((tfjs1.wall / ort1.wall).toFixed(1)),
        speedupCpu: Number((tfjs1.cpu / ort1.cpu).toFixed(1)),
      }),
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
