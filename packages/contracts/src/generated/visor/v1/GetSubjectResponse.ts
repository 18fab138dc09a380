// Original file: proto/visor/v1/enrollment_service.proto

import type { Subject as _visor_v1_Subject, Subject__Output as _visor_v1_Subject__Output } from '../../visor/v1/Subject.ts';
import type { Face as _visor_v1_Face, Face__Output as _visor_v1_Face__Output } from '../../visor/v1/Face.ts';

/**
 * Response of EnrollmentService.GetSubject.
 */
export interface GetSubjectResponse {
  'subject'?: (_visor_v1_Subject | null);
  /**
   * Every enrolled face, oldest first.
   */
  'faces'?: (_visor_v1_Face)[];
}

/**
 * Response of EnrollmentService.GetSubject.
 */
export interface GetSubjectResponse__Output {
  'subject': (_visor_v1_Subject__Output | null);
  /**
   * Every enrolled face, oldest first.
   */
  'faces': (_visor_v1_Face__Output)[];
}
