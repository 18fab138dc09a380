// Original file: proto/visor/v1/events.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.ts';

/**
 * A face was removed. Subject: visor.face.deleted.
 */
export interface FaceDeleted {
  'eventId'?: (string);
  'occurredAt'?: (_google_protobuf_Timestamp | null);
  'tenantId'?: (string);
  'subjectId'?: (string);
  'faceId'?: (string);
}

/**
 * A face was removed. Subject: visor.face.deleted.
 */
export interface FaceDeleted__Output {
  'eventId': (string);
  'occurredAt': (_google_protobuf_Timestamp__Output | null);
  'tenantId': (string);
  'subjectId': (string);
  'faceId': (string);
}
