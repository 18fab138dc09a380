// Original file: proto/visor/v1/enrollment_service.proto

import type { TenantSettings as _visor_v1_TenantSettings, TenantSettings__Output as _visor_v1_TenantSettings__Output } from '../../visor/v1/TenantSettings.ts';

/**
 * Response of EnrollmentService.UpdateTenantSettings.
 */
export interface UpdateTenantSettingsResponse {
  /**
   * Effective settings after the update: every field present.
   */
  'settings'?: (_visor_v1_TenantSettings | null);
  /**
   * Images whose faces were detached from them and whose erasure was scheduled by purge_images (0 without it).
   */
  'purgedImages'?: (number);
}

/**
 * Response of EnrollmentService.UpdateTenantSettings.
 */
export interface UpdateTenantSettingsResponse__Output {
  /**
   * Effective settings after the update: every field present.
   */
  'settings': (_visor_v1_TenantSettings__Output | null);
  /**
   * Images whose faces were detached from them and whose erasure was scheduled by purge_images (0 without it).
   */
  'purgedImages': (number);
}
