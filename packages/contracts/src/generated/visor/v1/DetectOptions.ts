// Original file: proto/visor/v1/detection_service.proto

import type { DetectionMode as _visor_v1_DetectionMode, DetectionMode__Output as _visor_v1_DetectionMode__Output } from '../../visor/v1/DetectionMode.ts';
import type { AlignmentOutput as _visor_v1_AlignmentOutput, AlignmentOutput__Output as _visor_v1_AlignmentOutput__Output } from '../../visor/v1/AlignmentOutput.ts';
import type { PixelLayout as _visor_v1_PixelLayout, PixelLayout__Output as _visor_v1_PixelLayout__Output } from '../../visor/v1/PixelLayout.ts';

/**
 * Detection knobs. Zero values mean "server default".
 */
export interface DetectOptions {
  'mode'?: (_visor_v1_DetectionMode);
  /**
   * Faces whose larger box side is smaller than this, in source pixels, are dropped. 0 = server default.
   */
  'minFacePx'?: (number);
  /**
   * Keep at most this many faces (the largest ones). 0 = server default.
   */
  'maxFaces'?: (number);
  'alignment'?: (_visor_v1_AlignmentOutput);
  /**
   * Layout of the aligned crops when alignment is CROP. Unspecified = PIXEL_LAYOUT_HWC_RGB_U8.
   */
  'cropLayout'?: (_visor_v1_PixelLayout);
}

/**
 * Detection knobs. Zero values mean "server default".
 */
export interface DetectOptions__Output {
  'mode': (_visor_v1_DetectionMode__Output);
  /**
   * Faces whose larger box side is smaller than this, in source pixels, are dropped. 0 = server default.
   */
  'minFacePx': (number);
  /**
   * Keep at most this many faces (the largest ones). 0 = server default.
   */
  'maxFaces': (number);
  'alignment': (_visor_v1_AlignmentOutput__Output);
  /**
   * Layout of the aligned crops when alignment is CROP. Unspecified = PIXEL_LAYOUT_HWC_RGB_U8.
   */
  'cropLayout': (_visor_v1_PixelLayout__Output);
}
