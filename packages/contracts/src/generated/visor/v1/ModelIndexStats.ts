// Original file: proto/visor/v1/matching_service.proto

import type { ModelRef as _visor_v1_ModelRef, ModelRef__Output as _visor_v1_ModelRef__Output } from '../../visor/v1/ModelRef.ts';
import type { Long } from '@grpc/proto-loader';

/**
 * Index contents for one model version.
 */
export interface ModelIndexStats {
  'model'?: (_visor_v1_ModelRef | null);
  'faces'?: (number | string | Long);
  'subjects'?: (number | string | Long);
}

/**
 * Index contents for one model version.
 */
export interface ModelIndexStats__Output {
  'model': (_visor_v1_ModelRef__Output | null);
  'faces': (string);
  'subjects': (string);
}
