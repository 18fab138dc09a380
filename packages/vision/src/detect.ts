// Face detection with the two BlazeFace models: the image is letterboxed into the model's square input, the raw
// outputs are decoded (blazeface.ts) and mapped back to source pixels.
//
// Modes: `selfie` runs the short-range 128 model (one large face); `auto` both models over the whole frame, merged;
// `group` does what auto does, then runs the 256 model over tiles for faces too small for the whole frame
// (tiles.ts). Group mode keeps the short-range model for its large faces: with the 256 model alone their keypoints,
// hence the chips, were worse (faces-dev AUC 0.9802 in group mode against 0.9998 in auto).
//
// Anchor-based detectors miss faces that fill the whole frame (tight crops such as LFW or passport-style
// portraits), because no anchor is that large: when a pass finds nothing, the image is padded with its own border
// colour and searched again — the face then has the proportions the model was trained on.
import {
  BLAZEFACE_BACK,
  BLAZEFACE_FRONT,
  type BlazeFaceSpec,
  type Box,
  decodeLayer,
  KEYPOINT_NAMES,
  type KeypointName,
  type RawDetection,
  weightedNms,
} from './blazeface.ts';
import {
  type Affine,
  applyAffine,
  borderMean,
  halve,
  letterbox,
  type Point,
  padImage,
  type RgbImage,
  warpAffine,
} from './image.ts';
import { type OrtOptions, openSession, ort } from './ort.ts';
import { planTiles, TILE_EDGE_MARGIN, type TileLevel } from './tiles.ts';

export type DetectMode = 'selfie' | 'group' | 'auto';

export interface Face {
  /** Box in source pixels. */
  box: Box;
  score: number;
  /** Named keypoints in source pixels; `rightEye` is the subject's right eye (image left). */
  landmarks: Record<KeypointName, Point>;
  /** The 468-point face mesh in source pixels, when a mesh model ran on this face (see mesh.ts). */
  mesh?: Point[];
}

export interface DetectOptions {
  mode?: DetectMode;
  /** Confidence every reported face needs, 0..1 (default 0.75, keijiro's BlazeFace default). */
  minScore?: number;
  /**
   * Confidence enough for the single best face when nothing reaches `minScore` (default 0.5, MediaPipe's
   * min_score_thresh): a lone weak face is still the face; weak extra faces are mostly false positives.
   */
  fallbackScore?: number;
  /** Faces whose box is narrower than this many source pixels are dropped. */
  minFacePx?: number;
  /** Keep at most this many faces (largest first). */
  maxFaces?: number;
  /** Retry on a padded copy when a pass finds nothing (default true). */
  padRetry?: boolean;
  /**
   * A face wider than this fraction of the image's larger side marks a tight crop (the face fills the frame, as in
   * passport-style or pre-cropped photos); its box may be found but its keypoints are unreliable at that scale, so
   * the image is searched again padded and the padded result is used when it finds a face. Default 0.6, a
   * geometric gap: on faces-dev, pre-cropped portraits measure 0.72–0.92 and every other photo ≤ 0.51 (LFW's
   * 250 px crops: 0.34–0.58). 1 disables.
   */
  tightCropFraction?: number;
  /** Refine each reported face's keypoints with a second, upright pass (see FaceDetector.refine). */
  refine?: boolean;
  /**
   * Group mode: search overlapping tiles for faces too small for the whole-frame pass, down to `minFacePx` but not
   * below MIN_TILED_FACE_PX (default true).
   */
  tiling?: boolean;
  /** Group mode: most tiles per frame (default MAX_GROUP_TILES); past it the smallest faces are given up. */
  maxTiles?: number;
}

/**
 * Bounds group mode's work on very large frames: a tile costs about one 256 model run (≈ 8.5 ms of CPU here), so
 * 128 tiles are about a second. A 4000×3000 photo needs 106 for faces of 40 px and up.
 */
export const MAX_GROUP_TILES = 128;

