// IVF-PQ with exact re-ranking. Spherical k-means splits the space into `nlist` cells; each vector also gets a
// product-quantisation code (m bytes: the nearest of 256 centroids in each of m sub-spaces). A query scores the
// centroids, then scans the codes of the `nprobe` closest cells with one table lookup per byte (about 8× cheaper
// than a float dot product at m = dim / 8), keeps the best `rerank` candidates and re-scores those against the
// stored float32 vectors. Every returned score is therefore exact; what it can miss is a neighbour in a cell it
// did not probe, or one the codes ranked below `rerank` others. Recall against ExactIndex is measured by the
// match benchmark and asserted by the index tests on a seeded set.
import { TopK } from './heap.ts';
import { seededRandom } from './rng.ts';
import type { Hit, VectorIndex } from './types.ts';
import { dot } from './vector.ts';

export type IvfOptions = {
  /** Number of cells; default ≈ sqrt(n) (16..4096). */
  nlist?: number;
  /** Cells scanned per query; default a fraction of nlist (see probeFraction). */
  nprobe?: number;
  /** nprobe = ceil(nlist × probeFraction) when nprobe is not given (default 0.1). */
  probeFraction?: number;
  /** PQ sub-spaces (bytes per code); must divide the dimension (default dim / 8, 0 = no codes: IVF-flat). */
  pqM?: number;
  /** Candidates re-scored exactly per query: max(k, rerank) (default 64). */
  rerank?: number;
  /** k-means training points per cell (default 32), capped at n. */
  trainPerList?: number;
  /** k-means iterations (default 8). */
  iterations?: number;
  seed?: number;
  /** Progress of the build: phase and fraction done, for long builds. */
  onProgress?: (phase: 'train' | 'assign' | 'encode', done: number, total: number) => void;
};

export const DEFAULT_PROBE_FRACTION = 0.25;

/** Cells: ≈ sqrt(n)/4 (16..1024). Scanning codes is cheap, so a few large cells beat many small ones here. */
export function defaultNlist(n: number): number {
  return Math.min(1024, Math.max(16, Math.round(Math.sqrt(n) / 4)));
}

type Cell = { data: Float32Array; codes: Uint8Array; ids: string[] };

const PQ_CENTROIDS = 256;

/** Product quantiser: m sub-spaces of dim/m components, 256 centroids each (Euclidean k-means per sub-space). */
class ProductQuantizer {
  readonly m: number;
  readonly dsub: number;
  /** [m][256][dsub] */
  readonly centroids: Float32Array;
  /** |c|² / 2 per centroid, so nearest = argmax(x·c − |c|²/2). */
  readonly halfNorms: Float32Array;

  constructor(m: number, dsub: number, centroids: Float32Array) {
    this.m = m;
    this.dsub = dsub;
    this.centroids = centroids;
    this.halfNorms = new Float32Array(m * PQ_CENTROIDS);
    for (let c = 0; c < m * PQ_CENTROIDS; c++) {
      let n2 = 0;
      for (let j = 0; j < dsub; j++) n2 += (centroids[c * dsub + j] as number) ** 2;
      this.halfNorms[c] = n2 / 2;
    }
  }

  static train(sample: Float32Array, count: number, dim: number, m: number, iterations: number, random: () => number) {
    const dsub = dim / m;
    const k = Math.min(PQ_CENTROIDS, count);
    const centroids = new Float32Array(m * PQ_CENTROIDS * dsub);
    const sub = new Float32Array(count * dsub);
    for (let s = 0; s < m; s++) {
      for (let i = 0; i < count; i++) sub.set(sample.subarray(i * dim + s * dsub, i * dim + (s + 1) * dsub), i * dsub);
      const book = kmeansL2(sub, count, dsub, k, iterations, random);
      centroids.set(book, s * PQ_CENTROIDS * dsub);
    }
    return new ProductQuantizer(m, dsub, centroids);
  }

  encode(v: Float32Array, offset: number, out: Uint8Array, outOffset: number): void {
    const { m, dsub, centroids, halfNorms } = this;
    for (let s = 0; s < m; s++) {
      let best = 0;
      let bestScore = Number.NEGATIVE_INFINITY;
      const base = s * PQ_CENTROIDS;
      for (let c = 0; c < PQ_CENTROIDS; c++) {
        const score = dot(centroids, (base + c) * dsub, v, offset + s * dsub, dsub) - (halfNorms[base + c] as number);
        if (score > bestScore) {
          bestScore = score;
          best = c;
        }
      }
      out[outOffset + s] = best;
    }
  }

