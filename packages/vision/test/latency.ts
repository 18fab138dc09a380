// Single-request latency of the in-process pipeline on one 640×480 single-face JPEG (faces-dev's obama.jpg,
// resized), one ORT thread: median of N runs per step, JSON on stdout. The service-level benchmark with ratios is
// `./visor bench pipeline`; this isolates the vision steps.
// Usage: node packages/vision/test/latency.ts [runs]   (a script, not a jest suite)
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { datasetPath } from '@visor/testkit';
import sharp from 'sharp';
import { alignFace, createFaceMesh, createPipeline, DLIB_CHIP, type Face, type RgbImage } from '../src/index.ts';
import { detectorFiles, embedderFile, meshFile } from './models.ts';

const runs = Number(process.argv[2] ?? 50);
const dir = datasetPath('faces-dev');
if (!dir) process.exit(0);
const pipeline = await createPipeline({
  detector: detectorFiles(),
  embedder: embedderFile(),
  ortOptions: { intraOpNumThreads: 1 },
});
// The face mesh (mesh68 alignment) timed on its own: its cost is added to detection when the chip uses it.
const mesher = await createFaceMesh(meshFile(), {
  intraOpNumThreads: 1,
});
const jpeg = await sharp(path.join(dir, 'images/facerec_obama.jpg'))
  .resize(640, 480, { fit: 'cover' })
  .jpeg({ quality: 90 })
  .toBuffer();

const samples: Record<string, number[]> = {};
async function time<T>(name: string, f: () => Promise<T> | T): Promise<T> {
  const t = performance.now();
  const r = await f();
  const list = samples[name] ?? [];
  list.push(performance.now() - t);
  samples[name] = list;
  return r;
}

for (let i = 0; i < runs + 5; i++) {
  if (i === 5) for (const k of Object.keys(samples)) samples[k] = []; // warm-up runs are not measured
  const decoded = await time('decode', () => pipeline.decode(jpeg));
  if (!decoded.ok) throw new Error(decoded.message);
  const image: RgbImage = decoded.value;
  const faces: Face[] = await time('detect_selfie', () => pipeline.detect(image, { mode: 'selfie' }));
  await time('detect_auto', () => pipeline.detect(image, { mode: 'auto' }));
  const chip = await time('align', () => pipeline.align(image, faces[0]).image);
  const mesh = await time('mesh', () => mesher.landmarks(image, faces[0]));
  await time('align_mesh68', () =>
    alignFace(image, faces[0].landmarks, { ...DLIB_CHIP, points: 'mesh68' }, mesh?.points),
  );
  await time('embed', () => pipeline.embed([chip]));
  await time('embed_flip', () => pipeline.embed([chip], { flip: true }));
  await time('total_selfie', () => pipeline.process(jpeg, { mode: 'selfie', maxFaces: 1 }));
  await time('total_auto_flip', () => pipeline.process(jpeg, { mode: 'auto', maxFaces: 1, flip: true }));
}
await pipeline.close();
await mesher.close();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const out: Record<string, number> = {};
for (const [k, v] of Object.entries(samples)) out[`${k}_p50_ms`] = Math.round(median(v) * 100) / 100;
process.stdout.write(`${JSON.stringify({ image: '640x480 jpeg, 1 face', runs, ...out }, null, 2)}\n`);
