// Product quantiser with 4-bit sub-codes packed two to a byte. A code of m bytes splits the vector into 2m
// sub-spaces of dim/2m components, each replaced by the nearest of 16 centroids. Encoding scores 16 centroids per
// sub-space (16× cheaper than 256-centroid codes, which dominated the build), and a query still scores a code with
// one table lookup per byte: the byte table holds the sum of both halves' entries for all 256 byte values.
import { kmeansL2 } from './kmeans.ts';
import { dot } from './vector.ts';

const SUB_CENTROIDS = 16;

export class ProductQuantizer {
  /** Bytes per code. */
  readonly m: number;
  /** Components per sub-space (two sub-spaces per byte). */
  readonly dsub: number;
  /** [2m][16][dsub] */
  readonly centroids: Float32Array;
  /** |c|² / 2 per centroid, so nearest = argmax(x·c − |c|²/2). */
  readonly halfNorms: Float32Array;

  constructor(m: number, dsub: number, centroids: Float32Array) {
    this.m = m;
    this.dsub = dsub;
    this.centroids = centroids;
    this.halfNorms = new Float32Array(2 * m * SUB_CENTROIDS);
    for (let c = 0; c < this.halfNorms.length; c++)
      this.halfNorms[c] = dot(centroids, c * dsub, centroids, c * dsub, dsub) / 2;
  }

  /** Codebooks from `count` sample rows; m must divide dim / 2. */
  static train(sample: Float32Array, count: number, dim: number, m: number, iterations: number, random: () => number) {
    if (dim % (2 * m) !== 0) throw new RangeError(`pqM ${m} needs a dimension divisible by ${2 * m}, got ${dim}`);
    const subspaces = 2 * m;
    const dsub = dim / subspaces;
    const centroids = new Float32Array(subspaces * SUB_CENTROIDS * dsub);
    const sub = new Float32Array(count * dsub);
    for (let s = 0; s < subspaces; s++) {
      for (let i = 0; i < count; i++) sub.set(sample.subarray(i * dim + s * dsub, i * dim + (s + 1) * dsub), i * dsub);
      centroids.set(kmeansL2(sub, count, dsub, SUB_CENTROIDS, iterations, random), s * SUB_CENTROIDS * dsub);
    }
    return new ProductQuantizer(m, dsub, centroids);
  }

  encode(v: Float32Array, offset: number, out: Uint8Array, outOffset: number): void {
    const { m, dsub } = this;
    for (let b = 0; b < m; b++) {
      const lo = this.#nearest(2 * b, v, offset + 2 * b * dsub);
      const hi = this.#nearest(2 * b + 1, v, offset + (2 * b + 1) * dsub);
      out[outOffset + b] = lo | (hi << 4);
    }
  }

  #nearest(s: number, v: Float32Array, offset: number): number {
    const { dsub, centroids, halfNorms } = this;
    const base = s * SUB_CENTROIDS;
    let best = 0;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < SUB_CENTROIDS; c++) {
      const score = dot(centroids, (base + c) * dsub, v, offset, dsub) - (halfNorms[base + c] as number);
      if (score > bestScore) {
        bestScore = score;
        best = c;
      }
    }
    return best;
  }

  /** Query-to-code table, [m][256]: an approximate dot product is the sum of m lookups, one per code byte. */
  table(query: Float32Array, out: Float32Array = new Float32Array(this.m * 256)): Float32Array {
    const { m, dsub, centroids } = this;
    const half = new Float32Array(2 * SUB_CENTROIDS);
    for (let b = 0; b < m; b++) {
      for (let h = 0; h < 2; h++) {
        const s = 2 * b + h;
        for (let c = 0; c < SUB_CENTROIDS; c++) {
          half[h * SUB_CENTROIDS + c] = dot(centroids, (s * SUB_CENTROIDS + c) * dsub, query, s * dsub, dsub);
        }
      }
      const base = b * 256;
      for (let hi = 0; hi < SUB_CENTROIDS; hi++) {
        const h = half[SUB_CENTROIDS + hi] as number;
        for (let lo = 0; lo < SUB_CENTROIDS; lo++) out[base + (hi << 4) + lo] = (half[lo] as number) + h;
      }
    }
    return out;
  }
}
