// Original file: proto/visor/v1/matching_service.proto

import type { Embedding as _visor_v1_Embedding, Embedding__Output as _visor_v1_Embedding__Output } from '../../visor/v1/Embedding.ts';
import type { ModelRef as _visor_v1_ModelRef, ModelRef__Output as _visor_v1_ModelRef__Output } from '../../visor/v1/ModelRef.ts';

/**
 * Request for MatchingService.Identify.
 */
export interface IdentifyRequest {
  'tenantId'?: (string);
  'embedding'?: (_visor_v1_Embedding | null);
  /**
   * Maximum number of candidates. 0 = server default.
   */
  'topK'?: (number);
  /**
   * Candidates scoring below this cosine similarity are dropped. 0 = the calibrated threshold; to see every
   * candidate regardless of score pass -1.
   */
  'minScore'?: (number | string);
  'model'?: (_visor_v1_ModelRef | null);
}

/**
 * Request for MatchingService.Identify.
 */
export interface IdentifyRequest__Output {
  'tenantId': (string);
  'embedding': (_visor_v1_Embedding__Output | null);
  /**
   * Maximum number of candidates. 0 = server default.
   */
  'topK': (number);
  /**
   * Candidates scoring below this cosine similarity are dropped. 0 = the calibrated threshold; to see every
   * candidate regardless of score pass -1.
   */
  'minScore': (number);
  'model': (_visor_v1_ModelRef__Output | null);
}
