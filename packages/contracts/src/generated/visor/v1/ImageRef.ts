// Original file: proto/visor/v1/common.proto


/**
 * Where an image's encoded bytes (JPEG, PNG or WebP) are.
 */
export interface ImageRef {
  /**
   * The encoded file itself. Services cap the size (see the service's limits) and reject larger images.
   */
  'inline'?: (Buffer | Uint8Array | string);
  /**
   * Object name in the Visor images bucket (VISOR_GCS_BUCKET), e.g. "tenants/t1/uploads/abc.jpg".
   */
  'gcsObjectKey'?: (string);
  'source'?: "inline"|"gcsObjectKey";
}

/**
 * Where an image's encoded bytes (JPEG, PNG or WebP) are.
 */
export interface ImageRef__Output {
  /**
   * The encoded file itself. Services cap the size (see the service's limits) and reject larger images.
   */
  'inline'?: (Buffer);
  /**
   * Object name in the Visor images bucket (VISOR_GCS_BUCKET), e.g. "tenants/t1/uploads/abc.jpg".
   */
  'gcsObjectKey'?: (string);
  'source'?: "inline"|"gcsObjectKey";
}
