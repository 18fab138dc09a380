// Original file: proto/visor/v1/matching_service.proto

import type { Candidate as _visor_v1_Candidate, Candidate__Output as _visor_v1_Candidate__Output } from '../../visor/v1/Candidate.ts';

/**
 * Response of MatchingService.Identify.
 */
export interface IdentifyResponse {
  /**
   * At most top_k, highest score first, one per subject.
   */
  'candidates'?: (_visor_v1_Candidate)[];
  /**
   * The threshold min_score = 0 resolves to, for callers that display it.
   */
  'threshold'?: (number | string);
}

/**
 * Response of MatchingService.Identify.
 */
export interface IdentifyResponse__Output {
  /**
   * At most top_k, highest score first, one per subject.
   */
  'candidates': (_visor_v1_Candidate__Output)[];
  /**
   * The threshold min_score = 0 resolves to, for callers that display it.
   */
  'threshold': (number);
}
