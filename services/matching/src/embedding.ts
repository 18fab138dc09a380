// The wire form of an embedding (packed floats or float32 little-endian bytes) as a Float32Array, validated.
import type { Embedding__Output } from '@visor/contracts';
import { fromFloat32Le } from '@visor/index';
import { VisorError } from '@visor/runtime';

/** Larger than any face embedder; bounds the work a single request can ask for. */
export const MAX_DIMENSION = 4096;

export function decodeEmbedding(embedding: Embedding__Output | null | undefined): Float32Array {
  if (!embedding) throw new VisorError('invalid_argument', 'embedding is required');
  const bytes = embedding.float32Le;
  const values = embedding.values ?? [];
  if (bytes && bytes.length > 0 && values.length > 0) {
    throw new VisorError('invalid_argument', 'set exactly one of embedding.values and embedding.float32_le');
  }
  let vector: Float32Array;
  if (bytes && bytes.length > 0) {
    if (bytes.length % 4 !== 0)
      throw new VisorError('invalid_argument', 'embedding.float32_le length is not a multiple of 4');
    vector = fromFloat32Le(bytes);
  } else {
    vector = Float32Array.from(values);
  }
  if (vector.length === 0) throw new VisorError('invalid_argument', 'embedding is empty');
  if (vector.length > MAX_DIMENSION)
    throw new VisorError('invalid_argument', `embedding has over ${MAX_DIMENSION} components`);
  if (embedding.dimension && embedding.dimension !== vector.length) {
    throw new VisorError(
      'invalid_argument',
      `embedding.dimension ${embedding.dimension} ≠ ${vector.length} components`,
    );
  }
  for (const x of vector)
    if (!Number.isFinite(x)) throw new VisorError('invalid_argument', 'embedding has non-finite components');
  return vector;
}