/**
 * The smallest face group mode tiles for: tiles grow with the square of the zoom, and recognition fades below about
 * 27 px (lfw-dev shrunk to 35 / 27 / 22 px faces: AUC 0.9990 / 0.9964 / 0.9831 against 0.9996 at 106 px;
 * docs/evaluation.md, _Group photos_). Faces this small are still worth counting; the gateway's identify does not
 * search the ones under its IDENTIFY_MIN_FACE_PX.
 */
export const MIN_TILED_FACE_PX = 20;

/**
 * The zoom levels group mode adds over a `width`×`height` frame (tiles.ts): faces down to `minFacePx` but not below
 * MIN_TILED_FACE_PX, at most `maxTiles` (default MAX_GROUP_TILES) tiles, for the 256 model's input unless told.
 */
export function groupTilePlan(
  width: number,
  height: number,
  options: { inputSize?: number; minFacePx?: number; maxTiles?: number } = {},
): TileLevel[] {
  return planTiles(width, height, {
    inputSize: options.inputSize ?? BLAZEFACE_BACK.inputSize,
    minFacePx: Math.max(options.minFacePx ?? 0, MIN_TILED_FACE_PX),
    maxTiles: options.maxTiles ?? MAX_GROUP_TILES,
  });
}

export interface DetectorModels {
  /** Path of the short-range 128×128 BlazeFace ONNX (selfie). */
  front?: string;
  /** Path of the 256×256 BlazeFace ONNX (auto and group; group's tiles). */
  back?: string;
}

export interface FaceDetector {
  detect(image: RgbImage, options?: DetectOptions): Promise<Face[]>;
  /**
   * Second look at one face: the region around it is rendered upright (roll removed) at the short-range model's
   * input with the face at half its width, where that model's keypoints are most precise, and detected again.
   * Returns the face with the refined keypoints, or the face unchanged when the second pass finds nothing there.
   */
  refine(image: RgbImage, face: Face): Promise<Face>;
  close(): Promise<void>;
}

interface Model {
  spec: BlazeFaceSpec;
  session: ort.InferenceSession;
}

/** Fraction of the larger side added on each side for the tight-crop retry. */
const RETRY_PAD = 0.5;
/** Side of the refinement crop as a multiple of the face box (the face then spans about half the input). */
const REFINE_CONTEXT = 2;
/** IoU above which detections of different passes are the same face. */
const MERGE_IOU = 0.3;

