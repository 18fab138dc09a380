// Original file: proto/visor/v1/enrollment_service.proto


/**
 * Response of EnrollmentService.DeleteSubject.
 */
export interface DeleteSubjectResponse {
  /**
   * Number of faces deleted with the subject.
   */
  'deletedFaces'?: (number);
}

/**
 * Response of EnrollmentService.DeleteSubject.
 */
export interface DeleteSubjectResponse__Output {
  /**
   * Number of faces deleted with the subject.
   */
  'deletedFaces': (number);
}
