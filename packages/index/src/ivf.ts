// IVF-PQ with spilled assignment and exact re-ranking. Spherical k-means splits the space into `nlist` cells and
// every vector is listed in its `spill` nearest cells (a probe whose true neighbour sits near a cell border still
// finds it in a neighbouring cell). Each listing carries a product-quantisation code (m bytes: the nearest of 256
// centroids in each of m sub-spaces). A query scores the centroids, scans the codes of the `nprobe` closest cells
// with one table lookup per byte (16 components per byte by default), keeps the best
// `rerank` candidates and re-scores those against the float32 vectors, stored once. Every returned score is
// therefore exact; what it can miss is a neighbour in no probed cell, or one the codes ranked below `rerank`
// others. Recall against ExactIndex is measured by the match benchmark and asserted by the index tests.
import { TopK } from './heap.ts';
import { seededRandom } from './rng.ts';
import { checkDimension, VectorRows } from './rows.ts';
import type { Hit, VectorIndex } from './types.ts';
import { dot } from './vector.ts';

export type IvfOptions = {
  /** Number of cells; default ≈ sqrt(n) (16..4096). */
  nlist?: number;
  /** Cells scanned per query; default a fraction of nlist (see probeFraction). */
  nprobe?: number;
  /** nprobe = ceil(nlist × probeFraction) when nprobe is not given (default 0.1). */
  probeFraction?: number;
  /** PQ sub-spaces (bytes per code); must divide the dimension (default dim / 16, 0 = no codes: IVF-flat). */
  pqM?: number;
  /** Candidates re-scored exactly per query: max(k, rerank) (default 256: a re-score is one dot product). */
  rerank?: number;
  /** Cells each vector is listed in (default 3). */
  spill?: number;
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

/** One cell's listings: PQ codes, the slot of each listed vector, and which of its `spill` listings this is. */
type Cell = { codes: Uint8Array; slots: Int32Array; replica: Uint8Array; size: number };

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

/** The `out.length` best cells for v, best first (insertion into a tiny sorted list). */
function nearestCells(centroids: Float32Array, nlist: number, dim: number, v: Float32Array, out: Int32Array): void {
  const want = out.length;
  const scores = new Float64Array(want).fill(Number.NEGATIVE_INFINITY);
  out.fill(-1);
  for (let c = 0, coff = 0; c < nlist; c++, coff += dim) {
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

const INITIAL_CAPACITY = 64;

/** Approximate score of one PQ code: the sum of its m table entries. */
function approx(lut: Float32Array, codes: Uint8Array, off: number, m: number): number {
  let s = 0;
  for (let j = 0; j < m; j++) s += lut[(j << 8) + (codes[off + j] as number)] as number;
  return s;
}

/** The same for m = 8 (the default at dim 128), unrolled: this loop is the hot path of large-gallery search. */
function approx8(l: Float32Array, c: Uint8Array, o: number): number {
  return (
    (l[c[o] as number] as number) +
    (l[256 + (c[o + 1] as number)] as number) +
    (l[512 + (c[o + 2] as number)] as number) +
    (l[768 + (c[o + 3] as number)] as number) +
    (l[1024 + (c[o + 4] as number)] as number) +
    (l[1280 + (c[o + 5] as number)] as number) +
    (l[1536 + (c[o + 6] as number)] as number) +
    (l[1792 + (c[o + 7] as number)] as number)
  );
}

export class IvfIndex implements VectorIndex {
  readonly kind = 'ivf' as const;
  readonly dim: number;
  readonly nlist: number;
  nprobe: number;
  readonly rerank: number;
  readonly spill: number;
  /** Size the centroids were trained for; the gallery retrains when the index outgrows it. */
  readonly trainedFor: number;
  #centroids: Float32Array;
  #pq: ProductQuantizer | undefined;
  #cells: Cell[];
  // The vectors, stored once; swap-remove keeps them dense.
  #rows: VectorRows;
  // Per slot and listing: the cell it is in (-1 = none) and its position there.
  #home: Int32Array;
  #pos: Int32Array;
  // Search marks each slot it has shortlisted with the query's stamp, so a vector listed twice counts once.
  #seen: Uint32Array;
  #stamp = 0;

  private constructor(
    dim: number,
    centroids: Float32Array,
    pq: ProductQuantizer | undefined,
    options: { nprobe: number; rerank: number; spill: number; trainedFor: number; capacity: number },
  ) {
    this.dim = dim;
    this.#centroids = centroids;
    this.#pq = pq;
    this.nlist = centroids.length / dim;
    this.nprobe = Math.max(1, Math.min(this.nlist, options.nprobe));
    this.rerank = options.rerank;
    this.spill = Math.max(1, Math.min(this.nlist, options.spill));
    this.trainedFor = options.trainedFor;
    const capacity = Math.max(INITIAL_CAPACITY, options.capacity);
    this.#rows = new VectorRows(dim, capacity);
    this.#home = new Int32Array(capacity * this.spill).fill(-1);
    this.#pos = new Int32Array(capacity * this.spill);
    this.#seen = new Uint32Array(capacity);
    this.#cells = Array.from({ length: this.nlist }, () => ({
      codes: new Uint8Array(0),
      slots: new Int32Array(0),
      replica: new Uint8Array(0),
      size: 0,
    }));
  }

  /** Bytes per PQ code (0 = IVF-flat: candidates scored in float32 directly). */
  get pqM(): number {
    return this.#pq?.m ?? 0;
  }

  /** Trains centroids and PQ codebooks on a seeded sample of `entries`, then lists every entry. */
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
    const trained = Math.max(1, Math.min(seen, trainCount));
    const iterations = options.iterations ?? 8;
    const centroids = trainCentroids(sample, trained, dim, nlist, iterations, random, options.onProgress);
    const pqM = options.pqM ?? (dim % 16 === 0 ? dim / 16 : 0);
    if (pqM > 0 && dim % pqM !== 0) throw new RangeError(`pqM ${pqM} does not divide the dimension ${dim}`);
    const pq = pqM > 0 && seen > 0 ? ProductQuantizer.train(sample, trained, dim, pqM, iterations, random) : undefined;
    const index = new IvfIndex(dim, centroids, pq, {
      nprobe,
      rerank: options.rerank ?? 256,
      spill: options.spill ?? 3,
      trainedFor: seen,
      capacity: all.length,
    });
    // First pass: every entry's cells, so each cell is allocated once at its final size.
    const spill = index.spill;
    const cellsOf = new Int32Array(all.length * spill);
    const sizes = new Int32Array(nlist);
    const best = new Int32Array(spill);
    const step = Math.max(1, Math.floor(all.length / 100));
    for (let i = 0; i < all.length; i++) {
      nearestCells(centroids, nlist, dim, (all[i] as [string, Float32Array])[1], best);
      cellsOf.set(best, i * spill);
      for (const c of best) if (c >= 0) sizes[c] = (sizes[c] as number) + 1;
      if (i % step === 0) options.onProgress?.('assign', i, all.length);
    }
    for (let c = 0; c < nlist; c++) index.#reserve(index.#cells[c] as Cell, Math.max(4, sizes[c] as number));
    const code = new Uint8Array(pqM);
    for (let i = 0; i < all.length; i++) {
      const [id, v] = all[i] as [string, Float32Array];
      pq?.encode(v, 0, code, 0);
      index.#insert(id, v, cellsOf.subarray(i * spill, (i + 1) * spill), code);
      if (i % step === 0) options.onProgress?.('encode', i, all.length);
    }
    options.onProgress?.('encode', all.length, all.length);
    return index;
  }

  get size(): number {
    return this.#rows.size;
  }

  get vectorBytes(): number {
    let bytes = this.#centroids.byteLength + this.#rows.data.byteLength + this.#home.byteLength + this.#pos.byteLength;
    bytes += this.#seen.byteLength + (this.#pq?.centroids.byteLength ?? 0);
    for (const cell of this.#cells) bytes += cell.codes.byteLength + cell.slots.byteLength + cell.replica.byteLength;
    return bytes;
  }

  has(id: string): boolean {
    return this.#rows.slotOf(id) !== undefined;
  }

  #reserve(cell: Cell, capacity: number): void {
    if (cell.slots.length >= capacity) return;
    const m = this.pqM;
    const codes = new Uint8Array(capacity * m);
    codes.set(cell.codes.subarray(0, cell.size * m));
    const slots = new Int32Array(capacity);
    slots.set(cell.slots.subarray(0, cell.size));
    const replica = new Uint8Array(capacity);
    replica.set(cell.replica.subarray(0, cell.size));
    cell.codes = codes;
    cell.slots = slots;
    cell.replica = replica;
  }

  #insert(id: string, vector: Float32Array, cells: Int32Array, code: Uint8Array): void {
    if (this.#rows.size === this.#rows.capacity) {
      // The per-slot arrays grow with the rows (which grow themselves in push).
      const grow = <T extends Float32Array | Int32Array | Uint32Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.#home = grow(this.#home, (n) => new Int32Array(n).fill(-1));
      this.#pos = grow(this.#pos, (n) => new Int32Array(n));
      this.#seen = grow(this.#seen, (n) => new Uint32Array(n));
    }
    const slot = this.#rows.push(id, vector);
    const m = this.pqM;
    for (let r = 0; r < this.spill; r++) {
      const c = cells[r] as number;
      this.#home[slot * this.spill + r] = c;
      if (c < 0) continue;
      const cell = this.#cells[c] as Cell;
      if (cell.size === cell.slots.length) this.#reserve(cell, Math.max(4, cell.size * 2));
      const pos = cell.size++;
      cell.codes.set(code, pos * m);
      cell.slots[pos] = slot;
      cell.replica[pos] = r;
      this.#pos[slot * this.spill + r] = pos;
    }
  }

  add(id: string, vector: Float32Array): boolean {
    checkDimension('vector', vector, this.dim);
    if (this.has(id)) return false;
    const cells = new Int32Array(this.spill);
    nearestCells(this.#centroids, this.nlist, this.dim, vector, cells);
    const code = new Uint8Array(this.pqM);
    this.#pq?.encode(vector, 0, code, 0);
    this.#insert(id, vector, cells, code);
    return true;
  }

  remove(id: string): boolean {
    const slot = this.#rows.slotOf(id);
    if (slot === undefined) return false;
    const spill = this.spill;
    const m = this.pqM;
    // Unlist it from each of its cells: the cell's last listing moves into the hole.
    for (let r = 0; r < spill; r++) {
      const c = this.#home[slot * spill + r] as number;
      if (c < 0) continue;
      const cell = this.#cells[c] as Cell;
      const pos = this.#pos[slot * spill + r] as number;
      const last = --cell.size;
      if (pos !== last) {
        const movedSlot = cell.slots[last] as number;
        const movedReplica = cell.replica[last] as number;
        cell.codes.copyWithin(pos * m, last * m, (last + 1) * m);
        cell.slots[pos] = movedSlot;
        cell.replica[pos] = movedReplica;
        this.#pos[movedSlot * spill + movedReplica] = pos;
      }
    }
    // Then the store: the last slot moves into this one, and its listings are repointed.
    const lastSlot = this.#rows.size - 1;
    this.#rows.remove(id);
    if (slot !== lastSlot) {
      for (let r = 0; r < spill; r++) {
        const c = this.#home[lastSlot * spill + r] as number;
        const pos = this.#pos[lastSlot * spill + r] as number;
        this.#home[slot * spill + r] = c;
        this.#pos[slot * spill + r] = pos;
        if (c >= 0) (this.#cells[c] as Cell).slots[pos] = slot;
      }
    }
    this.#home.fill(-1, lastSlot * spill, (lastSlot + 1) * spill);
    return true;
  }

  vector(id: string): Float32Array | undefined {
    return this.#rows.vector(id);
  }

  search(query: Float32Array, k: number, nprobe = this.nprobe): Hit[] {
    checkDimension('query', query, this.dim);
    if (this.size === 0 || k < 1) return [];
    const dim = this.dim;
    const probes = new TopK(Math.max(1, Math.min(nprobe, this.nlist)));
    for (let c = 0, coff = 0; c < this.nlist; c++, coff += dim) {
      const s = dot(this.#centroids, coff, query, 0, dim);
      if (s > probes.floor) probes.push(s, c);
    }
    const stamp = this.#nextStamp();
    const seen = this.#seen;
    const data = this.#rows.data;
    const pq = this.#pq;
    const heap = new TopK(Math.min(k, this.size));
    if (!pq) {
      for (const { item: c } of probes.sorted()) {
        const cell = this.#cells[c] as Cell;
        for (let pos = 0; pos < cell.size; pos++) {
          const slot = cell.slots[pos] as number;
          if (seen[slot] === stamp) continue;
          seen[slot] = stamp;
          const s = dot(data, slot * dim, query, 0, dim);
          if (s > heap.floor) heap.push(s, slot);
        }
      }
      return this.#rows.hits(heap);
    }
    const m = pq.m;
    const lut = pq.table(query);
    const shortlist = new TopK(Math.min(this.size, Math.max(k, this.rerank)));
    // The floor only rises when something is pushed, so the hot loop reads it from a local.
    let floor = shortlist.floor;
    for (const { item: c } of probes.sorted()) {
      const cell = this.#cells[c] as Cell;
      const codes = cell.codes;
      const slots = cell.slots;
      const n = cell.size;
      for (let pos = 0, off = 0; pos < n; pos++, off += m) {
        const s = m === 8 ? approx8(lut, codes, off) : approx(lut, codes, off, m);
        if (s <= floor) continue;
        const slot = slots[pos] as number;
        if (seen[slot] === stamp) continue;
        seen[slot] = stamp;
        shortlist.push(s, slot);
        floor = shortlist.floor;
      }
    }
    for (const { item: slot } of shortlist.sorted()) heap.push(dot(data, slot * dim, query, 0, dim), slot);
    return this.#rows.hits(heap);
  }

  #nextStamp(): number {
    this.#stamp = (this.#stamp + 1) >>> 0;
    if (this.#stamp === 0) {
      this.#seen.fill(0);
      this.#stamp = 1;
    }
    return this.#stamp;
  }

  entries(): IterableIterator<[string, Float32Array]> {
    return this.#rows.entries();
  }
}
