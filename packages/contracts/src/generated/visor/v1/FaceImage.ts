// Original file: proto/visor/v1/enrollment_service.proto

import type { ImageRef as _visor_v1_ImageRef, ImageRef__Output as _visor_v1_ImageRef__Output } from '../../visor/v1/ImageRef.ts';

/**
 * One image to enrol.
 */
export interface FaceImage {
  'image'?: (_visor_v1_ImageRef | null);
  /**
   * Which detected face to enrol, as an index into DetectResponse.faces (largest first). When absent the image must
   * contain exactly one face, otherwise it is rejected with REJECTION_REASON_MULTIPLE_FACES.
   */
  'faceIndex'?: (number);
  '_faceIndex'?: "faceIndex";
}

/**
 * One image to enrol.
 */
export interface FaceImage__Output {
  'image': (_visor_v1_ImageRef__Output | null);
  /**
   * Which detected face to enrol, as an index into DetectResponse.faces (largest first). When absent the image must
   * contain exactly one face, otherwise it is rejected with REJECTION_REASON_MULTIPLE_FACES.
   */
  'faceIndex'?: (number);
  '_faceIndex'?: "faceIndex";
}
