// Original file: proto/visor/v1/detection_service.proto

import type { Box as _visor_v1_Box, Box__Output as _visor_v1_Box__Output } from '../../visor/v1/Box.ts';
import type { Landmarks as _visor_v1_Landmarks, Landmarks__Output as _visor_v1_Landmarks__Output } from '../../visor/v1/Landmarks.ts';
import type { FaceQuality as _visor_v1_FaceQuality, FaceQuality__Output as _visor_v1_FaceQuality__Output } from '../../visor/v1/FaceQuality.ts';
import type { AlignedCrop as _visor_v1_AlignedCrop, AlignedCrop__Output as _visor_v1_AlignedCrop__Output } from '../../visor/v1/AlignedCrop.ts';
import type { AffineTransform as _visor_v1_AffineTransform, AffineTransform__Output as _visor_v1_AffineTransform__Output } from '../../visor/v1/AffineTransform.ts';

/**
 * One face found in the image.
 */
export interface DetectedFace {
  'box'?: (_visor_v1_Box | null);
  'landmarks'?: (_visor_v1_Landmarks | null);
  /**
   * Detector confidence, 0..1.
   */
  'score'?: (number | string);
  'quality'?: (_visor_v1_FaceQuality | null);
  'crop'?: (_visor_v1_AlignedCrop | null);
  'transform'?: (_visor_v1_AffineTransform | null);
  /**
   * Present according to DetectOptions.alignment; absent for ALIGNMENT_OUTPUT_NONE.
   */
  'alignment'?: "crop"|"transform";
}

/**
 * One face found in the image.
 */
export interface DetectedFace__Output {
  'box': (_visor_v1_Box__Output | null);
  'landmarks': (_visor_v1_Landmarks__Output | null);
  /**
   * Detector confidence, 0..1.
   */
  'score': (number);
  'quality': (_visor_v1_FaceQuality__Output | null);
  'crop'?: (_visor_v1_AlignedCrop__Output | null);
  'transform'?: (_visor_v1_AffineTransform__Output | null);
  /**
   * Present according to DetectOptions.alignment; absent for ALIGNMENT_OUTPUT_NONE.
   */
  'alignment'?: "crop"|"transform";
}
