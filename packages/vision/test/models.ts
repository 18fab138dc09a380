// The built ONNX files the pipeline tests run on (./visor test builds them first; `./visor models build` by hand).
import { existsSync } from 'node:fs';
import { modelPath, resolveModel } from '@visor/models';
import type { DetectorModels, EmbedderSpec } from '../src/index.ts';

function built(kind: 'detector' | 'embedder' | 'landmarker', id: string): string {
  const p = modelPath(resolveModel(kind, id));
  if (!existsSync(p)) throw new Error(`${p} is missing: run ./visor models build (./visor test does it first)`);
  return p;
}

export function detectorFiles(): DetectorModels {
  return { front: built('detector', 'blazeface-front@1'), back: built('detector', 'blazeface-back@1') };
}

export function embedderFile(): { path: string; spec: EmbedderSpec } {
  const entry = resolveModel('embedder');
  return {
    path: built('embedder', `${entry.name}@${entry.version}`),
    spec: {
      size: entry.input.size,
      layout: entry.input.layout,
      mean: entry.input.mean,
      scale: entry.input.scale,
      dim: entry.output.embeddingDim ?? 128,
      inputName: entry.input.name,
      outputName: entry.output.tensors[0].name,
    },
  };
}

export function meshFile(): string {
  return built('landmarker', 'human-facemesh@1');
}
