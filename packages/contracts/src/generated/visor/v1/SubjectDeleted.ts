// Original file: proto/visor/v1/events.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.ts';

/**
 * A subject and all its faces were removed. Subject: visor.subject.deleted.
 */
export interface SubjectDeleted {
  'eventId'?: (string);
  'occurredAt'?: (_google_protobuf_Timestamp | null);
  'tenantId'?: (string);
  'subjectId'?: (string);
  /**
   * The faces deleted with it; no separate FaceDeleted is published for them.
   */
  'faceIds'?: (string)[];
}

/**
 * A subject and all its faces were removed. Subject: visor.subject.deleted.
 */
export interface SubjectDeleted__Output {
  'eventId': (string);
  'occurredAt': (_google_protobuf_Timestamp__Output | null);
  'tenantId': (string);
  'subjectId': (string);
  /**
   * The faces deleted with it; no separate FaceDeleted is published for them.
   */
  'faceIds': (string)[];
}
