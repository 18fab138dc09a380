// Original file: proto/visor/v1/enrollment_service.proto


/**
 * Request for EnrollmentService.RemoveFace.
 */
export interface RemoveFaceRequest {
  'tenantId'?: (string);
  'subjectId'?: (string);
  'faceId'?: (string);
}

/**
 * Request for EnrollmentService.RemoveFace.
 */
export interface RemoveFaceRequest__Output {
  'tenantId': (string);
  'subjectId': (string);
  'faceId': (string);
}
