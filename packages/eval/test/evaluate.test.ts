// The evaluation runner over a tiny on-disk dataset with a fake pipeline (unit test: the real pipeline is covered
// in packages/vision/test/pipeline.test.ts).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadRegistry, resolveModel } from '@visor/models';
import { DLIB_CHIP, type Face, type Pipeline, type RgbImage } from '@visor/vision';
import { parseSplit, partOf, servingMismatch } from '../src/calibrate.ts';
import { evaluate } from '../src/evaluate.ts';

/** Files are named `<identity>-<n>-<faces>`; the fake embeds every image of an identity to the same unit vector. */
function fakePipeline(seen: { width: number; height: number }[] = []): Pipeline {
  const axis = new Map<string, number>();
  const vec = (identity: string) => {
    if (!axis.has(identity)) axis.set(identity, axis.size);
    const v = new Float32Array(8);
    v[axis.get(identity) as number] = 1;
    return v;
  };
  let current = '';
  const face: Face = {
    box: { x: 0, y: 0, width: 10, height: 10 },
    score: 0.9,
    landmarks: {
      rightEye: { x: 3, y: 3 },
      leftEye: { x: 7, y: 3 },
      noseTip: { x: 5, y: 5 },
      mouth: { x: 5, y: 8 },
      rightEar: { x: 0, y: 4 },
      leftEar: { x: 10, y: 4 },
    },
  };
  return {
    async decode(bytes: Uint8Array) {
      current = Buffer.from(bytes).toString();
      return { ok: true, value: { data: new Uint8Array(4 * 2 * 3), width: 4, height: 2, format: 'png' } } as const;
    },
    async detect(image: RgbImage) {
      seen.push({ width: image.width, height: image.height });
      const n = Number(current.split('-')[2]);
      return Array.from({ length: n }, () => face);
    },
    align: (image: RgbImage) => ({ image, toChip: [1, 0, 0, 0, 1, 0] }),
    async embed() {
      return [vec(current.split('-')[0])];
    },
    embedderSpec: { size: 1, layout: 'nhwc', mean: [0, 0, 0], scale: 1, dim: 8 },
    chipSpec: { size: 1, padding: 0.25, points: 'eyes-mouth' },
    process: async () => {
      throw new Error('unused');
    },
    processImage: async () => {
      throw new Error('unused');
    },
    close: async () => {},
  };
}

describe('evaluate', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'visor-eval-'));
    const files = ['ann-1-1', 'ann-2-1', 'ann-3-0', 'bob-1-1', 'bob-2-1', 'cy-1-1', 'group-1-3'];
    for (const f of files) await writeFile(path.join(dir, f), f);
    const identity = (f: string) => (f.startsWith('group') ? '' : f.split('-')[0]);
    const labelled = (f: string) => (f === 'group-1-3' ? '4' : f.split('-')[2] === '0' ? '1' : '1');
    await writeFile(
      path.join(dir, 'labels.csv'),
      `file,identity,faces\n${files.map((f) => `${f},${identity(f)},${labelled(f)}`).join('\n')}\n`,
    );
    const pairs = [
      ['ann-1-1', 'ann-2-1', 1],
      ['ann-1-1', 'ann-3-0', 1],
      ['bob-1-1', 'bob-2-1', 1],
      ['ann-1-1', 'bob-1-1', 0],
      ['ann-2-1', 'cy-1-1', 0],
      ['bob-2-1', 'cy-1-1', 0],
    ];
    await writeFile(path.join(dir, 'pairs.csv'), `a,b,same\n${pairs.map((p) => p.join(',')).join('\n')}\n`);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reports detection, verification and identification with faceless images counted as failures', async () => {
    const r = await evaluate({ datasetDir: dir, pipeline: fakePipeline(), model: 'fake@1', folds: 2 });
    expect(r.model).toBe('fake@1');
    // ann-3 has no face (expected 1), the group photo has 3 of 4.
    expect(r.detection).toEqual({
      images: 7,
      faces_expected: 10,
      faces_found: 8,
      recall: 0.8,
      images_without_face: 1,
      images_exact_count: 5,
    });
    expect(r.verification.pairs).toBe(6);
    expect(r.verification.pairs_without_face).toBe(1);
    // Genuine pairs with faces score 1, impostors 0, the faceless genuine pair −1: AUC = (2·3 + 0) / (3·3).
    expect(r.verification.auc).toBeCloseTo(6 / 9, 5);
    // Gallery: first image of ann, bob, cy; probes: ann-2 (hit), ann-3 (no face → miss), bob-2 (hit).
    expect(r.identification).toEqual({ gallery: 3, probes: 3, rank1: 0.6667 });
    expect(r.lfw_protocol).toBeUndefined();
    expect(r.settings).not.toHaveProperty('scale');
  });

  it('shrinks every image by --scale before detection, and says so', async () => {
    const seen: { width: number; height: number }[] = [];
    const r = await evaluate({ datasetDir: dir, pipeline: fakePipeline(seen), model: 'fake@1', folds: 2, scale: 0.5 });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((s) => s.width === 2 && s.height === 1)).toBe(true);
    expect(r.settings.scale).toBe(0.5);
    await expect(evaluate({ datasetDir: dir, pipeline: fakePipeline(), model: 'fake@1', scale: 0 })).rejects.toThrow(
      RangeError,
    );
  });
});

describe('identity split', () => {
  it('is deterministic, covers every part and depends on the seed', () => {
    const names = Array.from({ length: 200 }, (_, i) => `Person_${i}`);
    const s = parseSplit('1/2', 0);
    const parts = names.map((n) => partOf(n, s));
    expect(names.map((n) => partOf(n, s))).toEqual(parts);
    expect(new Set(parts)).toEqual(new Set([1, 2]));
    const other = names.map((n) => partOf(n, parseSplit('1/2', 7)));
    expect(other).not.toEqual(parts);
    expect(() => parseSplit('3/2')).toThrow();
  });
});

describe('servingMismatch', () => {
  const entry = resolveModel('embedder', 'faceapi-resnet@1', loadRegistry());
  const declared = entry.alignment?.points ?? DLIB_CHIP.points;
  const serving = { alignment: 'template' as const, align_points: declared, flip: entry.flipFusion === true };

  test('accepts the settings the services use', () => {
    expect(servingMismatch('faceapi-resnet@1', serving)).toBeUndefined();
  });

  test('names the setting that differs from serving', () => {
    const other = declared === 'eyes-mouth' ? 'eyes' : 'eyes-mouth';
    expect(servingMismatch('faceapi-resnet@1', { ...serving, align_points: other })).toMatch(/--align-points/);
    expect(servingMismatch('faceapi-resnet@1', { ...serving, flip: !serving.flip })).toMatch(/flipFusion/);
    expect(servingMismatch('faceapi-resnet@1', { ...serving, alignment: 'box' })).toMatch(/--alignment box/);
  });
});
