// Tenant settings: validation of the REST body and translation to the EnrollmentService contract. The tenant comes
// from the caller's key, like every other route.
import type { EnrollmentClient, TenantSettings__Output } from '@visor/contracts';
import { rpc, VisorError } from '@visor/runtime';
import type { Principal } from './auth.ts';

export type SettingsDeps = {
  enrollment: Pick<EnrollmentClient, 'getTenantSettings' | 'updateTenantSettings'>;
  timeoutMs: number;
};

export type SettingsView = { retainImages: boolean };
/** A PUT body: the settings, and `purgeImages`, an action rather than a setting (it is not stored). */
export type SettingsUpdate = SettingsView & { purgeImages: boolean };

const FIELDS = ['retainImages', 'purgeImages'];

/**
 * PUT replaces the settings resource, so every setting is required (today only `retainImages`); unknown fields are
 * refused rather than ignored, so a typo cannot look like a successful change.
 */
export function parseSettings(body: unknown): SettingsUpdate {
  const invalid = (message: string, field?: string) =>
    new VisorError('invalid_argument', message, field ? { details: { field } } : undefined);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('body must be a JSON object');
  const b = body as Record<string, unknown>;
  for (const key of Object.keys(b)) if (!FIELDS.includes(key)) throw invalid(`unknown field ${key}`, key);
  if (typeof b.retainImages !== 'boolean') throw invalid('retainImages must be true or false', 'retainImages');
  if (b.purgeImages !== undefined && typeof b.purgeImages !== 'boolean') {
    throw invalid('purgeImages must be true or false', 'purgeImages');
  }
  const purgeImages = b.purgeImages === true;
  if (purgeImages && b.retainImages) throw invalid('purgeImages needs retainImages false', 'purgeImages');
  return { retainImages: b.retainImages, purgeImages };
}

function settingsView(settings: TenantSettings__Output | null | undefined): SettingsView {
  // The service always fills every field of the effective settings; a missing one is a broken contract, not "false".
  if (settings?._retainImages !== 'retainImages' || typeof settings.retainImages !== 'boolean') {
    throw new VisorError('internal', 'enrollment returned settings without retainImages');
  }
  return { retainImages: settings.retainImages };
}

export async function getSettings(deps: SettingsDeps, principal: Principal): Promise<SettingsView> {
  const response = await rpc(
    deps.enrollment.getTenantSettings({ tenantId: principal.tenantId }, { timeoutMs: deps.timeoutMs }),
  );
  return settingsView(response.settings);
}

/** The effective settings, plus `purgedImages` when a purge was asked for. */
export async function updateSettings(
  deps: SettingsDeps,
  principal: Principal,
  update: SettingsUpdate,
): Promise<SettingsView & { purgedImages?: number }> {
  const response = await rpc(
    deps.enrollment.updateTenantSettings(
      {
        tenantId: principal.tenantId,
        settings: { retainImages: update.retainImages },
        purgeImages: update.purgeImages,
      },
      // A purge erases every stored image of the tenant; what does not finish in time the sweeper completes.
      { timeoutMs: update.purgeImages ? deps.timeoutMs * 4 : deps.timeoutMs },
    ),
  );
  const view = settingsView(response.settings);
  return update.purgeImages ? { ...view, purgedImages: response.purgedImages } : view;
}
