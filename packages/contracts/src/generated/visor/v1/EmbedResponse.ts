// Original file: proto/visor/v1/embedding_service.proto

import type { Embedding as _visor_v1_Embedding, Embedding__Output as _visor_v1_Embedding__Output } from '../../visor/v1/Embedding.ts';
import type { ModelRef as _visor_v1_ModelRef, ModelRef__Output as _visor_v1_ModelRef__Output } from '../../visor/v1/ModelRef.ts';

/**
 * Response of EmbeddingService.Embed.
 */
export interface EmbedResponse {
  /**
   * One per request crop, in the same order.
   */
  'embeddings'?: (_visor_v1_Embedding)[];
  /**
   * The model that produced every embedding in this response (a batch never mixes versions).
   */
  'model'?: (_visor_v1_ModelRef | null);
}

/**
 * Response of EmbeddingService.Embed.
 */
export interface EmbedResponse__Output {
  /**
   * One per request crop, in the same order.
   */
  'embeddings': (_visor_v1_Embedding__Output)[];
  /**
   * The model that produced every embedding in this response (a batch never mixes versions).
   */
  'model': (_visor_v1_ModelRef__Output | null);
}
