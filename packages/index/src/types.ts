// What every vector index offers the gallery: vectors keyed by a string id, exact or approximate top-K search.

export type Hit = { id: string; score: number };

export type IndexKind = 'exact' | 'ivf';

export interface VectorIndex {
  readonly kind: IndexKind;
  readonly dim: number;
  readonly size: number;
  has(id: string): boolean;
  /** Adds a unit vector; false (and nothing changes) when `id` is already present. */
  add(id: string, vector: Float32Array): boolean;
  /** False when `id` is absent. */
  remove(id: string): boolean;
  /** A copy of the stored vector. */
  vector(id: string): Float32Array | undefined;
  /** The k highest dot products, best first. */
  search(query: Float32Array, k: number): Hit[];
  /** Every stored (id, vector view); the views are only valid until the next add or remove. */
  entries(): IterableIterator<[string, Float32Array]>;
  /** Bytes of vector storage allocated (capacity, not size), for memory reporting. */
  readonly vectorBytes: number;
}
