// Original file: proto/visor/v1/enrollment_service.proto

import type { TenantSettings as _visor_v1_TenantSettings, TenantSettings__Output as _visor_v1_TenantSettings__Output } from '../../visor/v1/TenantSettings.ts';

/**
 * Request for EnrollmentService.UpdateTenantSettings.
 */
export interface UpdateTenantSettingsRequest {
  'tenantId'?: (string);
  /**
   * Fields to change; absent fields keep their stored value (or the server default).
   */
  'settings'?: (_visor_v1_TenantSettings | null);
}

/**
 * Request for EnrollmentService.UpdateTenantSettings.
 */
export interface UpdateTenantSettingsRequest__Output {
  'tenantId': (string);
  /**
   * Fields to change; absent fields keep their stored value (or the server default).
   */
  'settings': (_visor_v1_TenantSettings__Output | null);
}
