// Original file: proto/visor/v1/common.proto

import type { PixelLayout as _visor_v1_PixelLayout, PixelLayout__Output as _visor_v1_PixelLayout__Output } from '../../visor/v1/PixelLayout.ts';

/**
 * A face crop already aligned (rotated, scaled and cropped) to the embedding model's canonical landmark positions.
 */
export interface AlignedCrop {
  /**
   * Raw pixels laid out as described by layout; not an encoded image file.
   */
  'data'?: (Buffer | Uint8Array | string);
  'width'?: (number);
  'height'?: (number);
  /**
   * Number of channels; 3 for the RGB layouts.
   */
  'channels'?: (number);
  'layout'?: (_visor_v1_PixelLayout);
}

/**
 * A face crop already aligned (rotated, scaled and cropped) to the embedding model's canonical landmark positions.
 */
export interface AlignedCrop__Output {
  /**
   * Raw pixels laid out as described by layout; not an encoded image file.
   */
  'data': (Buffer);
  'width': (number);
  'height': (number);
  /**
   * Number of channels; 3 for the RGB layouts.
   */
  'channels': (number);
  'layout': (_visor_v1_PixelLayout__Output);
}
