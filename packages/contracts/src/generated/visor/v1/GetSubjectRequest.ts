// Original file: proto/visor/v1/enrollment_service.proto


/**
 * Request for EnrollmentService.GetSubject.
 */
export interface GetSubjectRequest {
  'tenantId'?: (string);
  'subjectId'?: (string);
}

/**
 * Request for EnrollmentService.GetSubject.
 */
export interface GetSubjectRequest__Output {
  'tenantId': (string);
  'subjectId': (string);
}
