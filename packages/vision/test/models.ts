// The built ONNX files the pipeline tests run on (./visor test builds them first; `./visor models build` by hand).
import { existsSync } from 'node:fs';
import { embedderSpecOf, modelPath, resolveModel } from '@visor/models';
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
    spec: embedderSpecOf(entry),
  };
}

export function meshFile(): string {
  return built('landmarker', 'human-facemesh@1');
}
