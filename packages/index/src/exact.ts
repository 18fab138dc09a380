// Brute-force index: one contiguous Float32Array, scanned with a tight dot-product loop. Exact, and the fastest
// choice for small galleries (no training, cache-friendly); removal swaps the last vector into the hole so the
// storage stays dense.
import { TopK } from './heap.ts';
import type { Hit, VectorIndex } from './types.ts';
import { dot } from './vector.ts';

const INITIAL_CAPACITY = 64;

export class ExactIndex implements VectorIndex {
  readonly kind = 'exact' as const;
  readonly dim: number;
  #data: Float32Array;
  #ids: string[] = [];
  #slotOf = new Map<string, number>();

  constructor(dim: number, initialCapacity = INITIAL_CAPACITY) {
    if (!Number.isInteger(dim) || dim < 1) throw new RangeError(`dimension must be a positive integer, got ${dim}`);
    this.dim = dim;
    this.#data = new Float32Array(Math.max(1, initialCapacity) * dim);
  }

  get size(): number {
    return this.#ids.length;
  }

  get capacity(): number {
    return this.#data.length / this.dim;
  }

  get vectorBytes(): number {
    return this.#data.byteLength;
  }

  has(id: string): boolean {
    return this.#slotOf.has(id);
  }

  add(id: string, vector: Float32Array): boolean {
    if (vector.length !== this.dim)
      throw new RangeError(`vector has ${vector.length} components, index has ${this.dim}`);
    if (this.#slotOf.has(id)) return false;
    const slot = this.#ids.length;
    if (slot === this.capacity) {
      const grown = new Float32Array(this.#data.length * 2);
      grown.set(this.#data);
      this.#data = grown;
    }
    this.#data.set(vector, slot * this.dim);
    this.#ids.push(id);
    this.#slotOf.set(id, slot);
    return true;
  }

  remove(id: string): boolean {
    const slot = this.#slotOf.get(id);
    if (slot === undefined) return false;
    const last = this.#ids.length - 1;
    if (slot !== last) {
      const moved = this.#ids[last] as string;
      this.#data.copyWithin(slot * this.dim, last * this.dim, (last + 1) * this.dim);
      this.#ids[slot] = moved;
      this.#slotOf.set(moved, slot);
    }
    this.#ids.pop();
    this.#slotOf.delete(id);
    return true;
  }

  vector(id: string): Float32Array | undefined {
    const slot = this.#slotOf.get(id);
    if (slot === undefined) return undefined;
    return this.#data.slice(slot * this.dim, (slot + 1) * this.dim);
  }

  search(query: Float32Array, k: number): Hit[] {
    if (query.length !== this.dim) throw new RangeError(`query has ${query.length} components, index has ${this.dim}`);
    const n = this.#ids.length;
    if (n === 0 || k < 1) return [];
    const heap = new TopK(Math.min(k, n));
    const data = this.#data;
    const dim = this.dim;
    let floor = heap.floor;
    for (let slot = 0, offset = 0; slot < n; slot++, offset += dim) {
      const score = dot(data, offset, query, 0, dim);
      if (score > floor) {
        heap.push(score, slot);
        floor = heap.floor;
      }
    }
    return heap.sorted().map(({ item, score }) => ({ id: this.#ids[item] as string, score }));
  }

  *entries(): IterableIterator<[string, Float32Array]> {
    for (let slot = 0; slot < this.#ids.length; slot++) {
      yield [this.#ids[slot] as string, this.#data.subarray(slot * this.dim, (slot + 1) * this.dim)];
    }
  }
}
