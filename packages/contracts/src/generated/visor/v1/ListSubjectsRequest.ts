// Original file: proto/visor/v1/enrollment_service.proto


/**
 * Request for EnrollmentService.ListSubjects.
 */
export interface ListSubjectsRequest {
  'tenantId'?: (string);
  /**
   * Maximum subjects per page; 0 = server default, larger values are capped by the server.
   */
  'pageSize'?: (number);
  /**
   * next_page_token of the previous page; empty for the first page. Opaque to clients.
   */
  'pageToken'?: (string);
  /**
   * Only the subject with this external_id, when set.
   */
  'externalId'?: (string);
}

/**
 * Request for EnrollmentService.ListSubjects.
 */
export interface ListSubjectsRequest__Output {
  'tenantId': (string);
  /**
   * Maximum subjects per page; 0 = server default, larger values are capped by the server.
   */
  'pageSize': (number);
  /**
   * next_page_token of the previous page; empty for the first page. Opaque to clients.
   */
  'pageToken': (string);
  /**
   * Only the subject with this external_id, when set.
   */
  'externalId': (string);
}
