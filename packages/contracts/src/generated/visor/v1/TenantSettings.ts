// Original file: proto/visor/v1/enrollment_service.proto


/**
 * Per-tenant settings. In a request an absent field means "leave unchanged"; in a response every field is present
 * (the server default fills those the tenant never set).
 */
export interface TenantSettings {
  /**
   * Whether source images of faces enrolled from now on are stored (under the subject's GCS prefix). When false only
   * templates are kept. Changing it does not touch images already stored (they go with their face or subject)
   * unless UpdateTenantSettingsRequest.purge_images asks for it.
   */
  'retainImages'?: (boolean);
  '_retainImages'?: "retainImages";
}

/**
 * Per-tenant settings. In a request an absent field means "leave unchanged"; in a response every field is present
 * (the server default fills those the tenant never set).
 */
export interface TenantSettings__Output {
  /**
   * Whether source images of faces enrolled from now on are stored (under the subject's GCS prefix). When false only
   * templates are kept. Changing it does not touch images already stored (they go with their face or subject)
   * unless UpdateTenantSettingsRequest.purge_images asks for it.
   */
  'retainImages'?: (boolean);
  '_retainImages'?: "retainImages";
}
