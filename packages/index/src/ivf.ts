// IVF-PQ with spilled assignment and exact re-ranking. Two-level spherical k-means splits the space into about
// `nlist` cells and every vector is listed in its `spill` nearest cells (a probe whose true neighbour sits near a
// cell border still finds it in a neighbouring cell). Each listing carries a product-quantisation code (m bytes,
// two 4-bit sub-codes per byte, see pq.ts). A query scores the centroids, scans the codes of the `nprobe` closest
// cells with one table lookup per byte, keeps the best `rerank` candidates and re-scores those against the float32
// vectors, stored once. Every returned score is therefore exact; what it can miss is a neighbour in no probed cell,
// or one the codes ranked below `rerank` others. Recall against ExactIndex is measured by the match benchmark and
// asserted by the index tests.
import { TopK } from './heap.ts';
import { computeIvfParts, gatherRows, type IvfOptions, type IvfParts } from './ivf-build.ts';
import { nearestCells } from './kmeans.ts';
import { ProductQuantizer } from './pq.ts';
import { checkDimension, finish, VectorRows } from './rows.ts';
import type { Hit, VectorIndex } from './types.ts';
import { dot } from './vector.ts';

export { DEFAULT_PROBE_FRACTION, DEFAULT_SPILL, defaultNlist, type IvfOptions } from './ivf-build.ts';

/** One cell's listings: PQ codes, the slot of each listed vector, and which of its `spill` listings this is. */
type Cell = { codes: Uint8Array; words: Uint32Array; slots: Int32Array; replica: Uint8Array; size: number };

const INITIAL_CAPACITY = 64;

