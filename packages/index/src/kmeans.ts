// k-means for the IVF coarse quantiser and the PQ codebooks. The coarse quantiser is two-level: a few "groups"
// (spherical k-means), then cells trained inside each group. Listing a vector then scores the groups and the cells
// of its best few groups instead of every cell, which is what keeps a build with thousands of cells affordable.
import { dot } from './vector.ts';

/** Index of the row of `centroids` (k rows of `dim`) with the highest dot product with v[offset..]. */
export function nearest(centroids: Float32Array, k: number, dim: number, v: Float32Array, offset: number): number {
  let best = 0;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let c = 0, coff = 0; c < k; c++, coff += dim) {
    const s = dot(centroids, coff, v, offset, dim);
    if (s > bestScore) {
      bestScore = s;
      best = c;
    }
  }
  return best;
}

/** Spherical k-means over `count` rows of `data` (unit vectors): centroids are re-normalised means. */
export function sphericalKmeans(
  data: Float32Array,
  count: number,
  dim: number,
  k: number,
  iterations: number,
  random: () => number,
  onIteration?: (done: number) => void,
): Float32Array {
  const centroids = new Float32Array(k * dim);
  // Initial centroids: the first k rows (callers pass a random sample, so these are random distinct points).
  for (let c = 0; c < k; c++) centroids.set(data.subarray(c * dim, (c + 1) * dim), c * dim);
  const sums = new Float64Array(k * dim);
  const counts = new Int32Array(k);
  for (let it = 0; it < iterations; it++) {
    sums.fill(0);
    counts.fill(0);
    for (let i = 0, off = 0; i < count; i++, off += dim) {
      const c = nearest(centroids, k, dim, data, off);
      counts[c] = (counts[c] as number) + 1;
      const base = c * dim;
      for (let j = 0; j < dim; j++) sums[base + j] = (sums[base + j] as number) + (data[off + j] as number);
    }
    for (let c = 0; c < k; c++) {
      const base = c * dim;
      if (counts[c] === 0) {
        // An empty cell takes a random training point, so no centroid is wasted.
        const pick = Math.floor(random() * count);
        centroids.set(data.subarray(pick * dim, (pick + 1) * dim), base);
        continue;
      }
      let n2 = 0;
      for (let j = 0; j < dim; j++) n2 += (sums[base + j] as number) ** 2;
      const inv = n2 > 0 ? 1 / Math.sqrt(n2) : 0;
      for (let j = 0; j < dim; j++) centroids[base + j] = (sums[base + j] as number) * inv;
    }
    onIteration?.(it + 1);
  }
  return centroids;
}

/** Plain (Euclidean) k-means with `k` centroids, for PQ codebooks; an emptied centroid takes a random point. */
export function kmeansL2(
  data: Float32Array,
  count: number,
  dim: number,
  k: number,
  iterations: number,
  random: () => number,
): Float32Array {
  const centroids = new Float32Array(k * dim);
  for (let c = 0; c < k; c++) {
    const pick = c < count ? c : Math.floor(random() * count);
    centroids.set(data.subarray(pick * dim, (pick + 1) * dim), c * dim);
  }
  const sums = new Float64Array(k * dim);
  const counts = new Int32Array(k);
  const half = new Float64Array(k);
  for (let it = 0; it < iterations; it++) {
    for (let c = 0; c < k; c++) half[c] = dot(centroids, c * dim, centroids, c * dim, dim) / 2;
    sums.fill(0);
    counts.fill(0);
    for (let i = 0, off = 0; i < count; i++, off += dim) {
      let best = 0;
      let bestScore = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < k; c++) {
        const score = dot(centroids, c * dim, data, off, dim) - (half[c] as number);
        if (score > bestScore) {
          bestScore = score;
          best = c;
        }
      }
      counts[best] = (counts[best] as number) + 1;
      for (let j = 0; j < dim; j++) sums[best * dim + j] = (sums[best * dim + j] as number) + (data[off + j] as number);
    }
    for (let c = 0; c < k; c++) {
      const n = counts[c] as number;
      if (n === 0) {
        const pick = Math.floor(random() * count);
        centroids.set(data.subarray(pick * dim, (pick + 1) * dim), c * dim);
      } else {
        for (let j = 0; j < dim; j++) centroids[c * dim + j] = (sums[c * dim + j] as number) / n;
      }
    }
  }
  return centroids;
}

/**
 * Cells grouped under coarse centroids: cells of group g are `first[g] .. first[g + 1] - 1` in `centroids`.
 * `groups` are the coarse centroids (unit vectors).
 */
export type CoarseQuantizer = {
  dim: number;
  nlist: number;
  centroids: Float32Array;
  groups: Float32Array;
  first: Int32Array;
};

