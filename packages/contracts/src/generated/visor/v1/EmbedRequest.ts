// Original file: proto/visor/v1/embedding_service.proto

import type { AlignedCrop as _visor_v1_AlignedCrop, AlignedCrop__Output as _visor_v1_AlignedCrop__Output } from '../../visor/v1/AlignedCrop.ts';
import type { EmbeddingEncoding as _visor_v1_EmbeddingEncoding, EmbeddingEncoding__Output as _visor_v1_EmbeddingEncoding__Output } from '../../visor/v1/EmbeddingEncoding.ts';

/**
 * Request for EmbeddingService.Embed.
 */
export interface EmbedRequest {
  'crops'?: (_visor_v1_AlignedCrop)[];
  'encoding'?: (_visor_v1_EmbeddingEncoding);
}

/**
 * Request for EmbeddingService.Embed.
 */
export interface EmbedRequest__Output {
  'crops': (_visor_v1_AlignedCrop__Output)[];
  'encoding': (_visor_v1_EmbeddingEncoding__Output);
}
