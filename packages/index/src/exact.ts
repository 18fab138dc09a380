// Brute-force index: one contiguous Float32Array, scanned with a tight dot-product loop. Exact, and the fastest
// choice for small galleries (no training, cache-friendly); removal swaps the last vector into the hole so the
// storage stays dense.
import { TopK } from './heap.ts';
import { checkDimension, VectorRows } from './rows.ts';
import type { Hit, VectorIndex } from './types.ts';
import { dot } from './vector.ts';

const INITIAL_CAPACITY = 64;

export class ExactIndex implements VectorIndex {
  readonly kind = 'exact' as const;
  readonly dim: number;
  #rows: VectorRows;

  constructor(dim: number, initialCapacity = INITIAL_CAPACITY) {
    if (!Number.isInteger(dim) || dim < 1) throw new RangeError(`dimension must be a positive integer, got ${dim}`);
    this.dim = dim;
    this.#rows = new VectorRows(dim, Math.max(1, initialCapacity));
  }

  get size(): number {
    return this.#rows.size;
  }

  get capacity(): number {
    return this.#rows.capacity;
  }

  get vectorBytes(): number {
    return this.#rows.data.byteLength;
  }

  has(id: string): boolean {
    return this.#rows.slotOf(id) !== undefined;
  }

  add(id: string, vector: Float32Array): boolean {
    checkDimension('vector', vector, this.dim);
    if (this.has(id)) return false;
    this.#rows.push(id, vector);
    return true;
  }

  remove(id: string): boolean {
    return this.#rows.remove(id);
  }

  vector(id: string): Float32Array | undefined {
    return this.#rows.vector(id);
  }

  search(query: Float32Array, k: number): Hit[] {
    checkDimension('query', query, this.dim);
    const n = this.#rows.size;
    if (n === 0 || k < 1) return [];
    const heap = new TopK(Math.min(k, n));
    const data = this.#rows.data;
    const dim = this.dim;
    let floor = heap.floor;
    for (let slot = 0, offset = 0; slot < n; slot++, offset += dim) {
      const score = dot(data, offset, query, 0, dim);
      if (score > floor) {
        heap.push(score, slot);
        floor = heap.floor;
      }
    }
    return this.#rows.hits(heap);
  }

  entries(): IterableIterator<[string, Float32Array]> {
    return this.#rows.entries();
  }
}
