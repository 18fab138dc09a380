// Reading and updating the model registry manifest, and finding a model's built ONNX file.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatJson } from './json.ts';
import { type ModelEntry, type ModelKind, modelId, Registry } from './schema.ts';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const defaultRegistryFile = path.join(repoRoot, 'models/registry.json');

export const REGISTRY_ERROR_CODES = [
  'REGISTRY_INVALID',
  'MODEL_NOT_FOUND',
  'MODEL_WRONG_KIND',
  'SOURCE_MISMATCH',
  'SHA_MISMATCH',
  'BUILD_FAILED',
] as const;
export type RegistryErrorCode = (typeof REGISTRY_ERROR_CODES)[number];

export class ModelRegistryError extends Error {
  readonly code: RegistryErrorCode;

  constructor(code: RegistryErrorCode, message: string) {
    super(message);
    this.name = 'ModelRegistryError';
    this.code = code;
  }
}

/** Directory of built ONNX files: $VISOR_MODELS_DIR (relative to the repository root) or models/build. */
export function modelsDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(repoRoot, env.VISOR_MODELS_DIR || 'models/build');
}

export function parseRegistry(json: unknown, file = '<registry>'): Registry {
  const parsed = Registry.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new ModelRegistryError('REGISTRY_INVALID', `${file} is invalid: ${issues}`);
  }
  return parsed.data;
}

export function loadRegistry(file: string = defaultRegistryFile): Registry {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ModelRegistryError('REGISTRY_INVALID', `cannot read ${file}: ${(err as Error).message}`);
  }
  return parseRegistry(json, file);
}

/** Writes atomically (temp file + rename) in Biome's layout, after validating. */
export function writeRegistry(registry: Registry, file: string = defaultRegistryFile): void {
  const valid = parseRegistry(registry, file);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, formatJson(valid));
  renameSync(tmp, file);
}

/** Finds a model by 'name@version' (or the kind's default when `ref` is undefined), checking its kind. */
export function resolveModel(kind: ModelKind, ref?: string, registry: Registry = loadRegistry()): ModelEntry {
  const id = ref ?? registry.defaults[kind];
  if (!id) throw new ModelRegistryError('MODEL_NOT_FOUND', `no default ${kind} in the registry`);
  const entry = registry.models.find((m) => modelId(m) === id);
  if (!entry) {
    const known = registry.models.filter((m) => m.kind === kind).map(modelId);
    throw new ModelRegistryError('MODEL_NOT_FOUND', `no model ${id}; ${kind}s: ${known.join(', ')}`);
  }
  if (entry.kind !== kind) throw new ModelRegistryError('MODEL_WRONG_KIND', `${id} is a ${entry.kind}, not a ${kind}`);
  return entry;
}

/** Absolute path of an entry's built ONNX file. */
export function modelPath(entry: Pick<ModelEntry, 'file'>, dir: string = modelsDir()): string {
  return path.join(dir, entry.file);
}

/** The fields a program may write back: calibration thresholds, evaluation metrics, the recorded build hash. */
export type ModelEntryPatch = Partial<Pick<ModelEntry, 'thresholds' | 'metrics' | 'sha256'>>;

/** Updates one entry ('name@version') in the manifest file and returns it; the file is rewritten atomically. */
export function updateModelEntry(id: string, patch: ModelEntryPatch, file: string = defaultRegistryFile): ModelEntry {
  const registry = loadRegistry(file);
  const index = registry.models.findIndex((m) => modelId(m) === id);
  if (index < 0) throw new ModelRegistryError('MODEL_NOT_FOUND', `no model ${id} in ${file}`);
  const updated = { ...(registry.models[index] as ModelEntry), ...patch };
  registry.models[index] = updated;
  writeRegistry(registry, file);
  return updated;
}
