// Original file: proto/visor/v1/common.proto

import type { Point as _visor_v1_Point, Point__Output as _visor_v1_Point__Output } from '../../visor/v1/Point.ts';

/**
 * Facial landmarks. The named points are the subject's own left and right (a person's left eye appears on the
 * right of an un-mirrored photo). A named point is absent when the detector does not produce it.
 */
export interface Landmarks {
  'leftEye'?: (_visor_v1_Point | null);
  'rightEye'?: (_visor_v1_Point | null);
  /**
   * Nose tip.
   */
  'nose'?: (_visor_v1_Point | null);
  /**
   * Mouth centre.
   */
  'mouth'?: (_visor_v1_Point | null);
  /**
   * Ear tragion; detectors that only see a profile set one of the two.
   */
  'leftEar'?: (_visor_v1_Point | null);
  'rightEar'?: (_visor_v1_Point | null);
  /**
   * Every landmark the detector produced, in the detector's own order (e.g. 68 or 468 points); the named points
   * above are derived from these. Empty when the detector outputs only the named points.
   */
  'points'?: (_visor_v1_Point)[];
}

/**
 * Facial landmarks. The named points are the subject's own left and right (a person's left eye appears on the
 * right of an un-mirrored photo). A named point is absent when the detector does not produce it.
 */
export interface Landmarks__Output {
  'leftEye': (_visor_v1_Point__Output | null);
  'rightEye': (_visor_v1_Point__Output | null);
  /**
   * Nose tip.
   */
  'nose': (_visor_v1_Point__Output | null);
  /**
   * Mouth centre.
   */
  'mouth': (_visor_v1_Point__Output | null);
  /**
   * Ear tragion; detectors that only see a profile set one of the two.
   */
  'leftEar': (_visor_v1_Point__Output | null);
  'rightEar': (_visor_v1_Point__Output | null);
  /**
   * Every landmark the detector produced, in the detector's own order (e.g. 68 or 468 points); the named points
   * above are derived from these. Empty when the detector outputs only the named points.
   */
  'points': (_visor_v1_Point__Output)[];
}