export async function createDetector(models: DetectorModels, ortOptions: OrtOptions = {}): Promise<FaceDetector> {
  if (!models.front && !models.back) throw new Error('createDetector needs at least one BlazeFace model path');
  const front = models.front
    ? { spec: BLAZEFACE_FRONT, session: await openSession(models.front, ortOptions) }
    : undefined;
  const back = models.back ? { spec: BLAZEFACE_BACK, session: await openSession(models.back, ortOptions) } : undefined;

  const detector: FaceDetector = {
    async detect(image, options = {}) {
      const mode = options.mode ?? 'auto';
      const minScore = options.minScore ?? 0.75;
      const fallbackScore = Math.min(options.fallbackScore ?? 0.5, minScore);
      const chosen = pick(mode, front, back);
      let found = await detectWith(chosen, image, fallbackScore);
      const widest = found.reduce((w, d) => Math.max(w, d.box.width), 0);
      const tight = widest > (options.tightCropFraction ?? 0.6) * Math.max(image.width, image.height);
      if ((found.length === 0 || tight) && (options.padRetry ?? true)) {
        const { image: padded, toSource } = padImage(image, RETRY_PAD, borderMean(image));
        const again = (await detectWith(chosen, padded, fallbackScore)).map((d) => mapDetection(d, toSource));
        if (again.length > 0 || found.length === 0) found = again;
      }
      if (mode === 'group' && (options.tiling ?? true)) {
        const model = back ?? (front as Model);
        const levels = groupTilePlan(image.width, image.height, {
          inputSize: model.spec.inputSize,
          minFacePx: options.minFacePx,
          maxTiles: options.maxTiles,
        });
        if (levels.length > 0) {
          found = weightedNms([...found, ...(await detectTiles(model, image, levels, fallbackScore))], MERGE_IOU);
        }
      }
      found = suppressContained(found);
      const strong = found.filter((d) => d.score >= minScore);
      if (strong.length > 0) found = strong;
      else found = found.length > 0 ? [found.reduce((a, b) => (b.score > a.score ? b : a))] : [];
      const minFacePx = options.minFacePx ?? 0;
      const faces = found
        .filter((d) => d.box.width >= minFacePx)
        .sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height)
        .map(toFace);
      const kept = options.maxFaces === undefined ? faces : faces.slice(0, options.maxFaces);
      if (!options.refine) return kept;
      const refined: Face[] = [];
      for (const f of kept) refined.push(await detector.refine(image, f));
      return refined;
    },
    async refine(image, face) {
      const model = front ?? back;
      if (!model) return face;
      const size = model.spec.inputSize;
      const { rightEye, leftEye } = face.landmarks;
      const roll = Math.atan2(leftEye.y - rightEye.y, leftEye.x - rightEye.x);
      const cx = face.box.x + face.box.width / 2;
      const cy = face.box.y + face.box.height / 2;
      const side = Math.max(face.box.width, face.box.height) * REFINE_CONTEXT;
      const k = side / size;
      const cos = Math.cos(roll) * k;
      const sin = Math.sin(roll) * k;
      // Crop pixel (u, v) → source: rotate by roll about the face centre, scale to `side`.
      const toSource: Affine = [
        cos,
        -sin,
        cx - cos * (size / 2) + sin * (size / 2),
        sin,
        cos,
        cy - sin * (size / 2) - cos * (size / 2),
      ];
      const crop = warpAffine(image, toSource, size, size, { fill: borderMean(image) });
      const found = await runModel(model, crop, 0.5);
      const centre = { x: size / 2, y: size / 2 };
      const best = found
        .filter((d) => {
          const c = { x: d.box.x + d.box.width / 2, y: d.box.y + d.box.height / 2 };
          return Math.hypot(c.x - centre.x, c.y - centre.y) < size / 4;
        })
        .sort((a, b) => b.score - a.score)[0];
      if (!best) return face;
      const landmarks = {} as Record<KeypointName, Point>;
      KEYPOINT_NAMES.forEach((name, i) => {
        landmarks[name] = applyAffine(toSource, best.keypoints[i]);
      });
      return { ...face, landmarks };
    },
    async close() {
      await front?.session.release();
      await back?.session.release();
    },
  };
  return detector;
}

function pick(mode: DetectMode, front: Model | undefined, back: Model | undefined): Model[] {
  if (mode === 'selfie') return [front ?? (back as Model)];
  return [front, back].filter((m): m is Model => m !== undefined);
}

/** Runs every model on the image and merges their detections (weighted NMS across passes). */
async function detectWith(models: Model[], image: RgbImage, minScore: number): Promise<RawDetection[]> {
  const all: RawDetection[] = [];
  for (const m of models) all.push(...(await runModel(m, image, minScore)));
  return models.length > 1 ? weightedNms(all, MERGE_IOU) : all;
}

/**
 * Drops a detection when most of it (≥ 50 % of its area) lies inside a better-scoring one: two real faces do not
 * nest, while a face part or the same face at another anchor scale does (IoU misses it when the sizes differ).
 */
export function suppressContained(dets: RawDetection[], maxInside = 0.5): RawDetection[] {
  const sorted = [...dets].sort((a, b) => b.score - a.score);
  const kept: RawDetection[] = [];
  for (const d of sorted) {
    const area = d.box.width * d.box.height;
    const nested = kept.some((k) => intersection(k.box, d.box) >= maxInside * area);
    if (!nested) kept.push(d);
  }
  return kept;
}

