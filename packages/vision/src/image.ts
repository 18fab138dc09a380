// RGB images as plain buffers, and the geometric resampling the pipeline needs (letterbox, padding, affine warps).
//
// Coordinates: every point and box in @visor/vision is in continuous pixel space, where pixel (i, j) covers
// [i, i+1) × [j, j+1) and its centre is (i + 0.5, j + 0.5). Sampling converts to index space at the last moment.

/** Interleaved 8-bit RGB, row-major, `data.length === width * height * 3`. */
export interface RgbImage {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

export interface Point {
  x: number;
  y: number;
}

/**
 * A 2×3 affine matrix [a, b, c, d, e, f] mapping (x, y) to (a·x + b·y + c, d·x + e·y + f).
 */
export type Affine = readonly [number, number, number, number, number, number];

export function applyAffine(m: Affine, p: Point): Point {
  return { x: m[0] * p.x + m[1] * p.y + m[2], y: m[3] * p.x + m[4] * p.y + m[5] };
}

export function invertAffine(m: Affine): Affine {
  const det = m[0] * m[4] - m[1] * m[3];
  if (det === 0 || !Number.isFinite(det)) throw new RangeError('affine transform is not invertible');
  const a = m[4] / det;
  const b = -m[1] / det;
  const d = -m[3] / det;
  const e = m[0] / det;
  return [a, b, -(a * m[2] + b * m[5]), d, e, -(d * m[2] + e * m[5])];
}

/** Average of the RGB values along the image border: a neutral colour for padding crops. */
export function borderMean(img: RgbImage): [number, number, number] {
  const { data, width, height } = img;
  const sum = [0, 0, 0];
  let n = 0;
  const add = (x: number, y: number): void => {
    const o = (y * width + x) * 3;
    sum[0] += data[o];
    sum[1] += data[o + 1];
    sum[2] += data[o + 2];
    n++;
  };
  for (let x = 0; x < width; x++) {
    add(x, 0);
    if (height > 1) add(x, height - 1);
  }
  for (let y = 1; y < height - 1; y++) {
    add(0, y);
    if (width > 1) add(width - 1, y);
  }
  return [Math.round(sum[0] / n), Math.round(sum[1] / n), Math.round(sum[2] / n)];
}

/** Halves an image with a 2×2 box filter (odd edges replicate), the anti-aliasing step before strong minification. */
export function halve(img: RgbImage): RgbImage {
  const w = Math.max(1, img.width >> 1);
  const h = Math.max(1, img.height >> 1);
  const src = img.data;
  const out = new Uint8Array(w * h * 3);
  const row = img.width * 3;
  // Output column x reads source columns 2x and 2x + 1; with width ≥ 2 both exist (2x + 1 ≤ 2w − 1 ≤ width − 1), so
  // only a 1-pixel-wide source replicates its column. The pyramid runs on every detection and chip: this loop is
  // written without per-pixel clamping or a channel loop (same sums, same rounding).
  const right = img.width >= 2 ? 3 : 0;
  for (let y = 0; y < h; y++) {
    const top = Math.min(2 * y, img.height - 1) * row;
    const bottom = Math.min(2 * y + 1, img.height - 1) * row;
    let o = y * w * 3;
    for (let x = 0; x < w; x++, o += 3) {
      const a = top + 6 * x;
      const b = bottom + 6 * x;
      out[o] = (src[a] + src[a + right] + src[b] + src[b + right] + 2) >> 2;
      out[o + 1] = (src[a + 1] + src[a + 1 + right] + src[b + 1] + src[b + 1 + right] + 2) >> 2;
      out[o + 2] = (src[a + 2] + src[a + 2 + right] + src[b + 2] + src[b + 2 + right] + 2) >> 2;
    }
  }
  return { data: out, width: w, height: h };
}

export interface WarpOptions {
  /** Colour outside the source; default: replicate the nearest edge pixel. */
  fill?: readonly [number, number, number];
}

/**
 * Resamples `src` into a `width`×`height` image where output point q samples source point `toSource(q)`.
 * Bilinear; when the map shrinks the source by 2× or more, the source is first halved (box filter) until the
 * remaining factor is below 2, like an image pyramid, so downscaled faces do not alias.
 */
export function warpAffine(
  src: RgbImage,
  toSource: Affine,
  width: number,
  height: number,
  options: WarpOptions = {},
): RgbImage {
  let img = src;
  let m = toSource;
  // Source pixels per output pixel (geometric mean of the two axes).
  let factor = Math.sqrt(Math.abs(m[0] * m[4] - m[1] * m[3]));
  while (factor >= 2 && img.width >= 2 && img.height >= 2) {
    const next = halve(img);
    const sx = next.width / img.width;
    const sy = next.height / img.height;
    m = [m[0] * sx, m[1] * sx, m[2] * sx, m[3] * sy, m[4] * sy, m[5] * sy];
    img = next;
    factor /= 2;
  }
  return sampleAffine(img, m, width, height, options.fill);
}

function sampleAffine(
  img: RgbImage,
  m: Affine,
  width: number,
  height: number,
  fill: readonly [number, number, number] | undefined,
): RgbImage {
  const out = new Uint8Array(width * height * 3);
  const { data, width: sw, height: sh } = img;
  const maxX = sw - 1;
  const maxY = sh - 1;
  for (let y = 0; y < height; y++) {
    const cy = y + 0.5;
    for (let x = 0; x < width; x++) {
      const cx = x + 0.5;
      // Continuous source point → index space (pixel centres at integers).
      const u = m[0] * cx + m[1] * cy + m[2] - 0.5;
      const v = m[3] * cx + m[4] * cy + m[5] - 0.5;
      const o = (y * width + x) * 3;
      if (fill && (u < -0.5 || v < -0.5 || u > maxX + 0.5 || v > maxY + 0.5)) {
        out[o] = fill[0];
        out[o + 1] = fill[1];
        out[o + 2] = fill[2];
        continue;
      }
      const uc = u < 0 ? 0 : Math.min(u, maxX);
      const vc = v < 0 ? 0 : Math.min(v, maxY);
      const x0 = Math.floor(uc);
      const y0 = Math.floor(vc);
      const x1 = x0 < maxX ? x0 + 1 : x0;
      const y1 = y0 < maxY ? y0 + 1 : y0;
      const fx = uc - x0;
      const fy = vc - y0;
      const w00 = (1 - fx) * (1 - fy);
      const w01 = fx * (1 - fy);
      const w10 = (1 - fx) * fy;
      const w11 = fx * fy;
      const o00 = (y0 * sw + x0) * 3;
      const o01 = (y0 * sw + x1) * 3;
      const o10 = (y1 * sw + x0) * 3;
      const o11 = (y1 * sw + x1) * 3;
      out[o] = data[o00] * w00 + data[o01] * w01 + data[o10] * w10 + data[o11] * w11 + 0.5;
      out[o + 1] = data[o00 + 1] * w00 + data[o01 + 1] * w01 + data[o10 + 1] * w10 + data[o11 + 1] * w11 + 0.5;
      out[o + 2] = data[o00 + 2] * w00 + data[o01 + 2] * w01 + data[o10 + 2] * w10 + data[o11 + 2] * w11 + 0.5;
    }
  }
  return { data: out, width, height };
}

/** Resamples `img` to `width`×`height` (box-filter pyramid, then bilinear: see warpAffine). */
export function resize(img: RgbImage, width: number, height: number): RgbImage {
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)) {
    throw new RangeError(`resize needs a positive integer size, got ${width}×${height}`);
  }
  return warpAffine(img, [img.width / width, 0, 0, 0, img.height / height, 0], width, height);
}