function grow(a: Float32Array, length: number): Float32Array {
  const b = new Float32Array(length);
  b.set(a);
  return b;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Approximate scores of a cell's n codes of m bytes: each the sum of its m table entries. */
function scores(lut: Float32Array, codes: Uint8Array, n: number, m: number, out: Float32Array): void {
  for (let pos = 0, off = 0; pos < n; pos++, off += m) {
    let s = 0;
    for (let j = 0; j < m; j++) s += lut[(j << 8) + (codes[off + j] as number)] as number;
    out[pos] = s;
  }
}

/**
 * The same for m = 8 (the default at dim 128), reading each code as two little-endian words, unrolled and summed
 * as a tree: this loop is the hot path of large-gallery search.
 */
function scores8(l: Float32Array, w: Uint32Array, n: number, out: Float32Array): void {
  for (let pos = 0, o = 0; pos < n; pos++, o += 2) {
    const a = w[o] as number;
    const b = w[o + 1] as number;
    out[pos] =
      (l[a & 255] as number) +
      (l[256 + ((a >>> 8) & 255)] as number) +
      ((l[512 + ((a >>> 16) & 255)] as number) + (l[768 + (a >>> 24)] as number)) +
      ((l[1024 + (b & 255)] as number) +
        (l[1280 + ((b >>> 8) & 255)] as number) +
        ((l[1536 + ((b >>> 16) & 255)] as number) + (l[1792 + (b >>> 24)] as number)));
  }
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
  // Approximate scores of one cell, reused across queries.
  #scratch = new Float32Array(0);

  private constructor(
    dim: number,
    centroids: Float32Array,
    pq: ProductQuantizer | undefined,
    options: { nprobe: number; rerank: number; spill: number; trainedFor: number },
    rows: VectorRows,
  ) {
    this.dim = dim;
    this.#centroids = centroids;
    this.#pq = pq;
    this.nlist = centroids.length / dim;
    this.nprobe = Math.max(1, Math.min(this.nlist, options.nprobe));
    this.rerank = options.rerank;
    this.spill = Math.max(1, Math.min(this.nlist, options.spill));
    this.trainedFor = options.trainedFor;
    // The per-slot arrays always have the rows' capacity (see #insert).
    const capacity = rows.capacity;
    this.#rows = rows;
    this.#home = new Int32Array(capacity * this.spill).fill(-1);
    this.#pos = new Int32Array(capacity * this.spill);
    this.#seen = new Uint32Array(capacity);
    this.#cells = Array.from({ length: this.nlist }, () => ({
      codes: new Uint8Array(0),
      words: new Uint32Array(0),
      slots: new Int32Array(0),
      replica: new Uint8Array(0),
      size: 0,
    }));
  }

  /** Bytes per PQ code (0 = IVF-flat: candidates scored in float32 directly). */
  get pqM(): number {
    return this.#pq?.m ?? 0;
  }

  /** Trains centroids and PQ codebooks on a seeded sample of `entries`, then lists every entry (on this thread). */
  static build(
    dim: number,
    entries: Iterable<[string, Float32Array]>,
    count: number,
    options: IvfOptions = {},
  ): IvfIndex {
    const { ids, vectors } = gatherRows(dim, entries, count);
    return IvfIndex.fromParts(dim, ids, vectors, computeIvfParts(dim, vectors, ids.length, options));
  }

  /**
   * The index over `vectors` (row i has id `ids[i]`; adopted, not copied) from parts computed by computeIvfParts,
   * here or in a worker (see buildIvfInWorker). Only bookkeeping: no dot products.
   */
  static fromParts(dim: number, ids: readonly string[], vectors: Float32Array, parts: IvfParts): IvfIndex {
    return finish(IvfIndex.assemble(dim, ids, vectors, parts, Number.POSITIVE_INFINITY));
  }

  /** fromParts, pausing (yield) after every `step` rows: buildIvfInWorker spreads it over event-loop turns. */
  static *assemble(
    dim: number,
    ids: readonly string[],
    vectors: Float32Array,
    parts: IvfParts,
    step: number,
  ): Generator<void, IvfIndex> {
    const pq = parts.pqCentroids
      ? new ProductQuantizer(parts.pqM, dim / (2 * parts.pqM), parts.pqCentroids)
      : undefined;
    const block = vectors.length >= INITIAL_CAPACITY * dim ? vectors : grow(vectors, INITIAL_CAPACITY * dim);
    const rows: VectorRows = yield* VectorRows.adoptInSteps(dim, block, ids, step);
    const index = new IvfIndex(dim, parts.centroids, pq, parts, rows);
    const { spill, nlist } = index;
    const sizes = new Int32Array(nlist);
    for (const c of parts.cells) if (c >= 0) sizes[c] = (sizes[c] as number) + 1;
    for (let c = 0; c < nlist; c++) index.#reserve(index.#cells[c] as Cell, Math.max(4, sizes[c] as number));
    const m = parts.pqM;
    for (let slot = 0; slot < ids.length; slot++) {
      index.#list(
        slot,
        parts.cells.subarray(slot * spill, (slot + 1) * spill),
        parts.codes.subarray(slot * m, (slot + 1) * m),
      );
      if ((slot + 1) % step === 0) yield;
    }
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
    // The same bytes as 32-bit words: the 8-byte scan reads two words instead of eight bytes (fewer bounds checks).
    cell.words = new Uint32Array(codes.buffer, 0, codes.byteLength >>> 2);
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
    this.#list(this.#rows.push(id, vector), cells, code);
  }

  /** Lists the vector in `slot` in its cells with its code. */
  #list(slot: number, cells: Int32Array, code: Uint8Array): void {
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
    nearestCells(this.#centroids, this.nlist, this.dim, vector, new Float64Array(this.spill), cells);
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
    const wordScan = m === 8 && LITTLE_ENDIAN;
    let scratch = this.#scratch;
    // Best cells first: the shortlist's floor then rises early and fewer codes are pushed through it.
    for (const { item: c } of probes.sorted()) {
      const cell = this.#cells[c] as Cell;
      const slots = cell.slots;
      const n = cell.size;
      if (scratch.length < n) {
        scratch = new Float32Array(n * 2);
        this.#scratch = scratch;
      }
      // Two passes: a branch-free scoring loop the JIT keeps tight, then the rare candidates above the floor.
      if (wordScan) scores8(lut, cell.words, n, scratch);
      else scores(lut, cell.codes, n, m, scratch);
      for (let pos = 0; pos < n; pos++) {
        const s = scratch[pos] as number;
        if (s <= floor) continue;
        const slot = slots[pos] as number;
        if (seen[slot] === stamp) continue;
        seen[slot] = stamp;
        shortlist.push(s, slot);
        floor = shortlist.floor;
      }
    }
    for (const slot of shortlist.items()) heap.push(dot(data, slot * dim, query, 0, dim), slot);
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
