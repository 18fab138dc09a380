// Mesh alignment: the MediaPipe → dlib-68 correspondence, the least-squares fit onto dlib's mean face, the mesh crop,
// and (with faces-dev) the real mesh model's points against the detector's keypoints.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describeWithDataset } from '@visor/testkit';
import {
  alignFace,
  applyAffine,
  chipTargets,
  createDetector,
  createFaceMesh,
  DLIB_CHIP,
  DLIB_MEAN_FACE,
  decodeImage,
  dlibIndices,
  dlibMeanFace,
  type Face,
  MESH_TO_DLIB68,
  meshCrop,
  meshToDlib,
  type Point,
} from '../src/index.ts';
import { detectorFiles, meshFile } from './models.ts';

const mean = (ps: Point[]): Point => ({
  x: ps.reduce((s, p) => s + p.x, 0) / ps.length,
  y: ps.reduce((s, p) => s + p.y, 0) / ps.length,
});

describe('MESH_TO_DLIB68', () => {
  it('maps every dlib landmark 17–67 to a distinct mesh vertex', () => {
    const keys = Object.keys(MESH_TO_DLIB68).map(Number);
    expect(keys.sort((a, b) => a - b)).toEqual(dlibIndices('mesh68'));
    const vertices = Object.values(MESH_TO_DLIB68);
    expect(new Set(vertices).size).toBe(51);
    for (const v of vertices) expect(v >= 0 && v < 468).toBe(true);
  });

  it('has dlib-68 point sets: all of 17–67, or without brows and lower lip', () => {
    expect(dlibIndices('mesh68')).toHaveLength(51);
    const core = dlibIndices('mesh68-core');
    expect(core).toHaveLength(33);
    for (const i of [17, 26, 55, 59, 65, 67]) expect(core).not.toContain(i);
    for (const i of [27, 36, 47, 48, 54, 60, 64]) expect(core).toContain(i);
  });

  it("reads dlib's mean face consistently with the keypoint template (eye and mouth centres)", () => {
    const eye = mean([36, 37, 38, 39, 40, 41].map(dlibMeanFace));
    expect(eye.x).toBeCloseTo(DLIB_MEAN_FACE.rightEye.x, 5);
    expect(eye.y).toBeCloseTo(DLIB_MEAN_FACE.rightEye.y, 5);
    const mouth = mean(Array.from({ length: 20 }, (_, k) => dlibMeanFace(48 + k)));
    expect(mouth.x).toBeCloseTo(DLIB_MEAN_FACE.mouth.x, 5);
    expect(mouth.y).toBeCloseTo(DLIB_MEAN_FACE.mouth.y, 5);
    expect(() => dlibMeanFace(16)).toThrow(RangeError);
  });
});

/** A synthetic 468-point mesh whose dlib vertices sit on the mean face under `toSource` (others: far away). */
function syntheticMesh(toSource: (p: Point) => Point, noise = 0): Point[] {
  const mesh: Point[] = Array.from({ length: 468 }, () => ({ x: 1e6, y: -1e6 }));
  const targets = chipTargets({ ...DLIB_CHIP, points: 'mesh68' });
  dlibIndices('mesh68').forEach((i, k) => {
    const q = toSource(targets[k]);
    const jitter = noise * Math.sin(i * 12.9898);
    mesh[MESH_TO_DLIB68[i]] = { x: q.x + jitter, y: q.y - jitter };
  });
  return mesh;
}

const blank = { data: new Uint8Array(400 * 400 * 3), width: 400, height: 400 };
const someLandmarks: Face['landmarks'] = {
  rightEye: { x: 150, y: 150 },
  leftEye: { x: 250, y: 150 },
  noseTip: { x: 200, y: 200 },
  mouth: { x: 200, y: 250 },
  rightEar: { x: 100, y: 170 },
  leftEar: { x: 300, y: 170 },
};