/**
 * Letterbox: scales `img` to fit a `size`×`size` square keeping its aspect ratio, centred, borders filled.
 * Returns the square image and the affine map from square coordinates back to source coordinates.
 */
export function letterbox(
  img: RgbImage,
  size: number,
  fill: readonly [number, number, number] = [0, 0, 0],
): { image: RgbImage; toSource: Affine } {
  const scale = Math.max(img.width, img.height) / size; // source px per square px
  const offX = (size - img.width / scale) / 2;
  const offY = (size - img.height / scale) / 2;
  const toSource: Affine = [scale, 0, -offX * scale, 0, scale, -offY * scale];
  return { image: warpAffine(img, toSource, size, size, { fill }), toSource };
}

/** Pads `img` by `fraction` of its larger side on every side with `fill`; returns the map back to source pixels. */
export function padImage(
  img: RgbImage,
  fraction: number,
  fill: readonly [number, number, number],
): { image: RgbImage; toSource: Affine } {
  const pad = Math.round(Math.max(img.width, img.height) * fraction);
  const width = img.width + 2 * pad;
  const height = img.height + 2 * pad;
  const out = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    out[i * 3] = fill[0];
    out[i * 3 + 1] = fill[1];
    out[i * 3 + 2] = fill[2];
  }
  const rowBytes = img.width * 3;
  for (let y = 0; y < img.height; y++) {
    out.set(img.data.subarray(y * rowBytes, (y + 1) * rowBytes), ((y + pad) * width + pad) * 3);
  }
  return { image: { data: out, width, height }, toSource: [1, 0, -pad, 0, 1, -pad] };
}

/** Mirror image left↔right. */
export function flipHorizontal(img: RgbImage): RgbImage {
  const { data, width, height } = img;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < height; y++) {
    const row = y * width * 3;
    for (let x = 0; x < width; x++) {
      const s = row + x * 3;
      const d = row + (width - 1 - x) * 3;
      out[d] = data[s];
      out[d + 1] = data[s + 1];
      out[d + 2] = data[s + 2];
    }
  }
  return { data: out, width, height };
}
