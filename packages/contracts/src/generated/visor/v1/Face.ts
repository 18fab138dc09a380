// Original file: proto/visor/v1/enrollment_service.proto

import type { Box as _visor_v1_Box, Box__Output as _visor_v1_Box__Output } from '../../visor/v1/Box.ts';
import type { FaceQuality as _visor_v1_FaceQuality, FaceQuality__Output as _visor_v1_FaceQuality__Output } from '../../visor/v1/FaceQuality.ts';
import type { ModelRef as _visor_v1_ModelRef, ModelRef__Output as _visor_v1_ModelRef__Output } from '../../visor/v1/ModelRef.ts';
import type { ImageRef as _visor_v1_ImageRef, ImageRef__Output as _visor_v1_ImageRef__Output } from '../../visor/v1/ImageRef.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.ts';

/**
 * An enrolled face of a subject.
 */
export interface Face {
  /**
   * Server-assigned identifier (UUID).
   */
  'faceId'?: (string);
  'subjectId'?: (string);
  /**
   * Face box in the source image.
   */
  'box'?: (_visor_v1_Box | null);
  'quality'?: (_visor_v1_FaceQuality | null);
  /**
   * The model its embedding was computed with.
   */
  'model'?: (_visor_v1_ModelRef | null);
  /**
   * Where the source image is stored (always a gcs_object_key).
   */
  'image'?: (_visor_v1_ImageRef | null);
  'createdAt'?: (_google_protobuf_Timestamp | null);
}

/**
 * An enrolled face of a subject.
 */
export interface Face__Output {
  /**
   * Server-assigned identifier (UUID).
   */
  'faceId': (string);
  'subjectId': (string);
  /**
   * Face box in the source image.
   */
  'box': (_visor_v1_Box__Output | null);
  'quality': (_visor_v1_FaceQuality__Output | null);
  /**
   * The model its embedding was computed with.
   */
  'model': (_visor_v1_ModelRef__Output | null);
  /**
   * Where the source image is stored (always a gcs_object_key).
   */
  'image': (_visor_v1_ImageRef__Output | null);
  'createdAt': (_google_protobuf_Timestamp__Output | null);
}
