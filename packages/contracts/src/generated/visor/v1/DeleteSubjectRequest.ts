// Original file: proto/visor/v1/enrollment_service.proto


/**
 * Request for EnrollmentService.DeleteSubject.
 */
export interface DeleteSubjectRequest {
  'tenantId'?: (string);
  'subjectId'?: (string);
}

/**
 * Request for EnrollmentService.DeleteSubject.
 */
export interface DeleteSubjectRequest__Output {
  'tenantId': (string);
  'subjectId': (string);
}
