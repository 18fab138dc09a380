// Which ONNX files the detector runs and which crop size the embedder wants, from the model registry.
import {
  type AlignPointSet,
  alignmentOf,
  loadRegistry,
  modelId,
  modelPath,
  modelsDir,
  pickDetectors,
  resolveModel,
} from '@visor/models';
import { BLAZEFACE_BACK, BLAZEFACE_FRONT } from '@visor/vision';
import type { DetectionConfig } from './config.ts';

export interface DetectionModels {
  front: { id: string; path: string };
  back: { id: string; path: string };
  /** Side of the aligned crop: the default embedder's input size. */
  chipSize: number;
  /** The keypoints the default embedder's crops are fitted on (absent: the pipeline's default). */
  alignPoints?: AlignPointSet;
  /** The face mesh those keypoints come from, when the embedder's alignment reads them off a mesh. */
  landmarker?: { id: string; path: string };
}

/**
 * The front (128) and back (256) BlazeFace detectors (named by config, else picked by size), and the crop the default
 * embedder takes: its size and alignment.
 */
export function resolveDetectionModels(config: DetectionConfig): DetectionModels {
  const registry = loadRegistry(config.VISOR_MODELS_REGISTRY);
  const dir = modelsDir({ VISOR_MODELS_DIR: config.VISOR_MODELS_DIR });
  const { front, back } = pickDetectors(
    registry,
    { front: BLAZEFACE_FRONT.inputSize, back: BLAZEFACE_BACK.inputSize },
    { front: config.VISOR_DETECTOR_FRONT_MODEL, back: config.VISOR_DETECTOR_BACK_MODEL },
  );
  const embedder = resolveModel('embedder', undefined, registry);
  const alignment = alignmentOf(embedder, registry);
  return {
    front: { id: modelId(front), path: modelPath(front, dir) },
    back: { id: modelId(back), path: modelPath(back, dir) },
    chipSize: embedder.input.size,
    alignPoints: alignment?.points,
    landmarker: alignment?.landmarker && {
      id: modelId(alignment.landmarker),
      path: modelPath(alignment.landmarker, dir),
    },
  };
}
