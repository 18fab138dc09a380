// Loads embedder versions named in the model registry as ONNX Runtime sessions (via @visor/vision).
import { cropContract, embedderSpecOf, loadRegistry, modelId, modelPath, modelsDir, resolveModel } from '@visor/models';
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
    // The detection service aligns crops for the registry's default embedder; a model wanting other crops would get
    // wrong ones (and its thresholds would not hold), so it is refused and the current model keeps serving.
    const base = resolveModel('embedder', undefined, registry);
    if (cropContract(entry) !== cropContract(base)) {
      throw new Error(
        `${modelId(entry)} wants ${cropContract(entry)} crops, the detection service makes ${cropContract(base)} ` +
          `ones for ${modelId(base)}: make it the registry default and restart the detection service instead`,
      );
    }
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