  /** Query-to-centroid dot products, [m][256]: an approximate score is the sum of m lookups. */
  table(query: Float32Array): Float32Array {
    const { m, dsub, centroids } = this;
    const lut = new Float32Array(m * PQ_CENTROIDS);
    for (let s = 0; s < m; s++) {
      for (let c = 0; c < PQ_CENTROIDS; c++) {
        lut[s * PQ_CENTROIDS + c] = dot(centroids, (s * PQ_CENTROIDS + c) * dsub, query, s * dsub, dsub);
      }
    }
    return lut;
  }
}

/** Plain (Euclidean) k-means for the PQ codebooks; unused centroids stay at a training point. */
function kmeansL2(data: Float32Array, count: number, dim: number, k: number, iterations: number, random: () => number) {
  const centroids = new Float32Array(PQ_CENTROIDS * dim);
  for (let c = 0; c < PQ_CENTROIDS; c++) {
    const pick = c < k ? c : Math.floor(random() * count);
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

// A vector's place: cell × 2^32 + position, exact in a double (cells < 2^20, positions < 2^32).
const CELL_STRIDE = 4294967296;

/** Spherical k-means over `sample` (row-major unit vectors): centroids are re-normalised means. */
function trainCentroids(
  sample: Float32Array,
  count: number,
  dim: number,
  nlist: number,
  iterations: number,
  random: () => number,
  onProgress?: IvfOptions['onProgress'],
): Float32Array {
  const centroids = new Float32Array(nlist * dim);
  // Initial centroids: distinct random sample points (the sample is already a random subset).
  for (let c = 0; c < nlist; c++) centroids.set(sample.subarray(c * dim, (c + 1) * dim), c * dim);
  const sums = new Float64Array(nlist * dim);
  const counts = new Int32Array(nlist);
  for (let it = 0; it < iterations; it++) {
    sums.fill(0);
    counts.fill(0);
    for (let i = 0, off = 0; i < count; i++, off += dim) {
      const c = nearest(centroids, nlist, dim, sample, off);
      counts[c] = (counts[c] as number) + 1;
      const base = c * dim;
      for (let j = 0; j < dim; j++) sums[base + j] = (sums[base + j] as number) + (sample[off + j] as number);
    }
    for (let c = 0; c < nlist; c++) {
      const base = c * dim;
      if (counts[c] === 0) {
        // An empty cell takes a random training point, so no centroid is wasted.
        const pick = Math.floor(random() * count);
        centroids.set(sample.subarray(pick * dim, (pick + 1) * dim), base);
        continue;
      }
      let n2 = 0;
      for (let j = 0; j < dim; j++) n2 += (sums[base + j] as number) ** 2;
      const inv = n2 > 0 ? 1 / Math.sqrt(n2) : 0;
      for (let j = 0; j < dim; j++) centroids[base + j] = (sums[base + j] as number) * inv;
    }
    onProgress?.('train', it + 1, iterations);
  }
  return centroids;
}

function nearest(centroids: Float32Array, nlist: number, dim: number, v: Float32Array, offset: number): number {
  let best = 0;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let c = 0, coff = 0; c < nlist; c++, coff += dim) {
    const s = dot(centroids, coff, v, offset, dim);
    if (s > bestScore) {
      bestScore = s;
      best = c;
    }
  }
  return best;
}

export class IvfIndex implements VectorIndex {
  readonly kind = 'ivf' as const;
  readonly dim: number;
  readonly nlist: number;
  nprobe: number;
  /** Size the centroids were trained for; the gallery retrains when the index outgrows it. */
  readonly trainedFor: number;
  readonly rerank: number;
  #centroids: Float32Array;
  #pq: ProductQuantizer | undefined;
  #cells: Cell[];
  #where = new Map<string, number>();

  private constructor(
    dim: number,
    centroids: Float32Array,
    pq: ProductQuantizer | undefined,
    nprobe: number,
    rerank: number,
    trainedFor: number,
  ) {
    this.dim = dim;
    this.#centroids = centroids;
    this.#pq = pq;
    this.nlist = centroids.length / dim;
    this.nprobe = Math.max(1, Math.min(this.nlist, nprobe));
    this.rerank = rerank;
    this.trainedFor = trainedFor;
    this.#cells = Array.from({ length: this.nlist }, () => ({
      data: new Float32Array(0),
      codes: new Uint8Array(0),
      ids: [],
    }));
  }

  /** Bytes per PQ code (0 = IVF-flat). */
  get pqM(): number {
    return this.#pq?.m ?? 0;
  }

  /** Trains centroids on a seeded sample of `entries`, then assigns every entry to its cell. */
  static build(
    dim: number,
    entries: Iterable<[string, Float32Array]>,
    count: number,
    options: IvfOptions = {},
  ): IvfIndex {
    const nlist = Math.max(1, Math.min(options.nlist ?? defaultNlist(count), count));
    const nprobe = options.nprobe ?? Math.ceil(nlist * (options.probeFraction ?? DEFAULT_PROBE_FRACTION));
    const random = seededRandom(options.seed ?? 1);
    const trainCount = Math.min(count, Math.max(nlist, nlist * (options.trainPerList ?? 32)));
    // Reservoir sampling: a uniform sample of trainCount entries in one pass, whatever order they come in.
    const sample = new Float32Array(trainCount * dim);
    const all: Array<[string, Float32Array]> = [];
    let seen = 0;
    for (const [id, v] of entries) {
      all.push([id, v]);
      if (seen < trainCount) sample.set(v, seen * dim);
      else {
        const r = Math.floor(random() * (seen + 1));
        if (r < trainCount) sample.set(v, r * dim);
      }
      seen++;
    }
    const centroids = trainCentroids(
      sample,
      Math.min(seen, trainCount),
      dim,
      nlist,
      options.iterations ?? 8,
      random,
      options.onProgress,
    );
    const pqM = options.pqM ?? (dim % 8 === 0 ? dim / 8 : 0);
    if (pqM > 0 && dim % pqM !== 0) throw new RangeError(`pqM ${pqM} does not divide the dimension ${dim}`);
    const pq =
      pqM > 0 && seen > 0
        ? ProductQuantizer.train(sample, Math.min(seen, trainCount), dim, pqM, options.iterations ?? 8, random)
        : undefined;
    const index = new IvfIndex(dim, centroids, pq, nprobe, options.rerank ?? 64, seen);
    // Pre-size every cell from a first pass of assignments so the second pass copies without regrowing.
    const cellOf = new Int32Array(all.length);
    const sizes = new Int32Array(nlist);
    const step = Math.max(1, Math.floor(all.length / 100));
    for (let i = 0; i < all.length; i++) {
      const c = nearest(centroids, nlist, dim, (all[i] as [string, Float32Array])[1], 0);
      cellOf[i] = c;
      sizes[c] = (sizes[c] as number) + 1;
      if (i % step === 0) options.onProgress?.('assign', i, all.length);
    }
    for (let c = 0; c < nlist; c++) {
      const cell = index.#cells[c] as Cell;
      cell.data = new Float32Array(Math.max(4, sizes[c] as number) * dim);
      cell.codes = new Uint8Array(Math.max(4, sizes[c] as number) * pqM);
    }
    for (let i = 0; i < all.length; i++) {
      const [id, v] = all[i] as [string, Float32Array];
      index.#append(cellOf[i] as number, id, v);
      if (i % step === 0) options.onProgress?.('encode', i, all.length);
    }
    options.onProgress?.('assign', all.length, all.length);
    return index;
  }

  get size(): number {
    return this.#where.size;
  }

  get vectorBytes(): number {
    let bytes = this.#centroids.byteLength;
    for (const cell of this.#cells) bytes += cell.data.byteLength + cell.codes.byteLength;
    return bytes;
  }

  has(id: string): boolean {
    return this.#where.has(id);
  }

  #append(c: number, id: string, vector: Float32Array): void {
    const cell = this.#cells[c] as Cell;
    const pos = cell.ids.length;
    const m = this.pqM;
    if ((pos + 1) * this.dim > cell.data.length) {
      const grown = new Float32Array(Math.max(4 * this.dim, cell.data.length * 2));
      grown.set(cell.data);
      cell.data = grown;
      const grownCodes = new Uint8Array(Math.max(4 * m, cell.codes.length * 2));
      grownCodes.set(cell.codes);
      cell.codes = grownCodes;
    }
    cell.data.set(vector, pos * this.dim);
    this.#pq?.encode(vector, 0, cell.codes, pos * m);
    cell.ids.push(id);
    this.#where.set(id, c * CELL_STRIDE + pos);
  }

  add(id: string, vector: Float32Array): boolean {
    if (vector.length !== this.dim)
      throw new RangeError(`vector has ${vector.length} components, index has ${this.dim}`);
    if (this.#where.has(id)) return false;
    this.#append(nearest(this.#centroids, this.nlist, this.dim, vector, 0), id, vector);
    return true;
  }

  remove(id: string): boolean {
    const where = this.#where.get(id);
    if (where === undefined) return false;
    const c = Math.floor(where / CELL_STRIDE);
    const pos = where - c * CELL_STRIDE;
    const cell = this.#cells[c] as Cell;
    const last = cell.ids.length - 1;
    if (pos !== last) {
      const moved = cell.ids[last] as string;
      cell.data.copyWithin(pos * this.dim, last * this.dim, (last + 1) * this.dim);
      cell.codes.copyWithin(pos * this.pqM, last * this.pqM, (last + 1) * this.pqM);
      cell.ids[pos] = moved;
      this.#where.set(moved, c * CELL_STRIDE + pos);
    }
    cell.ids.pop();
    this.#where.delete(id);
    return true;
  }

  vector(id: string): Float32Array | undefined {
    const where = this.#where.get(id);
    if (where === undefined) return undefined;
    const c = Math.floor(where / CELL_STRIDE);
    const pos = where - c * CELL_STRIDE;
    return (this.#cells[c] as Cell).data.slice(pos * this.dim, (pos + 1) * this.dim);
  }

  search(query: Float32Array, k: number, nprobe = this.nprobe): Hit[] {
    if (query.length !== this.dim) throw new RangeError(`query has ${query.length} components, index has ${this.dim}`);
    if (this.size === 0 || k < 1) return [];
    const dim = this.dim;
    const probes = new TopK(Math.max(1, Math.min(nprobe, this.nlist)));
    for (let c = 0, coff = 0; c < this.nlist; c++, coff += dim) {
      const s = dot(this.#centroids, coff, query, 0, dim);
      if (s > probes.floor) probes.push(s, c);
    }
    const cells = probes.sorted().map((p) => p.item);
    const pq = this.#pq;
    if (!pq) return this.#exactScan(query, k, cells);
    const m = pq.m;
    const lut = pq.table(query);
    const shortlist = new TopK(Math.min(this.size, Math.max(k, this.rerank)));
    for (const c of cells) {
      const cell = this.#cells[c] as Cell;
      const codes = cell.codes;
      const n = cell.ids.length;
      const base = c * CELL_STRIDE;
      for (let pos = 0, off = 0; pos < n; pos++, off += m) {
        let s = 0;
        for (let j = 0; j < m; j++) s += lut[(j << 8) + (codes[off + j] as number)] as number;
        if (s > shortlist.floor) shortlist.push(s, base + pos);
      }
    }
    const heap = new TopK(Math.min(k, this.size));
    for (const { item } of shortlist.sorted()) {
      const c = Math.floor(item / CELL_STRIDE);
      const pos = item - c * CELL_STRIDE;
      heap.push(dot((this.#cells[c] as Cell).data, pos * dim, query, 0, dim), item);
    }
    return this.#hits(heap);
  }

  #exactScan(query: Float32Array, k: number, cells: number[]): Hit[] {
    const dim = this.dim;
    const heap = new TopK(Math.min(k, this.size));
    for (const c of cells) {
      const cell = this.#cells[c] as Cell;
      const data = cell.data;
      const n = cell.ids.length;
      const base = c * CELL_STRIDE;
      for (let pos = 0, off = 0; pos < n; pos++, off += dim) {
        const s = dot(data, off, query, 0, dim);
        if (s > heap.floor) heap.push(s, base + pos);
      }
    }
    return this.#hits(heap);
  }

  #hits(heap: TopK): Hit[] {
    return heap.sorted().map(({ item, score }) => {
      const c = Math.floor(item / CELL_STRIDE);
      return { id: (this.#cells[c] as Cell).ids[item - c * CELL_STRIDE] as string, score };
    });
  }

  *entries(): IterableIterator<[string, Float32Array]> {
    for (const cell of this.#cells) {
      for (let pos = 0; pos < cell.ids.length; pos++) {
        yield [cell.ids[pos] as string, cell.data.subarray(pos * this.dim, (pos + 1) * this.dim)];
      }
    }
  }
}
