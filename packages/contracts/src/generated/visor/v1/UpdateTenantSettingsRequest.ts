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
  /**
   * Also erase the images already stored for the tenant's faces (the faces and their templates stay). Only with
   * retain_images false in effect after the update, otherwise INVALID_ARGUMENT. Erasure goes through the same
   * durable registry as deletes: a crash midway leaves the rest to the sweeper, never an orphaned object.
   */
  'purgeImages'?: (boolean);
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
  /**
   * Also erase the images already stored for the tenant's faces (the faces and their templates stay). Only with
   * retain_images false in effect after the update, otherwise INVALID_ARGUMENT. Erasure goes through the same
   * durable registry as deletes: a crash midway leaves the rest to the sweeper, never an orphaned object.
   */
  'purgeImages': (boolean);
}
