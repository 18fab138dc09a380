// Original file: proto/visor/v1/enrollment_service.proto

import type { RejectionReason as _visor_v1_RejectionReason, RejectionReason__Output as _visor_v1_RejectionReason__Output } from '../../visor/v1/RejectionReason.ts';
import type { FaceQuality as _visor_v1_FaceQuality, FaceQuality__Output as _visor_v1_FaceQuality__Output } from '../../visor/v1/FaceQuality.ts';

/**
 * The outcome for an image that was not enrolled.
 */
export interface Rejection {
  'reasons'?: (_visor_v1_RejectionReason)[];
  /**
   * Quality of the face that was considered, when one was detected.
   */
  'quality'?: (_visor_v1_FaceQuality | null);
  /**
   * Human-readable explanation, for logs and UIs; not for parsing.
   */
  'message'?: (string);
  /**
   * The Visor error code clients program against, finer than `reasons`: `unsupported_image` (not a JPEG, PNG or
   * WebP), `corrupt_image` (a truncated or damaged one), `image_too_large`, `not_found` (no such image object),
   * `no_face`, `multiple_faces`, `invalid_argument` (face_index out of range) or `low_quality`. Empty from servers
   * that predate it; clients then derive a code from `reasons`.
   */
  'code'?: (string);
}

/**
 * The outcome for an image that was not enrolled.
 */
export interface Rejection__Output {
  'reasons': (_visor_v1_RejectionReason__Output)[];
  /**
   * Quality of the face that was considered, when one was detected.
   */
  'quality': (_visor_v1_FaceQuality__Output | null);
  /**
   * Human-readable explanation, for logs and UIs; not for parsing.
   */
  'message': (string);
  /**
   * The Visor error code clients program against, finer than `reasons`: `unsupported_image` (not a JPEG, PNG or
   * WebP), `corrupt_image` (a truncated or damaged one), `image_too_large`, `not_found` (no such image object),
   * `no_face`, `multiple_faces`, `invalid_argument` (face_index out of range) or `low_quality`. Empty from servers
   * that predate it; clients then derive a code from `reasons`.
   */
  'code': (string);
}
