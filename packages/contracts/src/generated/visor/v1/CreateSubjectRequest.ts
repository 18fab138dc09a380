// Original file: proto/visor/v1/enrollment_service.proto


/**
 * Request for EnrollmentService.CreateSubject.
 */
export interface CreateSubjectRequest {
  'tenantId'?: (string);
  'externalId'?: (string);
  'displayName'?: (string);
  'metadata'?: ({[key: string]: string});
}

/**
 * Request for EnrollmentService.CreateSubject.
 */
export interface CreateSubjectRequest__Output {
  'tenantId': (string);
  'externalId': (string);
  'displayName': (string);
  'metadata': ({[key: string]: string});
}
