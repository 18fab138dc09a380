// Original file: proto/visor/v1/common.proto

/**
 * Memory layout of raw pixels.
 */
export const PixelLayout = {
  PIXEL_LAYOUT_UNSPECIFIED: 'PIXEL_LAYOUT_UNSPECIFIED',
  /**
   * Interleaved 8-bit RGB, rows top to bottom: data[(y * width + x) * channels + c]. What sharp's raw output gives.
   */
  PIXEL_LAYOUT_HWC_RGB_U8: 'PIXEL_LAYOUT_HWC_RGB_U8',
  /**
   * Planar 32-bit little-endian floats in RGB plane order: data[(c * height + y) * width + x], values 0..255 before
   * any model-specific normalisation.
   */
  PIXEL_LAYOUT_CHW_RGB_F32_LE: 'PIXEL_LAYOUT_CHW_RGB_F32_LE',
} as const;

/**
 * Memory layout of raw pixels.
 */
export type PixelLayout =
  | 'PIXEL_LAYOUT_UNSPECIFIED'
  | 0
  /**
   * Interleaved 8-bit RGB, rows top to bottom: data[(y * width + x) * channels + c]. What sharp's raw output gives.
   */
  | 'PIXEL_LAYOUT_HWC_RGB_U8'
  | 1
  /**
   * Planar 32-bit little-endian floats in RGB plane order: data[(c * height + y) * width + x], values 0..255 before
   * any model-specific normalisation.
   */
  | 'PIXEL_LAYOUT_CHW_RGB_F32_LE'
  | 2

/**
 * Memory layout of raw pixels.
 */
export type PixelLayout__Output = typeof PixelLayout[keyof typeof PixelLayout]
