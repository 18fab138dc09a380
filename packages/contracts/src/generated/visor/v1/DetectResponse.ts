// Original file: proto/visor/v1/detection_service.proto

import type { DetectedFace as _visor_v1_DetectedFace, DetectedFace__Output as _visor_v1_DetectedFace__Output } from '../../visor/v1/DetectedFace.ts';

/**
 * Response of DetectionService.Detect.
 */
export interface DetectResponse {
  /**
   * Largest face first (by box area); ties broken by score.
   */
  'faces'?: (_visor_v1_DetectedFace)[];
  /**
   * Size of the decoded source image after EXIF orientation is applied; boxes and landmarks refer to it.
   */
  'imageWidth'?: (number);
  'imageHeight'?: (number);
}

/**
 * Response of DetectionService.Detect.
 */
export interface DetectResponse__Output {
  /**
   * Largest face first (by box area); ties broken by score.
   */
  'faces': (_visor_v1_DetectedFace__Output)[];
  /**
   * Size of the decoded source image after EXIF orientation is applied; boxes and landmarks refer to it.
   */
  'imageWidth': (number);
  'imageHeight': (number);
}
