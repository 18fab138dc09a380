// Single-request latency of the in-process pipeline on one 640×480 single-face JPEG (faces-dev's obama.jpg,
// resized), one ORT thread: median wall time and mean CPU time of N runs per step, JSON on stdout. `total_served`
// is what the services do per selfie: selfie detector, the default embedder's registry alignment (face mesh fit)
// and flip fusion. The service-level benchmark with ratios is `./visor bench pipeline`; this isolates the steps.
// Usage: node packages/vision/test/latency.ts [runs]   (a script, not a jest suite)
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { alignmentOf, loadRegistry, resolveModel } from '@visor/models';
import { datasetPath } from '@visor/testkit';
import sharp from 'sharp';
import { createFaceMesh, createPipeline, DLIB_CHIP, type Face, type RgbImage } from '../src/index.ts';
import { detectorFiles, embedderFile, meshFile } from './models.ts';

const runs = Number(process.argv[2] ?? 50);
const dir = datasetPath('faces-dev');
if (!dir) process.exit(0);
const registry = loadRegistry();
const embedderEntry = resolveModel('embedder', undefined, registry);
const served = {
  points: alignmentOf(embedderEntry, registry)?.points ?? DLIB_CHIP.points,
  flip: embedderEntry.flipFusion === true,
};
const ortOptions = { intraOpNumThreads: 1 };
// The plain pipeline: detector keypoints only, for the per-step figures and the pre-mesh baseline.
const pipeline = await createPipeline({ detector: detectorFiles(), embedder: embedderFile(), ortOptions });
const servedPipeline = await createPipeline({
  detector: detectorFiles(),
  embedder: embedderFile(),
  ortOptions,
  chip: { ...DLIB_CHIP, points: served.points },
  mesh: { path: meshFile() },
  flip: served.flip,
});
const mesher = await createFaceMesh(meshFile(), ortOptions);
const jpeg = await sharp(path.join(dir, 'images/facerec_obama.jpg'))
  .resize(640, 480, { fit: 'cover' })
  .jpeg({ quality: 90 })
  .toBuffer();

const wall: Record<string, number[]> = {};
const cpu: Record<string, number[]> = {};
async function time<T>(name: string, f: () => Promise<T> | T): Promise<T> {
  const c = process.cpuUsage();
  const t = performance.now();
  const r = await f();
  const elapsed = performance.now() - t;
  const used = process.cpuUsage(c);
  wall[name] = [...(wall[name] ?? []), elapsed];
  cpu[name] = [...(cpu[name] ?? []), (used.user + used.system) / 1000];
  return r;
}

for (let i = 0; i < runs + 5; i++) {
  if (i === 5) {
    // warm-up runs are not measured
    for (const k of Object.keys(wall)) wall[k] = [];
    for (const k of Object.keys(cpu)) cpu[k] = [];
  }
  const decoded = await time('decode', () => pipeline.decode(jpeg));
  if (!decoded.ok) throw new Error(decoded.message);
  const image: RgbImage = decoded.value;
  const faces: Face[] = await time('detect_selfie', () => pipeline.detect(image, { mode: 'selfie' }));
  await time('detect_auto', () => pipeline.detect(image, { mode: 'auto' }));
  const chip = await time('align', () => pipeline.align(image, faces[0]).image);
  await time('mesh', () => mesher.landmarks(image, faces[0]));
  await time('embed', () => pipeline.embed([chip]));
  await time('embed_flip', () => pipeline.embed([chip], { flip: true }));
  await time('total_selfie_keypoints_no_flip', () => pipeline.process(jpeg, { mode: 'selfie', maxFaces: 1 }));
  await time('total_served', () => servedPipeline.process(jpeg, { mode: 'selfie', maxFaces: 1 }));
}
await pipeline.close();
await servedPipeline.close();
await mesher.close();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const round = (x: number) => Math.round(x * 100) / 100;
const out: Record<string, number> = {};
for (const [k, v] of Object.entries(wall)) out[`${k}_p50_ms`] = round(median(v));
for (const [k, v] of Object.entries(cpu)) out[`${k}_cpu_mean_ms`] = round(mean(v));
process.stdout.write(`${JSON.stringify({ image: '640x480 jpeg, 1 face', runs, served, ...out }, null, 2)}\n`);
