// Original file: proto/visor/v1/enrollment_service.proto


/**
 * Response of EnrollmentService.RemoveFace.
 */
export interface RemoveFaceResponse {
}

/**
 * Response of EnrollmentService.RemoveFace.
 */
export interface RemoveFaceResponse__Output {
}
