// Original file: proto/visor/v1/enrollment_service.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.ts';

/**
 * A person known to a tenant.
 */
export interface Subject {
  /**
   * Server-assigned identifier (UUID).
   */
  'subjectId'?: (string);
  'tenantId'?: (string);
  /**
   * The tenant's own identifier for the person (user id, employee number); unique within the tenant.
   */
  'externalId'?: (string);
  'displayName'?: (string);
  /**
   * Free-form tenant data, returned as given. Never used for matching.
   */
  'metadata'?: ({[key: string]: string});
  /**
   * Number of enrolled faces.
   */
  'faceCount'?: (number);
  'createdAt'?: (_google_protobuf_Timestamp | null);
}

/**
 * A person known to a tenant.
 */
export interface Subject__Output {
  /**
   * Server-assigned identifier (UUID).
   */
  'subjectId': (string);
  'tenantId': (string);
  /**
   * The tenant's own identifier for the person (user id, employee number); unique within the tenant.
   */
  'externalId': (string);
  'displayName': (string);
  /**
   * Free-form tenant data, returned as given. Never used for matching.
   */
  'metadata': ({[key: string]: string});
  /**
   * Number of enrolled faces.
   */
  'faceCount': (number);
  'createdAt': (_google_protobuf_Timestamp__Output | null);
}
