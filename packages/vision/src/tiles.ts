// Where group mode looks again for faces too small for one pass over the whole frame.
//
// A detector sees the frame letterboxed into its square input, so a face of f source pixels is f · input / side
// pixels there. BlazeFace's 256 model scores a face of 20 input pixels ≥ 0.75 in 29 of 30 trials, of 15 pixels in 26
// of 30 and of 10 pixels in 9 of 30 (measured on lfw-dev faces pasted on a plain canvas; docs/evaluation.md). A
// 1600×1200 group photo with faces 60 px wide puts them at 10 px: most are scored below the reporting threshold.
// Tiles fix that: each zoom level covers one band of face sizes with square tiles small enough to show its
// smallest face at `minFaceInput` pixels, overlapping by the band's largest face so every face of the band lies
// wholly inside at least one tile. The bands run from the whole-frame pass's limit down to the caller's minimum
// face size, in equal ratios of at most `levelRatio`: the finest level dominates the cost, which is lowest when
// each band spans about 2–2.5× (wider bands need wider overlaps, so more tiles; narrower ones more levels).

/**
 * Detections within this many input pixels of an edge a tile shares with the rest of the frame count as cut by it.
 * The overlap includes it on both sides.
 */
export const TILE_EDGE_MARGIN = 2;

/** A face's box may be this much wider than the band's face sizes; the overlap allows for it. */
export const TILE_BOX_SLACK = 1.25;

export interface Tile {
  /** Top-left corner and side of a square region, in source pixels; it may extend past a side shorter than it. */
  x: number;
  y: number;
  side: number;
}

export interface TileLevel {
  /** Faces of this width range (source pixels) are what the level is for: [minFace, maxFace]. */
  minFace: number;
  maxFace: number;
  tiles: Tile[];
}

export interface TilePlanOptions {
  /** Side of the detector's square input. */
  inputSize: number;
  /** Smallest face (source pixels) the caller wants. */
  minFacePx: number;
  /** Face width in input pixels the detector finds reliably (default 20, measured above). */
  minFaceInput?: number;
  /** Largest ratio between a band's largest and smallest face (default 2.5; the bands are made equal). */
  levelRatio?: number;
  /**
   * Most tiles over all levels (default unbounded). A plan over it is redone for larger and larger smallest faces
   * (10 % at a time) until it fits: on a very large frame the smallest faces are given up, not the time limit.
   */
  maxTiles?: number;
}

/**
 * The zoom levels below the whole-frame pass, coarsest first; empty when that pass already shows a face of
 * `minFacePx` at `minFaceInput` input pixels or more.
 */
export function planTiles(width: number, height: number, options: TilePlanOptions): TileLevel[] {
  const maxTiles = options.maxTiles ?? Number.POSITIVE_INFINITY;
  if (!(maxTiles >= 1)) throw new RangeError('maxTiles must be ≥ 1');
  for (let minFacePx = Math.max(1, options.minFacePx); ; minFacePx *= 1.1) {
    const levels = planLevels(width, height, { ...options, minFacePx });
    if (levels.reduce((n, l) => n + l.tiles.length, 0) <= maxTiles) return levels;
  }
}

function planLevels(width: number, height: number, options: TilePlanOptions): TileLevel[] {
  const minFaceInput = options.minFaceInput ?? 20;
  const maxRatio = options.levelRatio ?? 2.5;
  if (!(maxRatio > 1)) throw new RangeError('levelRatio must be > 1');
  const wanted = options.minFacePx;
  // The smallest face the whole-frame pass finds reliably.
  const whole = (minFaceInput * Math.max(width, height)) / options.inputSize;
  if (whole <= wanted) return [];
  // Equal bands, as few as the ratio allows: the finest level costs most and a thin last band would cost as much.
  const count = Math.ceil(Math.log(whole / wanted) / Math.log(maxRatio) - 1e-9);
  const ratio = (whole / wanted) ** (1 / count);
  const levels: TileLevel[] = [];
  let covered = whole;
  for (let i = 0; i < count; i++) {
    const minFace = i === count - 1 ? wanted : covered / ratio;
    const side = Math.ceil((options.inputSize * minFace) / minFaceInput);
    // A box of the band's largest face, with its slack and away from both edges' margins, fits wholly in a tile.
    const overlap = Math.ceil(covered * TILE_BOX_SLACK + (2 * TILE_EDGE_MARGIN * side) / options.inputSize);
    const stride = Math.max(1, side - overlap);
    const xs = positions(width, side, stride);
    const ys = positions(height, side, stride);
    levels.push({ minFace, maxFace: covered, tiles: ys.flatMap((y) => xs.map((x) => ({ x, y, side }))) });
    covered = minFace;
  }
  return levels;
}

/** Tile origins along one axis of `length`: evenly spread, at most `stride` apart, first at 0, last flush. */
function positions(length: number, side: number, stride: number): number[] {
  if (length <= side) return [0];
  const n = Math.ceil((length - side) / stride) + 1;
  return Array.from({ length: n }, (_, i) => Math.round((i * (length - side)) / (n - 1)));
}
