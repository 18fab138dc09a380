import { createRegistry, durationHistogram, type VisorError } from '@visor/runtime';
import type { Face, Pipeline, RgbImage } from '@visor/vision';
import { createDetection, type DetectionDeps } from '../src/detection.ts';

const chip: RgbImage = { data: new Uint8Array(4 * 4 * 3).fill(100), width: 4, height: 4 };

function faceAt(x: number, size: number, score = 0.9): Face {
  const at = (fx: number, fy: number) => ({ x: x + fx * size, y: 10 + fy * size });
  return {
    box: { x, y: 10, width: size, height: size },
    score,
    landmarks: {
      rightEye: at(0.3, 0.35),
      leftEye: at(0.7, 0.35),
      noseTip: at(0.5, 0.55),
      mouth: at(0.5, 0.75),
      rightEar: at(0.05, 0.4),
      leftEar: at(0.95, 0.4),
    },
  };
}

function deps(faces: Face[], over: Partial<DetectionDeps> = {}) {
  const calls: Array<Record<string, unknown>> = [];
  const pipeline: Pick<Pipeline, 'decode' | 'detect' | 'align'> = {
    decode: async (bytes) =>
      bytes[0] === 0xff
        ? { ok: true, value: { data: new Uint8Array(300 * 200 * 3), width: 300, height: 200, format: 'jpeg' } }
        : { ok: false, code: 'unsupported_image', message: 'not an image' },
    detect: async (_img, options) => {
      calls.push({ ...options });
      return faces;
    },
    align: () => ({ image: chip, toChip: [1, 0, 0, 0, 1, 0] }),
  };
  const registry = createRegistry({ defaultMetrics: false });
  const stages = durationHistogram(registry, 'stage_seconds', 'stages', ['stage']);
  const d: DetectionDeps = {
    pipeline,
    chipSize: 4,
    maxImageBytes: 1000,
    defaults: { minFacePx: 20, maxFaces: 10 },
    quality: {
      minFacePx: 80,
      minSharpness: 0.3,
      maxPoseDeg: 30,
      minBrightness: 0.15,
      maxBrightness: 0.9,
      maxCropped: 0.1,
    },
    stages,
    ...over,
  };
  return { deps: d, calls, registry };
}

const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0]);

test('faces come back largest first (ties by score) with crops, and every stage is timed', async () => {
  const { deps: d, registry } = deps([faceAt(0, 50, 0.8), faceAt(100, 90), faceAt(200, 50, 0.95)]);
  const r = await createDetection(d).detect({ image: { inline: jpeg } });
  expect(r.faces.map((f) => [f.box.width, f.score])).toEqual([
    [90, 0.9],
    [50, 0.95],
    [50, 0.8],
  ]);
  expect(r.faces[0].crop).toBe(chip);
  expect([r.width, r.height]).toEqual([300, 200]);
  const text = await registry.metrics();
  for (const stage of ['decode', 'detect', 'align']) expect(text).toContain(`stage_seconds_count{stage="${stage}"} 1`);
});

test('zero options take the service defaults; explicit ones pass through', async () => {
  const { deps: d, calls } = deps([]);
  const detection = createDetection(d);
  await detection.detect({ image: { inline: jpeg }, minFacePx: 0, maxFaces: 0 });
  await detection.detect({ image: { inline: jpeg }, mode: 'group', minFacePx: 40, maxFaces: 2 });
  expect(calls).toEqual([
    { mode: 'auto', minFacePx: 20, maxFaces: 10 },
    { mode: 'group', minFacePx: 40, maxFaces: 2 },
  ]);
});

test('alignment transform and none leave the crop out', async () => {
  const { deps: d } = deps([faceAt(0, 90)]);
  const detection = createDetection(d);
  const t = await detection.detect({ image: { inline: jpeg }, alignment: 'transform' });
  expect(t.faces[0].crop).toBeUndefined();
  expect(t.faces[0].transform).toEqual({ matrix: [1, 0, 0, 0, 1, 0], size: 4 });
  const n = await detection.detect({ image: { inline: jpeg }, alignment: 'none' });
  expect(n.faces[0].crop ?? n.faces[0].transform).toBeUndefined();
});

test('decode failures, oversize inputs and object references map to their codes', async () => {
  const code = (p: Promise<unknown>) =>
    p.then(
      () => 'ok',
      (e: VisorError) => e.code,
    );
  const { deps: d } = deps([]);
  const plain = createDetection(d);
  expect(await code(plain.detect({ image: { inline: new Uint8Array([1, 2, 3]) } }))).toBe('unsupported_image');
  expect(await code(plain.detect({ image: { inline: new Uint8Array(1001).fill(0xff) } }))).toBe('image_too_large');
  expect(await code(plain.detect({ image: { gcsObjectKey: 'a.jpg' } }))).toBe('invalid_argument');

  const objects = async (key: string) => (key === 'tenants/t/a.jpg' ? jpeg : undefined);
  const withStore = createDetection({ ...d, objects });
  expect(await code(withStore.detect({ image: { gcsObjectKey: 'tenants/t/a.jpg' } }))).toBe('ok');
  expect(await code(withStore.detect({ image: { gcsObjectKey: 'tenants/t/missing.jpg' } }))).toBe('not_found');
  expect(await code(withStore.detect({ image: { gcsObjectKey: '../etc/passwd' } }))).toBe('invalid_argument');
});
