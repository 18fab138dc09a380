// Original file: proto/visor/v1/embedding_service.proto

import type { ModelRef as _visor_v1_ModelRef, ModelRef__Output as _visor_v1_ModelRef__Output } from '../../visor/v1/ModelRef.ts';
import type { PixelLayout as _visor_v1_PixelLayout, PixelLayout__Output as _visor_v1_PixelLayout__Output } from '../../visor/v1/PixelLayout.ts';

/**
 * Response of EmbeddingService.GetModel.
 */
export interface GetModelResponse {
  'model'?: (_visor_v1_ModelRef | null);
  /**
   * Embedding length.
   */
  'dimension'?: (number);
  /**
   * Aligned-crop size and layout the model expects.
   */
  'inputWidth'?: (number);
  'inputHeight'?: (number);
  'inputLayout'?: (_visor_v1_PixelLayout);
}

/**
 * Response of EmbeddingService.GetModel.
 */
export interface GetModelResponse__Output {
  'model': (_visor_v1_ModelRef__Output | null);
  /**
   * Embedding length.
   */
  'dimension': (number);
  /**
   * Aligned-crop size and layout the model expects.
   */
  'inputWidth': (number);
  'inputHeight': (number);
  'inputLayout': (_visor_v1_PixelLayout__Output);
}
