// Original file: proto/visor/v1/enrollment_service.proto

import type { Subject as _visor_v1_Subject, Subject__Output as _visor_v1_Subject__Output } from '../../visor/v1/Subject.ts';

/**
 * Response of EnrollmentService.CreateSubject.
 */
export interface CreateSubjectResponse {
  'subject'?: (_visor_v1_Subject | null);
}

/**
 * Response of EnrollmentService.CreateSubject.
 */
export interface CreateSubjectResponse__Output {
  'subject': (_visor_v1_Subject__Output | null);
}
