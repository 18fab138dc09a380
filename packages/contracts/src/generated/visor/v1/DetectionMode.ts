// Original file: proto/visor/v1/detection_service.proto

/**
 * What kind of photo the caller expects; tunes the detector's input size and candidate limits.
 */
export const DetectionMode = {
  /**
   * Treated as DETECTION_MODE_AUTO.
   */
  DETECTION_MODE_UNSPECIFIED: 'DETECTION_MODE_UNSPECIFIED',
  /**
   * The server picks from the image size and first-pass results.
   */
  DETECTION_MODE_AUTO: 'DETECTION_MODE_AUTO',
  /**
   * One large, near-frontal face (webcam, phone selfie): the fast path.
   */
  DETECTION_MODE_SELFIE: 'DETECTION_MODE_SELFIE',
  /**
   * Many small faces (class photo, event): higher input resolution, tiled if needed.
   */
  DETECTION_MODE_GROUP: 'DETECTION_MODE_GROUP',
} as const;

/**
 * What kind of photo the caller expects; tunes the detector's input size and candidate limits.
 */
export type DetectionMode =
  /**
   * Treated as DETECTION_MODE_AUTO.
   */
  | 'DETECTION_MODE_UNSPECIFIED'
  | 0
  /**
   * The server picks from the image size and first-pass results.
   */
  | 'DETECTION_MODE_AUTO'
  | 1
  /**
   * One large, near-frontal face (webcam, phone selfie): the fast path.
   */
  | 'DETECTION_MODE_SELFIE'
  | 2
  /**
   * Many small faces (class photo, event): higher input resolution, tiled if needed.
   */
  | 'DETECTION_MODE_GROUP'
  | 3

/**
 * What kind of photo the caller expects; tunes the detector's input size and candidate limits.
 */
export type DetectionMode__Output = typeof DetectionMode[keyof typeof DetectionMode]
