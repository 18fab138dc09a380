// Which ONNX files and input specs the pipeline uses: the @visor/models registry entry (built by
// `./visor models build` into VISOR_MODELS_DIR), unless a flag names a file explicitly.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type AlignPointSet,
  alignmentOf,
  embedderSpecOf,
  loadRegistry,
  type ModelEntry,
  modelId,
  modelPath,
  resolveModel,
} from '@visor/models';
import type { DetectorModels, EmbedderSpec } from '@visor/vision';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface ModelFiles {
  /** `name@version` of the embedder, for reports and the registry. */
  name: string;
  detector: DetectorModels;
  embedder: { path: string; spec: EmbedderSpec };
  entry: ModelEntry;
  /** The keypoints the embedder's registry entry says its crops are fitted on, if it says. */
  alignPoints?: AlignPointSet;
}

/** The face mesh the mesh alignment point sets need: the embedder's declared landmarker, else the default one. */
export function meshModelFile(entry?: ModelEntry): string {
  const registry = loadRegistry();
  const declared = entry && alignmentOf(entry, registry)?.landmarker;
  return built(declared ?? resolveModel('landmarker', undefined, registry));
}

export interface ModelOverrides {
  /** Embedder `name@version`; default: the registry's default embedder. */
  model?: string;
  embedder?: string;
  front?: string;
  back?: string;
}

function built(entry: ModelEntry): string {
  const p = modelPath(entry);
  if (!existsSync(p)) throw new Error(`${modelId(entry)} is not built (${p} missing): run ./visor models build`);
  return p;
}

export function resolveModelFiles(o: ModelOverrides = {}): ModelFiles {
  const entry = resolveModel('embedder', o.model);
  const front = o.front ?? built(resolveModel('detector', 'blazeface-front@1'));
  const back = o.back ?? built(resolveModel('detector', 'blazeface-back@1'));
  return {
    name: modelId(entry),
    detector: { front, back },
    embedder: { path: o.embedder ?? built(entry), spec: embedderSpecOf(entry) },
    entry,
    alignPoints: entry.alignment?.points,
  };
}
