// Decision thresholds: the model registry's calibrated value at the configured false-accept rate, else the
// operator's VISOR_MATCH_THRESHOLD. Resolved once per model and logged, so the log says which number decides.
import type { Logger } from '@visor/runtime';
import { type ModelRef, modelKey, type Threshold, type ThresholdResolver } from './matching.ts';

/** The registry's `thresholds` block of a model (null when not calibrated yet); throws for an unknown model. */
export type RegistryThresholds = (model: ModelRef) => { metric: string; far: Record<string, number | null> } | null;

export function thresholdResolver(options: {
  registry: RegistryThresholds | undefined;
  /** Target false-accept rate, a key of thresholds.far (e.g. "1e-3"). */
  far: string;
  fallback: number | undefined;
  logger: Logger;
}): ThresholdResolver {
  const cache = new Map<string, Threshold | undefined>();
  return (model) => {
    const key = modelKey(model);
    if (cache.has(key)) return cache.get(key);
    let resolved: Threshold | undefined;
    let reason = 'the model registry is not available';
    if (options.registry) {
      try {
        const calibrated = options.registry(model);
        const value = calibrated?.far[options.far];
        if (calibrated && !/cos/i.test(calibrated.metric)) {
          reason = `its registry thresholds use metric ${calibrated.metric}, not cosine similarity`;
        } else if (typeof value === 'number') {
          resolved = { value, source: `registry far=${options.far}` };
        } else {
          reason = calibrated
            ? `the registry has no threshold at far=${options.far}`
            : 'the registry has no calibration';
        }
      } catch (err) {
        reason = `the registry does not know it (${(err as Error).message})`;
      }
    }
    if (!resolved && options.fallback !== undefined) {
      resolved = { value: options.fallback, source: 'VISOR_MATCH_THRESHOLD' };
      options.logger.warn(
        { model: key, threshold: options.fallback, reason },
        `no calibrated threshold for ${key} (${reason}): using VISOR_MATCH_THRESHOLD=${options.fallback}`,
      );
    } else if (resolved) {
      options.logger.info({ model: key, threshold: resolved.value, source: resolved.source }, 'decision threshold');
    } else {
      options.logger.error(
        { model: key, reason },
        `no threshold for ${key} (${reason}) and VISOR_MATCH_THRESHOLD is unset: Verify/Identify with it fail`,
      );
    }
    cache.set(key, resolved);
    return resolved;
  };
}
