// MediaPipe face mesh (468 landmarks, Human's `facemesh` graph) on a BlazeFace detection, and the dlib 68-point
// landmarks read off it, so the chip can be fitted the way dlib fits it: a least-squares similarity over many
// landmarks onto dlib's mean face rather than over three or four keypoints.
import type { Face } from './detect.ts';
import { type Affine, applyAffine, type Point, type RgbImage, warpAffine } from './image.ts';
import { type OrtOptions, openSession, ort } from './ort.ts';

/** Side of the mesh model's square input. */
export const MESH_INPUT_SIZE = 192;
/**
 * The mesh crop's side as a multiple of the detector box's larger side. MediaPipe's face-landmark ROI scales the
 * detection rectangle by 1.5 (Human enlarges its own, slightly larger, detector box by 1.4); keijiro's BlazeFace box
 * is MediaPipe's.
 */
export const MESH_CROP_SCALE = 1.5;

/**
 * Mesh vertex for each dlib 68-point landmark 17–67 (the points dlib's `get_face_chip_details` fits; the jaw line
 * 0–16 is not used). The correspondence is the commonly used MediaPipe → iBUG-68 one: brows 17–26, nose bridge
 * 27–30 and base 31–35, eye contours 36–47 (corner, two upper-lid, corner, two lower-lid points), outer lips 48–59,
 * inner lips 60–67. Subject's right = image left for both.
 */
// biome-ignore format: one row per facial feature
export const MESH_TO_DLIB68: Readonly<Record<number, number>> = {
  17: 70, 18: 63, 19: 105, 20: 66, 21: 107,
  22: 336, 23: 296, 24: 334, 25: 293, 26: 300,
  27: 168, 28: 197, 29: 5, 30: 4,
  31: 98, 32: 97, 33: 2, 34: 326, 35: 327,
  36: 33, 37: 160, 38: 158, 39: 133, 40: 153, 41: 144,
  42: 362, 43: 385, 44: 387, 45: 263, 46: 373, 47: 380,
  48: 61, 49: 39, 50: 37, 51: 0, 52: 267, 53: 269, 54: 291, 55: 405, 56: 314, 57: 17, 58: 84, 59: 181,
  60: 78, 61: 82, 62: 13, 63: 312, 64: 308, 65: 317, 66: 14, 67: 87,
};

/** dlib interpolation.h: mean positions of landmarks 17–67 in the unit square (`mean_face_shape_x/_y`). */
const MEAN_X = [
  0.000213256, 0.0752622, 0.18113, 0.29077, 0.393397, 0.586856, 0.689483, 0.799124, 0.904991, 0.98004, 0.490127,
  0.490127, 0.490127, 0.490127, 0.36688, 0.426036, 0.490127, 0.554217, 0.613373, 0.121737, 0.187122, 0.265825, 0.334606,
  0.260918, 0.182743, 0.645647, 0.714428, 0.793132, 0.858516, 0.79751, 0.719335, 0.254149, 0.340985, 0.428858, 0.490127,
  0.551395, 0.639268, 0.726104, 0.642159, 0.556721, 0.490127, 0.423532, 0.338094, 0.290379, 0.428096, 0.490127,
  0.552157, 0.689874, 0.553364, 0.490127, 0.42689,
];
const MEAN_Y = [
  0.106454, 0.038915, 0.0187482, 0.0344891, 0.0773906, 0.0773906, 0.0344891, 0.0187482, 0.038915, 0.106454, 0.203352,
  0.307009, 0.409805, 0.515625, 0.587326, 0.609345, 0.628106, 0.609345, 0.587326, 0.216423, 0.178758, 0.179852,
  0.231733, 0.245099, 0.244077, 0.231733, 0.179852, 0.178758, 0.216423, 0.244077, 0.245099, 0.780233, 0.745405,
  0.727388, 0.742578, 0.727388, 0.745405, 0.780233, 0.864805, 0.902192, 0.909281, 0.902192, 0.864805, 0.784792,
  0.778746, 0.785343, 0.778746, 0.784792, 0.824182, 0.831803, 0.824182,
];

