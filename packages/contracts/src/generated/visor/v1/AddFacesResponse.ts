// Original file: proto/visor/v1/enrollment_service.proto

import type { AddFaceResult as _visor_v1_AddFaceResult, AddFaceResult__Output as _visor_v1_AddFaceResult__Output } from '../../visor/v1/AddFaceResult.ts';

/**
 * Response of EnrollmentService.AddFaces.
 */
export interface AddFacesResponse {
  /**
   * One per request image, in request order.
   */
  'results'?: (_visor_v1_AddFaceResult)[];
}

/**
 * Response of EnrollmentService.AddFaces.
 */
export interface AddFacesResponse__Output {
  /**
   * One per request image, in request order.
   */
  'results': (_visor_v1_AddFaceResult__Output)[];
}
