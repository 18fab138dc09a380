// Numerical comparison of a converted model against tfjs, shared by the proof tests and the report script.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { TfjsGraphTarget } from './targets.ts';

/** Decodes an image file and resizes it (stretching, like tf.image.resizeBilinear on the whole frame) to NHWC. */
export async function imageInput(file: string, target: Pick<TfjsGraphTarget, 'size' | 'scale' | 'offset'>) {
  const { default: sharp } = await import('sharp');
  const { data } = await sharp(file)
    .removeAlpha()
    .toColourspace('srgb')
    .resize(target.size, target.size, { fit: 'fill', kernel: 'linear' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = (data[i] as number) * target.scale + target.offset;
  return { data: out, shape: [1, target.size, target.size, 3] };
}

export async function datasetImages(dir: string, limit: number): Promise<string[]> {
  const files = (await readdir(path.join(dir, 'images'))).filter((f) => /\.(png|jpe?g|webp)$/i.test(f)).sort();
  // Spread the picks over the sorted list so different identities/sources are covered.
  const step = Math.max(1, Math.floor(files.length / limit));
  return files
    .filter((_, i) => i % step === 0)
    .slice(0, limit)
    .map((f) => path.join(dir, 'images', f));
}

export interface Agreement {
  /** max |a - b| over all elements. */
  maxAbsDiff: number;
  /** max |a - b| / (max |b| over the tensor): error relative to the output's range. */
  maxRelToRange: number;
  /** Cosine similarity of the flattened tensors. */
  cosine: number;
  /** max |b|: the reference output's range. */
  range: number;
}

export function agreement(a: ArrayLike<number>, b: ArrayLike<number>): Agreement {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let maxAbsDiff = 0;
  let range = 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    maxAbsDiff = Math.max(maxAbsDiff, Math.abs(x - y));
    range = Math.max(range, Math.abs(y));
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return {
    maxAbsDiff,
    maxRelToRange: range > 0 ? maxAbsDiff / range : maxAbsDiff,
    cosine: dot / Math.sqrt(na * nb),
    range,
  };
}

/** Indices of the k largest values of column `col` in a [rows, cols] row-major tensor. */
export function topK(data: ArrayLike<number>, cols: number, col: number, k: number): number[] {
  const rows = Math.floor(data.length / cols);
  const idx = Array.from({ length: rows }, (_, i) => i);
  idx.sort((p, q) => (data[q * cols + col] as number) - (data[p * cols + col] as number) || p - q);
  return idx.slice(0, k);
}
