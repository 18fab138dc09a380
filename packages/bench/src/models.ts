// The models the services load by default, for a benchmark's in-process side: the registry's 128 and 256 BlazeFace,
// its default embedder, and the alignment (with its face mesh) and flip fusion that embedder declares.
import {
  alignmentOf,
  embedderSpecOf,
  loadRegistry,
  type Registry as ModelRegistry,
  modelPath,
  modelsDir,
  pickDetectors,
  resolveModel,
} from '@visor/models';
import { BLAZEFACE_BACK, BLAZEFACE_FRONT, type ChipSpec, DLIB_CHIP, type EmbedderSpec } from '@visor/vision';

export type DefaultModels = {
  detector: { front: string; back: string };
  embedder: { path: string; spec: EmbedderSpec };
  chip: ChipSpec;
  mesh?: { path: string };
  /** Flip fusion, as the embedding service does for this embedder. */
  flip: boolean;
};

export function defaultModels(registry: ModelRegistry = loadRegistry(), dir: string = modelsDir()): DefaultModels {
  const { front, back } = pickDetectors(registry, { front: BLAZEFACE_FRONT.inputSize, back: BLAZEFACE_BACK.inputSize });
  const embedder = resolveModel('embedder', undefined, registry);
  const alignment = alignmentOf(embedder, registry);
  return {
    detector: { front: modelPath(front, dir), back: modelPath(back, dir) },
    embedder: { path: modelPath(embedder, dir), spec: embedderSpecOf(embedder) },
    chip: { ...DLIB_CHIP, size: embedder.input.size, points: alignment?.points ?? DLIB_CHIP.points },
    mesh: alignment?.landmarker && { path: modelPath(alignment.landmarker, dir) },
    flip: embedder.flipFusion === true,
  };
}
