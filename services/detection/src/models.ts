// Which ONNX files the detector runs and which crop size the embedder wants, from the model registry.
import { loadRegistry, type ModelEntry, modelPath, modelsDir, resolveModel } from '@visor/models';
import { BLAZEFACE_BACK, BLAZEFACE_FRONT } from '@visor/vision';
import type { DetectionConfig } from './config.ts';

export interface DetectionModels {
  front: { id: string; path: string };
  back: { id: string; path: string };
  /** Side of the aligned crop: the default embedder's input size. */
  chipSize: number;
}

const idOf = (m: ModelEntry) => `${m.name}@${m.version}`;

/**
 * The front (128) and back (256) BlazeFace detectors: named by config, else the registry's default detector when it
 * has the right input size, else the registry's only detector of that size.
 */
export function resolveDetectionModels(config: DetectionConfig): DetectionModels {
  const registry = loadRegistry(config.VISOR_MODELS_REGISTRY);
  const dir = modelsDir({ VISOR_MODELS_DIR: config.VISOR_MODELS_DIR });
  const pick = (explicit: string | undefined, size: number): ModelEntry => {
    if (explicit) return resolveModel('detector', explicit, registry);
    const candidates = registry.models.filter((m) => m.kind === 'detector' && m.input.size === size);
    const preferred = candidates.find((m) => idOf(m) === registry.defaults.detector) ?? candidates.at(-1);
    if (!preferred) throw new Error(`the model registry has no ${size}×${size} BlazeFace detector`);
    return preferred;
  };
  const front = pick(config.VISOR_DETECTOR_FRONT_MODEL, BLAZEFACE_FRONT.inputSize);
  const back = pick(config.VISOR_DETECTOR_BACK_MODEL, BLAZEFACE_BACK.inputSize);
  const embedder = resolveModel('embedder', undefined, registry);
  return {
    front: { id: idOf(front), path: modelPath(front, dir) },
    back: { id: idOf(back), path: modelPath(back, dir) },
    chipSize: embedder.input.size,
  };
}
