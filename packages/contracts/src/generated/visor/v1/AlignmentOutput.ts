// Original file: proto/visor/v1/detection_service.proto

/**
 * Which alignment output each detected face carries.
 */
export const AlignmentOutput = {
  /**
   * Treated as ALIGNMENT_OUTPUT_CROP.
   */
  ALIGNMENT_OUTPUT_UNSPECIFIED: 'ALIGNMENT_OUTPUT_UNSPECIFIED',
  /**
   * An aligned crop ready for EmbeddingService.Embed.
   */
  ALIGNMENT_OUTPUT_CROP: 'ALIGNMENT_OUTPUT_CROP',
  /**
   * Only the affine transform, for callers that warp the source image themselves (saves bandwidth).
   */
  ALIGNMENT_OUTPUT_TRANSFORM: 'ALIGNMENT_OUTPUT_TRANSFORM',
  /**
   * Neither: detection and quality only.
   */
  ALIGNMENT_OUTPUT_NONE: 'ALIGNMENT_OUTPUT_NONE',
} as const;

/**
 * Which alignment output each detected face carries.
 */
export type AlignmentOutput =
  /**
   * Treated as ALIGNMENT_OUTPUT_CROP.
   */
  | 'ALIGNMENT_OUTPUT_UNSPECIFIED'
  | 0
  /**
   * An aligned crop ready for EmbeddingService.Embed.
   */
  | 'ALIGNMENT_OUTPUT_CROP'
  | 1
  /**
   * Only the affine transform, for callers that warp the source image themselves (saves bandwidth).
   */
  | 'ALIGNMENT_OUTPUT_TRANSFORM'
  | 2
  /**
   * Neither: detection and quality only.
   */
  | 'ALIGNMENT_OUTPUT_NONE'
  | 3

/**
 * Which alignment output each detected face carries.
 */
export type AlignmentOutput__Output = typeof AlignmentOutput[keyof typeof AlignmentOutput]
