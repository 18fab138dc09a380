// Original file: proto/visor/v1/common.proto


/**
 * The 2x3 affine transform that maps source-image pixel coordinates to aligned-crop coordinates:
 * [u v]^T = [[m00 m01 m02] [m10 m11 m12]] * [x y 1]^T. Sampling the source through its inverse yields the crop.
 */
export interface AffineTransform {
  'm00'?: (number | string);
  'm01'?: (number | string);
  'm02'?: (number | string);
  'm10'?: (number | string);
  'm11'?: (number | string);
  'm12'?: (number | string);
  /**
   * Size of the aligned crop the transform targets.
   */
  'outputWidth'?: (number);
  'outputHeight'?: (number);
}

/**
 * The 2x3 affine transform that maps source-image pixel coordinates to aligned-crop coordinates:
 * [u v]^T = [[m00 m01 m02] [m10 m11 m12]] * [x y 1]^T. Sampling the source through its inverse yields the crop.
 */
export interface AffineTransform__Output {
  'm00': (number);
  'm01': (number);
  'm02': (number);
  'm10': (number);
  'm11': (number);
  'm12': (number);
  /**
   * Size of the aligned crop the transform targets.
   */
  'outputWidth': (number);
  'outputHeight': (number);
}