describe('alignFace with mesh points', () => {
  // chip → source: scale 1.3, rotation 0.25 rad, shift (80, 40)
  const s = 1.3;
  const th = 0.25;
  const toSource = (p: Point): Point => ({
    x: s * Math.cos(th) * p.x - s * Math.sin(th) * p.y + 80,
    y: s * Math.sin(th) * p.x + s * Math.cos(th) * p.y + 40,
  });

  for (const points of ['mesh68', 'mesh68-core'] as const) {
    it(`${points}: recovers the exact similarity when the mesh is the mean face moved by one`, () => {
      const mesh = syntheticMesh(toSource);
      const { toChip } = alignFace(blank, someLandmarks, { ...DLIB_CHIP, points }, mesh);
      const targets = chipTargets({ ...DLIB_CHIP, points });
      meshToDlib(mesh, dlibIndices(points)).forEach((p, k) => {
        const q = applyAffine(toChip, p);
        expect(q.x).toBeCloseTo(targets[k].x, 6);
        expect(q.y).toBeCloseTo(targets[k].y, 6);
      });
    });
  }

  it('is a least-squares fit over all the points (residuals sum to zero) when they are noisy', () => {
    const mesh = syntheticMesh(toSource, 3);
    const spec = { ...DLIB_CHIP, points: 'mesh68' as const };
    const { toChip } = alignFace(blank, someLandmarks, spec, mesh);
    const targets = chipTargets(spec);
    let rx = 0;
    let ry = 0;
    meshToDlib(mesh, dlibIndices('mesh68')).forEach((p, k) => {
      const q = applyAffine(toChip, p);
      rx += q.x - targets[k].x;
      ry += q.y - targets[k].y;
      // Noise of ±3 source px is ±2.3 chip px at this scale; the fit keeps each point within it.
      expect(Math.hypot(q.x - targets[k].x, q.y - targets[k].y)).toBeLessThan(4);
    });
    expect(rx).toBeCloseTo(0, 6);
    expect(ry).toBeCloseTo(0, 6);
  });

  it('falls back to the eyes and mouth when the face has no mesh', () => {
    const a = alignFace(blank, someLandmarks, { ...DLIB_CHIP, points: 'mesh68' });
    const b = alignFace(blank, someLandmarks, { ...DLIB_CHIP, points: 'eyes-mouth' });
    expect(a.toChip).toEqual(b.toChip);
  });
});

describe('meshCrop', () => {
  it('centres the crop on the box, 1.5 × its larger side, upright along the eye line', () => {
    const roll = 0.3;
    const face: Face = {
      box: { x: 100, y: 50, width: 80, height: 100 },
      score: 0.9,
      landmarks: {
        ...someLandmarks,
        rightEye: { x: 0, y: 0 },
        leftEye: { x: Math.cos(roll) * 40, y: Math.sin(roll) * 40 },
      },
    };
    const m = meshCrop(face, 192, 1.5);
    const c = applyAffine(m, { x: 96, y: 96 });
    expect(c.x).toBeCloseTo(140, 9);
    expect(c.y).toBeCloseTo(100, 9);
    const right = applyAffine(m, { x: 192, y: 96 });
    expect(Math.hypot(right.x - c.x, right.y - c.y)).toBeCloseTo(75, 9); // half of 1.5 × 100
    expect(Math.atan2(right.y - c.y, right.x - c.x)).toBeCloseTo(roll, 9);
  });
});

describeWithDataset('faces-dev', 'face mesh model on faces-dev', (dir) => {
  it('puts the dlib eye and mouth landmarks around the detector keypoints', async () => {
    const detector = await createDetector(detectorFiles());
    const mesher = await createFaceMesh(meshFile());
    try {
      const decoded = await decodeImage(new Uint8Array(await readFile(path.join(dir, 'images/facerec_obama.jpg'))));
      if (!decoded.ok) throw new Error(decoded.message);
      const [face] = await detector.detect(decoded.value);
      const m = await mesher.landmarks(decoded.value, face);
      expect(m).not.toBeNull();
      const pts = m?.points ?? [];
      expect(pts).toHaveLength(468);
      const { rightEye, leftEye, mouth } = face.landmarks;
      const iod = Math.hypot(leftEye.x - rightEye.x, leftEye.y - rightEye.y);
      const near = (p: Point, q: Point) => Math.hypot(p.x - q.x, p.y - q.y) / iod;
      const at = (idx: number[]) => mean(meshToDlib(pts, idx));
      expect(near(at([36, 37, 38, 39, 40, 41]), rightEye)).toBeLessThan(0.15);
      expect(near(at([42, 43, 44, 45, 46, 47]), leftEye)).toBeLessThan(0.15);
      expect(near(at([48, 54, 51, 57]), mouth)).toBeLessThan(0.2);
      // Eye corners span the eye: outer corner outside, inner corner inside the eye centres.
      expect(meshToDlib(pts, [36])[0].x).toBeLessThan(rightEye.x);
      expect(meshToDlib(pts, [45])[0].x).toBeGreaterThan(leftEye.x);
    } finally {
      await detector.close();
      await mesher.close();
    }
  }, 120_000);
});
