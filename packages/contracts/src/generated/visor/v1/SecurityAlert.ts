// Original file: proto/visor/v1/events.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.ts';
import type { SecurityAlertReason as _visor_v1_SecurityAlertReason, SecurityAlertReason__Output as _visor_v1_SecurityAlertReason__Output } from '../../visor/v1/SecurityAlertReason.ts';

/**
 * Something a tenant's security team should look at. Subject: visor.security.alert.
 */
export interface SecurityAlert {
  'eventId'?: (string);
  'occurredAt'?: (_google_protobuf_Timestamp | null);
  'tenantId'?: (string);
  /**
   * The subject concerned; empty when the alert is about a client only.
   */
  'subjectId'?: (string);
  'reason'?: (_visor_v1_SecurityAlertReason);
  /**
   * Human-readable detail for the alert's reader; not for parsing.
   */
  'detail'?: (string);
  /**
   * Caller concerned, as in AuthAttempt.client_id; empty when not applicable.
   */
  'clientId'?: (string);
}

/**
 * Something a tenant's security team should look at. Subject: visor.security.alert.
 */
export interface SecurityAlert__Output {
  'eventId': (string);
  'occurredAt': (_google_protobuf_Timestamp__Output | null);
  'tenantId': (string);
  /**
   * The subject concerned; empty when the alert is about a client only.
   */
  'subjectId': (string);
  'reason': (_visor_v1_SecurityAlertReason__Output);
  /**
   * Human-readable detail for the alert's reader; not for parsing.
   */
  'detail': (string);
  /**
   * Caller concerned, as in AuthAttempt.client_id; empty when not applicable.
   */
  'clientId': (string);
}
