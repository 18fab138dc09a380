// Original file: proto/visor/v1/common.proto

import type { QualityReason as _visor_v1_QualityReason, QualityReason__Output as _visor_v1_QualityReason__Output } from '../../visor/v1/QualityReason.ts';

/**
 * Image quality measurements of one detected face.
 */
export interface FaceQuality {
  /**
   * Face size: the larger side of the face box, in source pixels.
   */
  'faceSizePx'?: (number | string);
  /**
   * Variance of the Laplacian of the aligned crop's luminance, scaled to 0..1 (1 = sharp).
   */
  'sharpness'?: (number | string);
  /**
   * Head pose in degrees, estimated from landmarks; 0 is frontal. Positive yaw turns to the subject's left,
   * positive pitch looks up, positive roll tilts clockwise in the image.
   */
  'yawDeg'?: (number | string);
  'pitchDeg'?: (number | string);
  'rollDeg'?: (number | string);
  /**
   * Mean luminance of the face region, 0..1.
   */
  'brightness'?: (number | string);
  /**
   * Combined quality score, 0..1 (1 = best). Comparable across faces, not across model versions.
   */
  'overall'?: (number | string);
  /**
   * Every check the face failed; empty when the face is acceptable.
   */
  'reasons'?: (_visor_v1_QualityReason)[];
}

/**
 * Image quality measurements of one detected face.
 */
export interface FaceQuality__Output {
  /**
   * Face size: the larger side of the face box, in source pixels.
   */
  'faceSizePx': (number);
  /**
   * Variance of the Laplacian of the aligned crop's luminance, scaled to 0..1 (1 = sharp).
   */
  'sharpness': (number);
  /**
   * Head pose in degrees, estimated from landmarks; 0 is frontal. Positive yaw turns to the subject's left,
   * positive pitch looks up, positive roll tilts clockwise in the image.
   */
  'yawDeg': (number);
  'pitchDeg': (number);
  'rollDeg': (number);
  /**
   * Mean luminance of the face region, 0..1.
   */
  'brightness': (number);
  /**
   * Combined quality score, 0..1 (1 = best). Comparable across faces, not across model versions.
   */
  'overall': (number);
  /**
   * Every check the face failed; empty when the face is acceptable.
   */
  'reasons': (_visor_v1_QualityReason__Output)[];
}
