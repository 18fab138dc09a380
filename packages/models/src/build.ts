// Builds every registry model into the models directory, bit-identically: checks the source package version and
// source file hashes, runs the entry's converter, and holds the result to the sha256 recorded in the manifest.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { convertFaceApiResnet, convertTfjsGraph } from '@visor/model-convert';
import {
  defaultRegistryFile,
  loadRegistry,
  ModelRegistryError,
  modelPath,
  modelsDir,
  updateModelEntry,
} from './registry.ts';
import { type ModelEntry, modelId } from './schema.ts';

/** Where the weight packages are installed: they are this package's own dependencies. */
const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const sha256Of = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

let converterCodeHash: string | undefined;
/** Hash of @visor/model-convert's sources: a converter code change must rebuild (and be caught by the sha check). */
function converterCode(): string {
  if (converterCodeHash) return converterCodeHash;
  const root = realpathSync(path.join(packageRoot, 'node_modules/@visor/model-convert'));
  const hash = createHash('sha256');
  const files = (readdirSync(path.join(root, 'src'), { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts'))
    .sort();
  for (const f of [...files.map((x) => path.join('src', x)), 'package.json']) {
    hash
      .update(`${f}\0`)
      .update(readFileSync(path.join(root, f)))
      .update('\0');
  }
  converterCodeHash = hash.digest('hex');
  return converterCodeHash;
}

/** What a built file was made from; stored next to it so a changed converter or source forces a rebuild. */
function fingerprint(entry: ModelEntry): string {
  const recipe = {
    converter: entry.converter,
    options: entry.converterOptions ?? {},
    source: entry.source,
    code: entry.converter === 'copy' ? null : converterCode(),
  };
  return sha256Of(new TextEncoder().encode(JSON.stringify(recipe)));
}

const stampFile = (file: string) => `${file}.stamp`;

function upToDate(entry: ModelEntry, file: string): boolean {
  if (!entry.sha256 || !existsSync(file) || !existsSync(stampFile(file))) return false;
  if (readFileSync(stampFile(file), 'utf8').trim() !== fingerprint(entry)) return false;
  return sha256Of(readFileSync(file)) === entry.sha256;
}

export interface BuildOptions {
  /** Rebuild even when the file is present with the right hash. */
  force?: boolean;
  /** Record the converter's output hash in the manifest instead of failing on a mismatch. */
  updateManifest?: boolean;
  /** Output directory; modelsDir() by default. */
  outDir?: string;
  registryFile?: string;
  /** Only these 'name@version' ids. */
  only?: readonly string[];
  /** Progress lines (e.g. to stderr). */
  onProgress?: (line: string) => void;
}

export interface BuildResult {
  id: string;
  file: string;
  /** up-to-date: present with the manifest's hash; built: (re)built and matched; recorded: hash written to manifest. */
  status: 'up-to-date' | 'built' | 'recorded';
  sha256: string;
  ms: number;
}

export function sourceDir(entry: Pick<ModelEntry, 'source'>): string {
  return path.join(packageRoot, 'node_modules', entry.source.package);
}

/** Source package at the pinned version, every pinned file present with its hash. */
export function verifySource(entry: ModelEntry): string {
  const dir = sourceDir(entry);
  const id = modelId(entry);
  const pkgFile = path.join(dir, 'package.json');
  if (!existsSync(pkgFile)) {
    throw new ModelRegistryError('SOURCE_MISMATCH', `${id}: ${entry.source.package} is not installed (pnpm install)`);
  }
  const installed = (JSON.parse(readFileSync(pkgFile, 'utf8')) as { version: string }).version;
  if (installed !== entry.source.version) {
    throw new ModelRegistryError(
      'SOURCE_MISMATCH',
      `${id}: needs ${entry.source.package}@${entry.source.version}, ${installed} is installed`,
    );
  }
  for (const f of entry.source.files) {
    const file = path.join(dir, f.path);
    if (!existsSync(file)) throw new ModelRegistryError('SOURCE_MISMATCH', `${id}: ${f.path} missing in the package`);
    const actual = sha256Of(readFileSync(file));
    if (actual !== f.sha256) {
      throw new ModelRegistryError(
        'SOURCE_MISMATCH',
        `${id}: ${f.path} has sha256 ${actual}, registry pins ${f.sha256}`,
      );
    }
  }
  return dir;
}

/** Produces the entry's ONNX bytes from its (verified) source. */
export async function convert(entry: ModelEntry): Promise<Uint8Array> {
  const dir = verifySource(entry);
  const input = path.join(dir, (entry.source.files[0] as { path: string }).path);
  const source = `${entry.source.package}@${entry.source.version}`;
  switch (entry.converter) {
    case 'copy':
      return readFileSync(input);
    case 'faceapi-resnet':
      return convertFaceApiResnet({ manifestPath: input, source });
    case 'tfjs-graph':
      return (await convertTfjsGraph(input, entry.converterOptions ?? {})).bytes;
  }
}

function writeAtomically(file: string, bytes: Uint8Array): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, file);
}

async function buildOne(
  entry: ModelEntry,
  outDir: string,
  registryFile: string,
  options: BuildOptions,
  progress: (line: string) => void,
): Promise<BuildResult> {
  const id = modelId(entry);
  const file = modelPath(entry, outDir);
  const started = performance.now();
  if (!options.force && upToDate(entry, file)) {
    progress(`up to date (${entry.file})`);
    return { id, file, status: 'up-to-date', sha256: entry.sha256 as string, ms: performance.now() - started };
  }
  progress(`building with ${entry.converter} from ${entry.source.package}@${entry.source.version}`);
  const bytes = await convert(entry);
  const sha = sha256Of(bytes);
  let status: BuildResult['status'] = 'built';
  if (sha !== entry.sha256) {
    if (!options.updateManifest) {
      const recorded = entry.sha256 ? `records ${entry.sha256}` : 'has no sha256 for it yet';
      throw new ModelRegistryError(
        'SHA_MISMATCH',
        `${id}: the build produced sha256 ${sha} but the registry ${recorded}. ` +
          'If the conversion changed on purpose, run `./visor models build --update-manifest` and commit ' +
          'models/registry.json; otherwise the converter or a source package changed by accident.',
      );
    }
    updateModelEntry(id, { sha256: sha }, registryFile);
    status = 'recorded';
  }
  writeAtomically(file, bytes);
  writeAtomically(stampFile(file), new TextEncoder().encode(`${fingerprint(entry)}\n`));
  const ms = performance.now() - started;
  progress(`${status === 'recorded' ? 'built, new sha256 recorded' : 'built'} in ${Math.round(ms)} ms`);
  return { id, file, status, sha256: sha, ms };
}

/**
 * Builds what is missing or stale. A converter output whose hash differs from the manifest is a hard error: either
 * the conversion changed by accident, or deliberately, and then `--update-manifest` records the new hash. Every
 * model is attempted; failures are thrown together at the end.
 */
export async function buildModels(options: BuildOptions = {}): Promise<BuildResult[]> {
  const registryFile = options.registryFile ?? defaultRegistryFile;
  const registry = loadRegistry(registryFile);
  const outDir = options.outDir ?? modelsDir();
  const progress = options.onProgress ?? (() => {});
  const results: BuildResult[] = [];
  const entries = options.only ? registry.models.filter((m) => options.only?.includes(modelId(m))) : registry.models;
  if (options.only) {
    for (const id of options.only) {
      if (!entries.some((m) => modelId(m) === id)) throw new ModelRegistryError('MODEL_NOT_FOUND', `no model ${id}`);
    }
  }
  const failures: ModelRegistryError[] = [];
  for (const [i, entry] of entries.entries()) {
    const tag = `[${i + 1}/${entries.length}] ${modelId(entry)}`;
    try {
      const result = await buildOne(entry, outDir, registryFile, options, (line) => progress(`${tag}: ${line}`));
      results.push(result);
    } catch (err) {
      // Build the others anyway, so one stale entry does not leave every model missing; fail at the end.
      const failure =
        err instanceof ModelRegistryError
          ? err
          : new ModelRegistryError('BUILD_FAILED', `${modelId(entry)}: ${(err as Error).message}`);
      progress(`${tag}: FAILED ${failure.code}: ${failure.message}`);
      failures.push(failure);
    }
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) {
    const codes = new Set(failures.map((f) => f.code));
    throw new ModelRegistryError(
      codes.size === 1 ? (failures[0] as ModelRegistryError).code : 'BUILD_FAILED',
      failures.map((f) => f.message).join('\n'),
    );
  }
  return results;
}

/** Built files present and matching the manifest, without building anything. */
export function verifyBuilt(options: Pick<BuildOptions, 'outDir' | 'registryFile'> = {}): string[] {
  const registry = loadRegistry(options.registryFile ?? defaultRegistryFile);
  const problems: string[] = [];
  for (const entry of registry.models) {
    const file = modelPath(entry, options.outDir ?? modelsDir());
    if (!existsSync(file)) problems.push(`${modelId(entry)}: ${file} missing`);
    else if (sha256Of(readFileSync(file)) !== entry.sha256) problems.push(`${modelId(entry)}: ${file} sha256 differs`);
  }
  return problems;
}
