// Original file: proto/visor/v1/events.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.ts';
import type { ModelRef as _visor_v1_ModelRef, ModelRef__Output as _visor_v1_ModelRef__Output } from '../../visor/v1/ModelRef.ts';

/**
 * A model version became the active embedding model. Subject: visor.model.promoted.
 */
export interface ModelPromoted {
  'eventId'?: (string);
  'occurredAt'?: (_google_protobuf_Timestamp | null);
  'model'?: (_visor_v1_ModelRef | null);
  /**
   * The model it replaces; absent for the first promotion.
   */
  'previous'?: (_visor_v1_ModelRef | null);
}

/**
 * A model version became the active embedding model. Subject: visor.model.promoted.
 */
export interface ModelPromoted__Output {
  'eventId': (string);
  'occurredAt': (_google_protobuf_Timestamp__Output | null);
  'model': (_visor_v1_ModelRef__Output | null);
  /**
   * The model it replaces; absent for the first promotion.
   */
  'previous': (_visor_v1_ModelRef__Output | null);
}
