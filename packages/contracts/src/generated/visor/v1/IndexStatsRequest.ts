// Original file: proto/visor/v1/matching_service.proto


/**
 * Request for MatchingService.IndexStats.
 */
export interface IndexStatsRequest {
  /**
   * Restrict to one tenant; empty = all tenants.
   */
  'tenantId'?: (string);
}

/**
 * Request for MatchingService.IndexStats.
 */
export interface IndexStatsRequest__Output {
  /**
   * Restrict to one tenant; empty = all tenants.
   */
  'tenantId': (string);
}