/** dlib's mean face position of 68-point landmark `i` (17 ≤ i ≤ 67), unit square. */
export function dlibMeanFace(i: number): Point {
  if (i < 17 || i > 67) throw new RangeError(`dlib's mean face covers landmarks 17–67, not ${i}`);
  return { x: MEAN_X[i - 17], y: MEAN_Y[i - 17] };
}

/**
 * Which dlib landmarks drive a mesh fit. `mesh68`: all of 17–67, dlib's whole mean-face template. `mesh68-core`:
 * without the brows (17–26) and the lower lip (55–59, 65–67), which dlib's current `get_face_chip_details` skips as
 * the least stable points; it measured best on the calibration fit half (docs/evaluation.md).
 */
export type MeshPointSet = 'mesh68' | 'mesh68-core';

export function dlibIndices(set: MeshPointSet): number[] {
  const all = Array.from({ length: 51 }, (_, k) => k + 17);
  if (set === 'mesh68') return all;
  return all.filter((i) => !(i <= 26 || (i >= 55 && i <= 59) || i >= 65));
}

/** The dlib landmarks `indices` read off a 468-point mesh. */
export function meshToDlib(mesh: readonly Point[], indices: readonly number[]): Point[] {
  if (mesh.length < 468) throw new RangeError(`a face mesh has 468 points, got ${mesh.length}`);
  return indices.map((i) => mesh[MESH_TO_DLIB68[i]]);
}

export interface FaceMesh {
  /** 468 points in source pixels, or null when the model says the crop holds no face. */
  landmarks(image: RgbImage, face: Face): Promise<{ points: Point[]; score: number } | null>;
  close(): Promise<void>;
}

/** Below this face-presence score the mesh is not trusted and the detector's keypoints are used. */
const MIN_MESH_SCORE = 0.5;

/** The crop the mesh runs on: square, upright by the eye line, centred on the box; crop pixel → source pixel. */
export function meshCrop(face: Face, size = MESH_INPUT_SIZE, scale = MESH_CROP_SCALE): Affine {
  const { rightEye, leftEye } = face.landmarks;
  const roll = Math.atan2(leftEye.y - rightEye.y, leftEye.x - rightEye.x);
  const side = Math.max(face.box.width, face.box.height) * scale;
  const cx = face.box.x + face.box.width / 2;
  const cy = face.box.y + face.box.height / 2;
  const s = side / size;
  const a = s * Math.cos(roll);
  const b = s * Math.sin(roll);
  // q ↦ R(roll)·s·(q − size/2) + centre
  return [a, -b, cx - (a * size) / 2 + (b * size) / 2, b, a, cy - (b * size) / 2 - (a * size) / 2];
}

export async function createFaceMesh(modelPath: string, ortOptions: OrtOptions = {}): Promise<FaceMesh> {
  const session = await openSession(modelPath, ortOptions);
  const inputName = session.inputNames[0];
  const size = MESH_INPUT_SIZE;
  return {
    async landmarks(image, face) {
      const toSource = meshCrop(face);
      const crop = warpAffine(image, toSource, size, size);
      const input = new Float32Array(size * size * 3);
      for (let i = 0; i < input.length; i++) input[i] = crop.data[i] / 255;
      const out = await session.run({ [inputName]: new ort.Tensor('float32', input, [1, size, size, 3]) });
      let mesh: Float32Array | undefined;
      let flag = 1;
      for (const t of Object.values(out)) {
        const d = t.data as Float32Array;
        if (d.length === 1404) mesh = d.slice();
        else if (d.length === 1) flag = d[0];
        t.dispose();
      }
      if (!mesh) throw new Error('face mesh model has no 1404-value output');
      // Human's graph emits the face flag already through a sigmoid (it compares it with 0..1 confidences).
      if (!(flag >= MIN_MESH_SCORE)) return null;
      const points: Point[] = [];
      for (let k = 0; k < 468; k++) points.push(applyAffine(toSource, { x: mesh[k * 3], y: mesh[k * 3 + 1] }));
      return { points, score: flag };
    },
    async close() {
      await session.release();
    },
  };
}
