// Original file: proto/visor/v1/common.proto


/**
 * A face embedding. Exactly one of values and float32_le is set; which one follows the request's
 * EmbeddingEncoding. Embeddings are L2-normalised, so the cosine similarity of two embeddings is their dot product.
 */
export interface Embedding {
  /**
   * The vector as packed floats.
   */
  'values'?: (number | string)[];
  /**
   * The vector as little-endian IEEE-754 float32s: 4 * dimension bytes. Cheaper to move and store than values.
   */
  'float32Le'?: (Buffer | Uint8Array | string);
  /**
   * Number of components; equals len(values) or len(float32_le) / 4.
   */
  'dimension'?: (number);
}

/**
 * A face embedding. Exactly one of values and float32_le is set; which one follows the request's
 * EmbeddingEncoding. Embeddings are L2-normalised, so the cosine similarity of two embeddings is their dot product.
 */
export interface Embedding__Output {
  /**
   * The vector as packed floats.
   */
  'values': (number)[];
  /**
   * The vector as little-endian IEEE-754 float32s: 4 * dimension bytes. Cheaper to move and store than values.
   */
  'float32Le': (Buffer);
  /**
   * Number of components; equals len(values) or len(float32_le) / 4.
   */
  'dimension': (number);
}
