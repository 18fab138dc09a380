// Original file: proto/visor/v1/events.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.ts';
import type { AuthKind as _visor_v1_AuthKind, AuthKind__Output as _visor_v1_AuthKind__Output } from '../../visor/v1/AuthKind.ts';
import type { AuthOutcome as _visor_v1_AuthOutcome, AuthOutcome__Output as _visor_v1_AuthOutcome__Output } from '../../visor/v1/AuthOutcome.ts';
import type { ModelRef as _visor_v1_ModelRef, ModelRef__Output as _visor_v1_ModelRef__Output } from '../../visor/v1/ModelRef.ts';

/**
 * A verify or identify request was answered. Subject: visor.auth.attempt.
 */
export interface AuthAttempt {
  'eventId'?: (string);
  'occurredAt'?: (_google_protobuf_Timestamp | null);
  'tenantId'?: (string);
  /**
   * For verify, the claimed subject; for identify, the best candidate. Empty when there is none.
   */
  'subjectId'?: (string);
  'kind'?: (_visor_v1_AuthKind);
  'outcome'?: (_visor_v1_AuthOutcome);
  /**
   * Best cosine similarity; 0 when outcome is REJECTED_INPUT or ERROR.
   */
  'score'?: (number | string);
  /**
   * Threshold the score was compared to.
   */
  'threshold'?: (number | string);
  'model'?: (_visor_v1_ModelRef | null);
  /**
   * Opaque identifier of the caller (API key id, never the key itself), for rate and abuse analysis.
   */
  'clientId'?: (string);
}

/**
 * A verify or identify request was answered. Subject: visor.auth.attempt.
 */
export interface AuthAttempt__Output {
  'eventId': (string);
  'occurredAt': (_google_protobuf_Timestamp__Output | null);
  'tenantId': (string);
  /**
   * For verify, the claimed subject; for identify, the best candidate. Empty when there is none.
   */
  'subjectId': (string);
  'kind': (_visor_v1_AuthKind__Output);
  'outcome': (_visor_v1_AuthOutcome__Output);
  /**
   * Best cosine similarity; 0 when outcome is REJECTED_INPUT or ERROR.
   */
  'score': (number);
  /**
   * Threshold the score was compared to.
   */
  'threshold': (number);
  'model': (_visor_v1_ModelRef__Output | null);
  /**
   * Opaque identifier of the caller (API key id, never the key itself), for rate and abuse analysis.
   */
  'clientId': (string);
}
