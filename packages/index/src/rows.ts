// The vectors of an index, stored once: slot → float32 row and id in one contiguous Float32Array. Removal moves the
// last row into the hole so the rows stay dense and a scan is one tight loop over `data`.
import type { TopK } from './heap.ts';
import type { Hit } from './types.ts';

export function checkDimension(what: 'vector' | 'query', v: Float32Array, dim: number): void {
  if (v.length !== dim) throw new RangeError(`${what} has ${v.length} components, index has ${dim}`);
}

export class VectorRows {
  readonly dim: number;
  /** Row `slot` is `data[slot * dim, (slot + 1) * dim)`; read directly by the search loops. Replaced when it grows. */
  data: Float32Array;
  #ids: string[] = [];
  #slotOf = new Map<string, number>();

  constructor(dim: number, capacity: number) {
    this.dim = dim;
    this.data = new Float32Array(capacity * dim);
  }

  /** Rows over an existing block (row i = ids[i]), used as it is, without a copy, until the rows outgrow it. */
  static adopt(dim: number, data: Float32Array, ids: readonly string[]): VectorRows {
    return finish(VectorRows.adoptInSteps(dim, data, ids, Number.POSITIVE_INFINITY));
  }

  /** adopt, pausing (yield) after every `step` ids, so a caller can spread a large adoption over event-loop turns. */
  static *adoptInSteps(
    dim: number,
    data: Float32Array,
    ids: readonly string[],
    step: number,
  ): Generator<void, VectorRows> {
    if (data.length === 0 || data.length % dim !== 0 || data.length < ids.length * dim)
      throw new RangeError(`a block of ${data.length} floats cannot hold ${ids.length} rows of ${dim}`);
    const rows = new VectorRows(dim, 0);
    rows.data = data;
    rows.#ids = [...ids];
    for (let slot = 0; slot < ids.length; slot++) {
      rows.#slotOf.set(ids[slot] as string, slot);
      if ((slot + 1) % step === 0) yield;
    }
    return rows;
  }

  get size(): number {
    return this.#ids.length;
  }

  get capacity(): number {
    return this.data.length / this.dim;
  }

  slotOf(id: string): number | undefined {
    return this.#slotOf.get(id);
  }

  /** Appends the row (doubling the storage when full) and returns its slot; the caller checks `slotOf` first. */
  push(id: string, vector: Float32Array): number {
    const slot = this.#ids.length;
    if (slot === this.capacity) {
      const grown = new Float32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data.set(vector, slot * this.dim);
    this.#ids.push(id);
    this.#slotOf.set(id, slot);
    return slot;
  }

  /** Removes the row; the last one (slot `size - 1` before the call) moves into its slot. False for an unknown id. */
  remove(id: string): boolean {
    const slot = this.#slotOf.get(id);
    if (slot === undefined) return false;
    const last = this.#ids.length - 1;
    if (slot !== last) {
      const moved = this.#ids[last] as string;
      this.data.copyWithin(slot * this.dim, last * this.dim, (last + 1) * this.dim);
      this.#ids[slot] = moved;
      this.#slotOf.set(moved, slot);
    }
    this.#ids.pop();
    this.#slotOf.delete(id);
    return true;
  }

  /** A copy of the row. */
  vector(id: string): Float32Array | undefined {
    const slot = this.#slotOf.get(id);
    if (slot === undefined) return undefined;
    return this.data.slice(slot * this.dim, (slot + 1) * this.dim);
  }

  /** The heap's slots as hits, best first. */
  hits(heap: TopK): Hit[] {
    return heap.sorted().map(({ item, score }) => ({ id: this.#ids[item] as string, score }));
  }

  *entries(): IterableIterator<[string, Float32Array]> {
    for (let slot = 0; slot < this.#ids.length; slot++) {
      yield [this.#ids[slot] as string, this.data.subarray(slot * this.dim, (slot + 1) * this.dim)];
    }
  }
}

/** Runs a stepwise job to completion without pausing. */
export function finish<T>(steps: Generator<void, T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}
