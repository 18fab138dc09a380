// Original file: proto/visor/v1/common.proto

/**
 * Why a face is of insufficient quality for enrolment or authentication.
 */
export const QualityReason = {
  QUALITY_REASON_UNSPECIFIED: 'QUALITY_REASON_UNSPECIFIED',
  /**
   * face_size_px is below the configured minimum.
   */
  QUALITY_REASON_TOO_SMALL: 'QUALITY_REASON_TOO_SMALL',
  /**
   * sharpness is below the configured minimum (motion or focus blur).
   */
  QUALITY_REASON_BLURRY: 'QUALITY_REASON_BLURRY',
  /**
   * |yaw|, |pitch| or |roll| exceeds the configured maximum.
   */
  QUALITY_REASON_POSE: 'QUALITY_REASON_POSE',
  QUALITY_REASON_TOO_DARK: 'QUALITY_REASON_TOO_DARK',
  QUALITY_REASON_TOO_BRIGHT: 'QUALITY_REASON_TOO_BRIGHT',
  /**
   * The face box extends past the image border by more than the allowed fraction.
   */
  QUALITY_REASON_CROPPED: 'QUALITY_REASON_CROPPED',
  /**
   * Landmarks are missing or implausible (mask, hand, sunglasses...).
   */
  QUALITY_REASON_OCCLUDED: 'QUALITY_REASON_OCCLUDED',
} as const;

/**
 * Why a face is of insufficient quality for enrolment or authentication.
 */
export type QualityReason =
  | 'QUALITY_REASON_UNSPECIFIED'
  | 0
  /**
   * face_size_px is below the configured minimum.
   */
  | 'QUALITY_REASON_TOO_SMALL'
  | 1
  /**
   * sharpness is below the configured minimum (motion or focus blur).
   */
  | 'QUALITY_REASON_BLURRY'
  | 2
  /**
   * |yaw|, |pitch| or |roll| exceeds the configured maximum.
   */
  | 'QUALITY_REASON_POSE'
  | 3
  | 'QUALITY_REASON_TOO_DARK'
  | 4
  | 'QUALITY_REASON_TOO_BRIGHT'
  | 5
  /**
   * The face box extends past the image border by more than the allowed fraction.
   */
  | 'QUALITY_REASON_CROPPED'
  | 6
  /**
   * Landmarks are missing or implausible (mask, hand, sunglasses...).
   */
  | 'QUALITY_REASON_OCCLUDED'
  | 7

/**
 * Why a face is of insufficient quality for enrolment or authentication.
 */
export type QualityReason__Output = typeof QualityReason[keyof typeof QualityReason]
