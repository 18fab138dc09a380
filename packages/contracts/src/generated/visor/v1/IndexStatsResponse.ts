// Original file: proto/visor/v1/matching_service.proto

import type { ModelIndexStats as _visor_v1_ModelIndexStats, ModelIndexStats__Output as _visor_v1_ModelIndexStats__Output } from '../../visor/v1/ModelIndexStats.ts';
import type { Long } from '@grpc/proto-loader';

/**
 * Response of MatchingService.IndexStats.
 */
export interface IndexStatsResponse {
  /**
   * One entry per model version held in memory (two during a model promotion).
   */
  'models'?: (_visor_v1_ModelIndexStats)[];
  /**
   * Number of tenants with at least one face.
   */
  'tenants'?: (number | string | Long);
}

/**
 * Response of MatchingService.IndexStats.
 */
export interface IndexStatsResponse__Output {
  /**
   * One entry per model version held in memory (two during a model promotion).
   */
  'models': (_visor_v1_ModelIndexStats__Output)[];
  /**
   * Number of tenants with at least one face.
   */
  'tenants': (string);
}
