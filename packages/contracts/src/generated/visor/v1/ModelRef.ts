// Original file: proto/visor/v1/common.proto


/**
 * A model version in the model registry (models/registry manifest).
 */
export interface ModelRef {
  /**
   * Registry name, e.g. "faceres".
   */
  'name'?: (string);
  /**
   * Registry version, e.g. "2026.11.0". Embeddings are only comparable within one name and version.
   */
  'version'?: (string);
}

/**
 * A model version in the model registry (models/registry manifest).
 */
export interface ModelRef__Output {
  /**
   * Registry name, e.g. "faceres".
   */
  'name': (string);
  /**
   * Registry version, e.g. "2026.11.0". Embeddings are only comparable within one name and version.
   */
  'version': (string);
}