/**
 * Two-level spherical k-means: ≈ sqrt(nlist) groups over the sample, then each group's share of the nlist cells
 * (proportional to its sample count) trained on that group's points. The result has about nlist cells.
 */
export function trainCoarse(
  sample: Float32Array,
  count: number,
  dim: number,
  nlist: number,
  iterations: number,
  random: () => number,
  onProgress?: (done: number, total: number) => void,
): CoarseQuantizer {
  const wanted = Math.max(1, Math.min(nlist, count));
  const groupCount = Math.max(1, Math.min(count, Math.round(Math.sqrt(wanted))));
  const groups = sphericalKmeans(sample, count, dim, groupCount, iterations, random);
  // The sample's rows of each group, gathered contiguously so each group's k-means reads one block.
  const of = new Int32Array(count);
  const sizes = new Int32Array(groupCount);
  for (let i = 0; i < count; i++) {
    const g = nearest(groups, groupCount, dim, sample, i * dim);
    of[i] = g;
    sizes[g] = (sizes[g] as number) + 1;
  }
  const start = new Int32Array(groupCount + 1);
  for (let g = 0; g < groupCount; g++) start[g + 1] = (start[g] as number) + (sizes[g] as number);
  const gathered = new Float32Array(count * dim);
  const fill = start.slice(0, groupCount);
  for (let i = 0; i < count; i++) {
    const g = of[i] as number;
    const row = fill[g] as number;
    fill[g] = row + 1;
    gathered.set(sample.subarray(i * dim, (i + 1) * dim), row * dim);
  }
  const cellsOf = new Int32Array(groupCount);
  for (let g = 0; g < groupCount; g++) {
    const n = sizes[g] as number;
    cellsOf[g] = n === 0 ? 0 : Math.max(1, Math.min(n, Math.round((wanted * n) / count)));
  }
  const first = new Int32Array(groupCount + 1);
  for (let g = 0; g < groupCount; g++) first[g + 1] = (first[g] as number) + (cellsOf[g] as number);
  const total = first[groupCount] as number;
  const centroids = new Float32Array(total * dim);
  for (let g = 0; g < groupCount; g++) {
    const k = cellsOf[g] as number;
    if (k === 0) continue;
    const rows = gathered.subarray((start[g] as number) * dim, (start[g + 1] as number) * dim);
    // Rows are in sample order, which is random, so the first k are a random start.
    const cells = sphericalKmeans(rows, sizes[g] as number, dim, k, iterations, random);
    centroids.set(cells, (first[g] as number) * dim);
    onProgress?.(g + 1, groupCount);
  }
  return { dim, nlist: total, centroids, groups, first };
}

/**
 * Merges rows [from, to) of `centroids` into the running best list (`scores`, `out`: best first, -Infinity / -1 when
 * empty) by dot product with v: insertion into a tiny sorted list.
 */
export function bestRows(
  centroids: Float32Array,
  from: number,
  to: number,
  dim: number,
  v: Float32Array,
  scores: Float64Array,
  out: Int32Array,
): void {
  const want = out.length;
  for (let c = from, coff = from * dim; c < to; c++, coff += dim) {
    const s = dot(centroids, coff, v, 0, dim);
    if (s <= (scores[want - 1] as number)) continue;
    let i = want - 1;
    while (i > 0 && s > (scores[i - 1] as number)) {
      scores[i] = scores[i - 1] as number;
      out[i] = out[i - 1] as number;
      i--;
    }
    scores[i] = s;
    out[i] = c;
  }
}

/** The `out.length` best cells for v over every cell (exact), best first, and their scores. */
export function nearestCells(
  centroids: Float32Array,
  nlist: number,
  dim: number,
  v: Float32Array,
  scores: Float64Array,
  out: Int32Array,
): void {
  out.fill(-1);
  scores.fill(Number.NEGATIVE_INFINITY);
  bestRows(centroids, 0, nlist, dim, v, scores, out);
}

/**
 * Build-time listing: the best cells among those of v's `groups.length` best groups. Nearly always the same cells
 * as nearestCells, at a fraction of the dot products (≈ sqrt(nlist) · (1 + groups) instead of nlist).
 */
export function nearestCellsByGroup(
  q: CoarseQuantizer,
  v: Float32Array,
  groups: Int32Array,
  groupScores: Float64Array,
  scores: Float64Array,
  out: Int32Array,
): void {
  groups.fill(-1);
  groupScores.fill(Number.NEGATIVE_INFINITY);
  bestRows(q.groups, 0, q.first.length - 1, q.dim, v, groupScores, groups);
  out.fill(-1);
  scores.fill(Number.NEGATIVE_INFINITY);
  for (const g of groups) {
    if (g >= 0) bestRows(q.centroids, q.first[g] as number, q.first[g + 1] as number, q.dim, v, scores, out);
  }
}
