// Original file: proto/visor/v1/enrollment_service.proto

import type { Face as _visor_v1_Face, Face__Output as _visor_v1_Face__Output } from '../../visor/v1/Face.ts';
import type { Rejection as _visor_v1_Rejection, Rejection__Output as _visor_v1_Rejection__Output } from '../../visor/v1/Rejection.ts';

/**
 * The outcome for one image of an AddFacesRequest.
 */
export interface AddFaceResult {
  /**
   * Index of the image in AddFacesRequest.images.
   */
  'imageIndex'?: (number);
  'face'?: (_visor_v1_Face | null);
  'rejection'?: (_visor_v1_Rejection | null);
  'outcome'?: "face"|"rejection";
}

/**
 * The outcome for one image of an AddFacesRequest.
 */
export interface AddFaceResult__Output {
  /**
   * Index of the image in AddFacesRequest.images.
   */
  'imageIndex': (number);
  'face'?: (_visor_v1_Face__Output | null);
  'rejection'?: (_visor_v1_Rejection__Output | null);
  'outcome'?: "face"|"rejection";
}
