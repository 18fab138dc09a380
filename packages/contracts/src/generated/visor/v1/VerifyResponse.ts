// Original file: proto/visor/v1/matching_service.proto


/**
 * Response of MatchingService.Verify.
 */
export interface VerifyResponse {
  /**
   * score >= threshold.
   */
  'match'?: (boolean);
  /**
   * Best cosine similarity between the embedding and the subject's faces, -1..1.
   */
  'score'?: (number | string);
  /**
   * The calibrated threshold for this model and the tenant's operating point (target false-accept rate).
   */
  'threshold'?: (number | string);
  /**
   * The subject's face that gave score; empty when the score came from a template aggregated over several faces.
   */
  'bestFaceId'?: (string);
}

/**
 * Response of MatchingService.Verify.
 */
export interface VerifyResponse__Output {
  /**
   * score >= threshold.
   */
  'match': (boolean);
  /**
   * Best cosine similarity between the embedding and the subject's faces, -1..1.
   */
  'score': (number);
  /**
   * The calibrated threshold for this model and the tenant's operating point (target false-accept rate).
   */
  'threshold': (number);
  /**
   * The subject's face that gave score; empty when the score came from a template aggregated over several faces.
   */
  'bestFaceId': (string);
}
