// Original file: proto/visor/v1/enrollment_service.proto


/**
 * Request for EnrollmentService.GetTenantSettings.
 */
export interface GetTenantSettingsRequest {
  'tenantId'?: (string);
}

/**
 * Request for EnrollmentService.GetTenantSettings.
 */
export interface GetTenantSettingsRequest__Output {
  'tenantId': (string);
}
