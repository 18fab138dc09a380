// Original file: proto/visor/v1/common.proto


/**
 * An axis-aligned rectangle in source-image pixels. Fractional values are allowed: detectors regress sub-pixel boxes.
 */
export interface Box {
  /**
   * Left edge.
   */
  'x'?: (number | string);
  /**
   * Top edge.
   */
  'y'?: (number | string);
  'width'?: (number | string);
  'height'?: (number | string);
}

/**
 * An axis-aligned rectangle in source-image pixels. Fractional values are allowed: detectors regress sub-pixel boxes.
 */
export interface Box__Output {
  /**
   * Left edge.
   */
  'x': (number);
  /**
   * Top edge.
   */
  'y': (number);
  'width': (number);
  'height': (number);
}
