// Original file: proto/visor/v1/detection_service.proto

import type { ImageRef as _visor_v1_ImageRef, ImageRef__Output as _visor_v1_ImageRef__Output } from '../../visor/v1/ImageRef.ts';
import type { DetectOptions as _visor_v1_DetectOptions, DetectOptions__Output as _visor_v1_DetectOptions__Output } from '../../visor/v1/DetectOptions.ts';

/**
 * Request for DetectionService.Detect.
 */
export interface DetectRequest {
  'image'?: (_visor_v1_ImageRef | null);
  'options'?: (_visor_v1_DetectOptions | null);
}

/**
 * Request for DetectionService.Detect.
 */
export interface DetectRequest__Output {
  'image': (_visor_v1_ImageRef__Output | null);
  'options': (_visor_v1_DetectOptions__Output | null);
}
