// Original file: proto/visor/v1/enrollment_service.proto

/**
 * Why an image was not enrolled.
 */
export const RejectionReason = {
  REJECTION_REASON_UNSPECIFIED: 'REJECTION_REASON_UNSPECIFIED',
  /**
   * Not a decodable JPEG, PNG or WebP.
   */
  REJECTION_REASON_UNREADABLE_IMAGE: 'REJECTION_REASON_UNREADABLE_IMAGE',
  /**
   * Encoded size or pixel count above the server's limit.
   */
  REJECTION_REASON_IMAGE_TOO_LARGE: 'REJECTION_REASON_IMAGE_TOO_LARGE',
  /**
   * gcs_object_key does not exist.
   */
  REJECTION_REASON_IMAGE_NOT_FOUND: 'REJECTION_REASON_IMAGE_NOT_FOUND',
  REJECTION_REASON_NO_FACE: 'REJECTION_REASON_NO_FACE',
  /**
   * Several faces and no face_index.
   */
  REJECTION_REASON_MULTIPLE_FACES: 'REJECTION_REASON_MULTIPLE_FACES',
  REJECTION_REASON_FACE_INDEX_OUT_OF_RANGE: 'REJECTION_REASON_FACE_INDEX_OUT_OF_RANGE',
  /**
   * The face failed quality checks; Rejection.quality.reasons says which.
   */
  REJECTION_REASON_LOW_QUALITY: 'REJECTION_REASON_LOW_QUALITY',
} as const;

/**
 * Why an image was not enrolled.
 */
export type RejectionReason =
  | 'REJECTION_REASON_UNSPECIFIED'
  | 0
  /**
   * Not a decodable JPEG, PNG or WebP.
   */
  | 'REJECTION_REASON_UNREADABLE_IMAGE'
  | 1
  /**
   * Encoded size or pixel count above the server's limit.
   */
  | 'REJECTION_REASON_IMAGE_TOO_LARGE'
  | 2
  /**
   * gcs_object_key does not exist.
   */
  | 'REJECTION_REASON_IMAGE_NOT_FOUND'
  | 3
  | 'REJECTION_REASON_NO_FACE'
  | 4
  /**
   * Several faces and no face_index.
   */
  | 'REJECTION_REASON_MULTIPLE_FACES'
  | 5
  | 'REJECTION_REASON_FACE_INDEX_OUT_OF_RANGE'
  | 6
  /**
   * The face failed quality checks; Rejection.quality.reasons says which.
   */
  | 'REJECTION_REASON_LOW_QUALITY'
  | 7

/**
 * Why an image was not enrolled.
 */
export type RejectionReason__Output = typeof RejectionReason[keyof typeof RejectionReason]
