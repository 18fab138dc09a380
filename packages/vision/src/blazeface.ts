// MediaPipe BlazeFace post-processing: SSD anchors, box/keypoint decoding and weighted NMS. Pure functions over
// the model's raw outputs, in coordinates normalised to the square model input ([0,1] × [0,1], y down).
//
// The keijiro exports have two score/regressor pairs: `Identity:0` (512×1 logits) with `Identity_2:0` (512×16)
// for the fine layer (16×16 cells × 2 anchors) and `Identity_1:0` (384×1) with `Identity_3:0` (384×16) for the
// coarse layer (8×8 cells × 6 anchors). Front 128: strides 8 and 16; back 256: strides 16 and 32 — both are
// 16×16 and 8×8 grids. Each regressor row: box centre offset (x, y), size (w, h), then 6 keypoints (x, y),
// all in input pixels relative to the anchor centre (MediaPipe `fixed_anchor_size`, scales = input size).

import type { Point } from './image.ts';

export interface BlazeFaceSpec {
  readonly name: 'front' | 'back';
  readonly inputSize: number;
  readonly inputName: string;
  /** Output pairs per anchor layer, finest first. */
  readonly layers: ReadonlyArray<{ scores: string; boxes: string; grid: number; anchorsPerCell: number }>;
}

const LAYERS = [
  { scores: 'Identity:0', boxes: 'Identity_2:0', grid: 16, anchorsPerCell: 2 },
  { scores: 'Identity_1:0', boxes: 'Identity_3:0', grid: 8, anchorsPerCell: 6 },
] as const;

export const BLAZEFACE_FRONT: BlazeFaceSpec = { name: 'front', inputSize: 128, inputName: 'input:0', layers: LAYERS };
export const BLAZEFACE_BACK: BlazeFaceSpec = { name: 'back', inputSize: 256, inputName: 'input:0', layers: LAYERS };

/** Keypoint order of the model: the subject's right eye comes first (it is on the image's left). */
export const KEYPOINT_NAMES = ['rightEye', 'leftEye', 'noseTip', 'mouth', 'rightEar', 'leftEar'] as const;
export type KeypointName = (typeof KEYPOINT_NAMES)[number];

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface RawDetection {
  box: Box;
  score: number;
  /** Six keypoints in KEYPOINT_NAMES order. */
  keypoints: Point[];
}

/** Anchor centres of one layer in output order: row-major cells, `anchorsPerCell` identical anchors per cell. */
export function anchorCentres(grid: number, anchorsPerCell: number): Float32Array {
  const out = new Float32Array(grid * grid * anchorsPerCell * 2);
  let i = 0;
  for (let y = 0; y < grid; y++) {
    for (let x = 0; x < grid; x++) {
      for (let a = 0; a < anchorsPerCell; a++) {
        out[i++] = (x + 0.5) / grid;
        out[i++] = (y + 0.5) / grid;
      }
    }
  }
  return out;
}

export function sigmoid(logit: number): number {
  // MediaPipe clips logits to ±100 before the sigmoid (score_clipping_thresh).
  const x = logit < -100 ? -100 : Math.min(logit, 100);
  return 1 / (1 + Math.exp(-x));
}

/** Decodes one layer's anchors whose score passes `minScore`. */
export function decodeLayer(
  scores: Float32Array,
  boxes: Float32Array,
  grid: number,
  anchorsPerCell: number,
  inputSize: number,
  minScore: number,
): RawDetection[] {
  const anchors = anchorCentres(grid, anchorsPerCell);
  const n = grid * grid * anchorsPerCell;
  if (scores.length !== n || boxes.length !== n * 16) {
    throw new RangeError(`BlazeFace layer has ${scores.length} scores / ${boxes.length} regressors, expected ${n}`);
  }
  // Compare logits, not probabilities, so the sigmoid runs only for survivors.
  const minLogit = Math.log(minScore / (1 - minScore));
  const out: RawDetection[] = [];
  for (let i = 0; i < n; i++) {
    if (scores[i] < minLogit) continue;
    const ax = anchors[i * 2];
    const ay = anchors[i * 2 + 1];
    const r = i * 16;
    const cx = ax + boxes[r] / inputSize;
    const cy = ay + boxes[r + 1] / inputSize;
    const w = boxes[r + 2] / inputSize;
    const h = boxes[r + 3] / inputSize;
    if (!(w > 0 && h > 0)) continue;
    const keypoints: Point[] = [];
    for (let k = 0; k < 6; k++) {
      keypoints.push({ x: ax + boxes[r + 4 + 2 * k] / inputSize, y: ay + boxes[r + 5 + 2 * k] / inputSize });
    }
    out.push({ box: { x: cx - w / 2, y: cy - h / 2, width: w, height: h }, score: sigmoid(scores[i]), keypoints });
  }
  return out;
}

export function iou(a: Box, b: Box): number {
  const x0 = Math.max(a.x, b.x);
  const y0 = Math.max(a.y, b.y);
  const x1 = Math.min(a.x + a.width, b.x + b.width);
  const y1 = Math.min(a.y + a.height, b.y + b.height);
  const inter = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
  const union = a.width * a.height + b.width * b.height - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * MediaPipe's weighted non-maximum suppression: the best remaining candidate absorbs every candidate that overlaps
 * it by at least `iouThreshold`; the output box and keypoints are the score-weighted mean of the group and the
 * score is the best one. Averaging the overlapping anchors steadies the keypoints the alignment depends on.
 */
export function weightedNms(candidates: RawDetection[], iouThreshold = 0.3): RawDetection[] {
  const remaining = [...candidates].sort((a, b) => b.score - a.score);
  const out: RawDetection[] = [];
  while (remaining.length > 0) {
    const best = remaining[0];
    const group: RawDetection[] = [];
    const rest: RawDetection[] = [];
    for (const c of remaining) (iou(best.box, c.box) >= iouThreshold ? group : rest).push(c);
    let total = 0;
    const box = { x: 0, y: 0, width: 0, height: 0 };
    const keypoints = best.keypoints.map(() => ({ x: 0, y: 0 }));
    for (const g of group) {
      total += g.score;
      box.x += g.box.x * g.score;
      box.y += g.box.y * g.score;
      box.width += g.box.width * g.score;
      box.height += g.box.height * g.score;
      g.keypoints.forEach((p, k) => {
        keypoints[k].x += p.x * g.score;
        keypoints[k].y += p.y * g.score;
      });
    }
    out.push({
      box: { x: box.x / total, y: box.y / total, width: box.width / total, height: box.height / total },
      score: best.score,
      keypoints: keypoints.map((p) => ({ x: p.x / total, y: p.y / total })),
    });
    remaining.length = 0;
    remaining.push(...rest);
  }
  return out;
}