function intersection(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * Runs the model over every tile of every level and keeps what each level is for:
 * - a detection touching an edge the tile shares with the rest of the frame may be a face cut in two: dropped,
 *   because the overlap puts each face of the level's band wholly inside another tile;
 * - a detection over twice the band's largest face is dropped: faces that large are the coarser passes' to find,
 *   and a tile zoomed into background texture (windows, water) or into part of a large face is where BlazeFace
 *   reports large phantom faces (2.6–4.5× the band on faces-dev's portraits before this rule).
 */
async function detectTiles(
  model: Model,
  image: RgbImage,
  levels: TileLevel[],
  minScore: number,
): Promise<RawDetection[]> {
  const size = model.spec.inputSize;
  const fill = borderMean(image);
  const out: RawDetection[] = [];
  for (const level of levels) {
    const side = level.tiles[0]?.side ?? size;
    // The pyramid step of warpAffine, once per level instead of once per tile: halve the frame while the tiles
    // still shrink by 2× or more.
    let source = image;
    while (side / size / (image.width / source.width) >= 2 && source.width >= 2 && source.height >= 2) {
      source = halve(source);
    }
    const sx = source.width / image.width;
    const sy = source.height / image.height;
    const k = side / size;
    const margin = TILE_EDGE_MARGIN * k;
    const widest = level.maxFace * 2;
    for (const tile of level.tiles) {
      const toSource: Affine = [k, 0, tile.x, 0, k, tile.y];
      const square = warpAffine(source, [k * sx, 0, tile.x * sx, 0, k * sy, tile.y * sy], size, size, { fill });
      const inner = {
        left: tile.x > 0 ? tile.x + margin : -Infinity,
        top: tile.y > 0 ? tile.y + margin : -Infinity,
        right: tile.x + side < image.width ? tile.x + side - margin : Infinity,
        bottom: tile.y + side < image.height ? tile.y + side - margin : Infinity,
      };
      for (const d of await runSquare(model, square, toSource, minScore)) {
        const { x, y, width, height } = d.box;
        const whole = x > inner.left && y > inner.top && x + width < inner.right && y + height < inner.bottom;
        if (whole && width <= widest) out.push(d);
      }
    }
  }
  return out;
}

/** One forward pass over the whole frame, letterboxed; detections in source pixels. */
export async function runModel(model: Model, image: RgbImage, minScore: number): Promise<RawDetection[]> {
  const { image: square, toSource } = letterbox(image, model.spec.inputSize);
  return runSquare(model, square, toSource, minScore);
}

/** One forward pass over a square already at the model's input size; `toSource` maps its pixels to the frame's. */
async function runSquare(model: Model, square: RgbImage, toSource: Affine, minScore: number): Promise<RawDetection[]> {
  const { spec, session } = model;
  const size = spec.inputSize;
  const input = new Float32Array(size * size * 3);
  const px = square.data;
  // MediaPipe feeds BlazeFace RGB scaled to [-1, 1].
  for (let i = 0; i < input.length; i++) input[i] = px[i] / 127.5 - 1;
  const feeds = { [spec.inputName]: new ort.Tensor('float32', input, [1, size, size, 3]) };
  const out = await session.run(feeds);
  const candidates: RawDetection[] = [];
  for (const layer of spec.layers) {
    const scores = out[layer.scores].data as Float32Array;
    const boxes = out[layer.boxes].data as Float32Array;
    candidates.push(...decodeLayer(scores, boxes, layer.grid, layer.anchorsPerCell, size, minScore));
  }
  for (const t of Object.values(out)) t.dispose();
  // Normalised square coordinates → square pixels → source pixels.
  const fromUnit: Affine = [
    toSource[0] * size,
    toSource[1] * size,
    toSource[2],
    toSource[3] * size,
    toSource[4] * size,
    toSource[5],
  ];
  return weightedNms(candidates).map((d) => mapDetection(d, fromUnit));
}

/** Maps a detection through an axis-aligned scale + translation (letterbox and padding maps are of that kind). */
function mapDetection(d: RawDetection, m: Affine): RawDetection {
  const tl = applyAffine(m, { x: d.box.x, y: d.box.y });
  const br = applyAffine(m, { x: d.box.x + d.box.width, y: d.box.y + d.box.height });
  return {
    box: { x: tl.x, y: tl.y, width: br.x - tl.x, height: br.y - tl.y },
    score: d.score,
    keypoints: d.keypoints.map((p) => applyAffine(m, p)),
  };
}

function toFace(d: RawDetection): Face {
  const landmarks = {} as Record<KeypointName, Point>;
  KEYPOINT_NAMES.forEach((name, i) => {
    landmarks[name] = d.keypoints[i];
  });
  return { box: d.box, score: d.score, landmarks };
}
