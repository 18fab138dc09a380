// Original file: proto/visor/v1/enrollment_service.proto

import type { FaceImage as _visor_v1_FaceImage, FaceImage__Output as _visor_v1_FaceImage__Output } from '../../visor/v1/FaceImage.ts';

/**
 * Request for EnrollmentService.AddFaces.
 */
export interface AddFacesRequest {
  'tenantId'?: (string);
  'subjectId'?: (string);
  'images'?: (_visor_v1_FaceImage)[];
  /**
   * Client-chosen key (e.g. a UUID) that makes retries safe: a repeated request with the same tenant and key returns
   * the first request's response without enrolling again. Empty = no deduplication.
   */
  'idempotencyKey'?: (string);
}

/**
 * Request for EnrollmentService.AddFaces.
 */
export interface AddFacesRequest__Output {
  'tenantId': (string);
  'subjectId': (string);
  'images': (_visor_v1_FaceImage__Output)[];
  /**
   * Client-chosen key (e.g. a UUID) that makes retries safe: a repeated request with the same tenant and key returns
   * the first request's response without enrolling again. Empty = no deduplication.
   */
  'idempotencyKey': (string);
}
