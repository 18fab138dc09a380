// Vector helpers. Every vector Visor stores is L2-normalised, so cosine similarity is the dot product.

/** Dot product of `a[aOffset..]` and `b[bOffset..]` over `dim` components. Four accumulators let V8 pipeline. */
export function dot(a: Float32Array, aOffset: number, b: Float32Array, bOffset: number, dim: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = 0;
  const end4 = dim - (dim % 4);
  for (; j < end4; j += 4) {
    s0 += (a[aOffset + j] as number) * (b[bOffset + j] as number);
    s1 += (a[aOffset + j + 1] as number) * (b[bOffset + j + 1] as number);
    s2 += (a[aOffset + j + 2] as number) * (b[bOffset + j + 2] as number);
    s3 += (a[aOffset + j + 3] as number) * (b[bOffset + j + 3] as number);
  }
  for (; j < dim; j++) s0 += (a[aOffset + j] as number) * (b[bOffset + j] as number);
  return s0 + s1 + s2 + s3;
}

/** Euclidean norm. */
export function norm(v: Float32Array): number {
  return Math.sqrt(dot(v, 0, v, 0, v.length));
}

/** A unit-length copy of `v`; throws on a zero or non-finite vector, which no embedder should produce. */
export function normalized(v: ArrayLike<number>): Float32Array {
  const out = Float32Array.from(v);
  const n = norm(out);
  if (!Number.isFinite(n) || n === 0) throw new RangeError('vector has zero or non-finite norm');
  for (let j = 0; j < out.length; j++) out[j] = (out[j] as number) / n;
  return out;
}

/** Float32 little-endian bytes (the `faces.embedding` BLOB and `Embedding.float32_le` layout) as a Float32Array copy. */
export function fromFloat32Le(bytes: Uint8Array): Float32Array {
  if (bytes.byteLength % 4 !== 0)
    throw new RangeError(`float32 bytes length ${bytes.byteLength} is not a multiple of 4`);
  const out = new Float32Array(bytes.byteLength / 4);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

/** The inverse of fromFloat32Le. */
export function toFloat32Le(v: Float32Array): Uint8Array {
  const out = new Uint8Array(v.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < v.length; i++) view.setFloat32(i * 4, v[i] as number, true);
  return out;
}
