// Original file: proto/visor/v1/matching_service.proto

import type { Embedding as _visor_v1_Embedding, Embedding__Output as _visor_v1_Embedding__Output } from '../../visor/v1/Embedding.ts';
import type { ModelRef as _visor_v1_ModelRef, ModelRef__Output as _visor_v1_ModelRef__Output } from '../../visor/v1/ModelRef.ts';

/**
 * Request for MatchingService.Verify.
 */
export interface VerifyRequest {
  'tenantId'?: (string);
  'subjectId'?: (string);
  'embedding'?: (_visor_v1_Embedding | null);
  /**
   * The model that produced embedding; only faces enrolled with the same model are compared.
   */
  'model'?: (_visor_v1_ModelRef | null);
}

/**
 * Request for MatchingService.Verify.
 */
export interface VerifyRequest__Output {
  'tenantId': (string);
  'subjectId': (string);
  'embedding': (_visor_v1_Embedding__Output | null);
  /**
   * The model that produced embedding; only faces enrolled with the same model are compared.
   */
  'model': (_visor_v1_ModelRef__Output | null);
}
