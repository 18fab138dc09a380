// Original file: proto/visor/v1/matching_service.proto


/**
 * A subject that resembles the probe.
 */
export interface Candidate {
  'subjectId'?: (string);
  /**
   * The tenant's own identifier for the subject (see Subject.external_id).
   */
  'externalId'?: (string);
  /**
   * Best cosine similarity among the subject's faces, -1..1.
   */
  'score'?: (number | string);
  'faceId'?: (string);
}

/**
 * A subject that resembles the probe.
 */
export interface Candidate__Output {
  'subjectId': (string);
  /**
   * The tenant's own identifier for the subject (see Subject.external_id).
   */
  'externalId': (string);
  /**
   * Best cosine similarity among the subject's faces, -1..1.
   */
  'score': (number);
  'faceId': (string);
}
