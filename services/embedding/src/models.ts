// Loads embedder versions named in the model registry as ONNX Runtime sessions (via @visor/vision).
import { embedderSpecOf, loadRegistry, modelPath, modelsDir, resolveModel } from '@visor/models';
import { createEmbedder, type OrtOptions } from '@visor/vision';
import type { LoadedModel, ModelLoader, ModelRef } from './embedding.ts';

export interface RegistryLoaderOptions {
  /** Registry manifest; default models/registry.json. Re-read on every load so a promotion sees new entries. */
  registryFile?: string;
  modelsDir?: string;
  ortOptions: OrtOptions;
}

export function registryLoader(options: RegistryLoaderOptions): ModelLoader {
  const dir = modelsDir({ VISOR_MODELS_DIR: options.modelsDir });
  return async (ref?: ModelRef): Promise<LoadedModel> => {
    const registry = loadRegistry(options.registryFile);
    const entry = resolveModel('embedder', ref ? `${ref.name}@${ref.version}` : undefined, registry);
    const spec = embedderSpecOf(entry);
    const embedder = await createEmbedder(modelPath(entry, dir), spec, options.ortOptions);
    // The first run sizes ORT's arenas; pay for it here, not in the first caller's request.
    await embedder.embed([
      { data: new Uint8Array(spec.size * spec.size * 3).fill(128), width: spec.size, height: spec.size },
    ]);
    return {
      info: { ref: { name: entry.name, version: entry.version }, dimension: spec.dim, inputSize: spec.size },
      // Flip fusion when the entry declares it: its thresholds were calibrated on fused embeddings.
      embed: (crops) => embedder.embed(crops, { flip: entry.flipFusion === true }),
      close: () => embedder.close(),
    };
  };
}
