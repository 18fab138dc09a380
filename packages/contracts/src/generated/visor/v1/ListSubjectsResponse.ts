// Original file: proto/visor/v1/enrollment_service.proto

import type { Subject as _visor_v1_Subject, Subject__Output as _visor_v1_Subject__Output } from '../../visor/v1/Subject.ts';

/**
 * Response of EnrollmentService.ListSubjects.
 */
export interface ListSubjectsResponse {
  'subjects'?: (_visor_v1_Subject)[];
  /**
   * Pass as page_token to get the next page; empty on the last page.
   */
  'nextPageToken'?: (string);
}

/**
 * Response of EnrollmentService.ListSubjects.
 */
export interface ListSubjectsResponse__Output {
  'subjects': (_visor_v1_Subject__Output)[];
  /**
   * Pass as page_token to get the next page; empty on the last page.
   */
  'nextPageToken': (string);
}
