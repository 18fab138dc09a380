// Original file: proto/visor/v1/common.proto

/**
 * How a service should return embeddings.
 */
export const EmbeddingEncoding = {
  /**
   * The server's default: EMBEDDING_ENCODING_FLOAT32_LE.
   */
  EMBEDDING_ENCODING_UNSPECIFIED: 'EMBEDDING_ENCODING_UNSPECIFIED',
  EMBEDDING_ENCODING_VALUES: 'EMBEDDING_ENCODING_VALUES',
  EMBEDDING_ENCODING_FLOAT32_LE: 'EMBEDDING_ENCODING_FLOAT32_LE',
} as const;

/**
 * How a service should return embeddings.
 */
export type EmbeddingEncoding =
  /**
   * The server's default: EMBEDDING_ENCODING_FLOAT32_LE.
   */
  | 'EMBEDDING_ENCODING_UNSPECIFIED'
  | 0
  | 'EMBEDDING_ENCODING_VALUES'
  | 1
  | 'EMBEDDING_ENCODING_FLOAT32_LE'
  | 2

/**
 * How a service should return embeddings.
 */
export type EmbeddingEncoding__Output = typeof EmbeddingEncoding[keyof typeof EmbeddingEncoding]
