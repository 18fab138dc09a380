// Original file: proto/visor/v1/common.proto


/**
 * A 2D point in source-image pixels.
 */
export interface Point {
  'x'?: (number | string);
  'y'?: (number | string);
}

/**
 * A 2D point in source-image pixels.
 */
export interface Point__Output {
  'x': (number);
  'y': (number);
}
