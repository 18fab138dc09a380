// Original file: proto/visor/v1/events.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.ts';
import type { ModelRef as _visor_v1_ModelRef, ModelRef__Output as _visor_v1_ModelRef__Output } from '../../visor/v1/ModelRef.ts';
import type { Embedding as _visor_v1_Embedding, Embedding__Output as _visor_v1_Embedding__Output } from '../../visor/v1/Embedding.ts';

/**
 * A face was stored for a subject. Subject: visor.face.enrolled.
 */
export interface FaceEnrolled {
  /**
   * Unique per event (UUID); consumers use it to make processing idempotent.
   */
  'eventId'?: (string);
  'occurredAt'?: (_google_protobuf_Timestamp | null);
  'tenantId'?: (string);
  'subjectId'?: (string);
  'faceId'?: (string);
  'model'?: (_visor_v1_ModelRef | null);
  /**
   * The face's embedding, so the matching index can add it without another lookup.
   */
  'embedding'?: (_visor_v1_Embedding | null);
}

/**
 * A face was stored for a subject. Subject: visor.face.enrolled.
 */
export interface FaceEnrolled__Output {
  /**
   * Unique per event (UUID); consumers use it to make processing idempotent.
   */
  'eventId': (string);
  'occurredAt': (_google_protobuf_Timestamp__Output | null);
  'tenantId': (string);
  'subjectId': (string);
  'faceId': (string);
  'model': (_visor_v1_ModelRef__Output | null);
  /**
   * The face's embedding, so the matching index can add it without another lookup.
   */
  'embedding': (_visor_v1_Embedding__Output | null);
}
