// ./visor models build|list|verify|path: the model registry (models/registry.json) and its built ONNX files.
// `./visor test` runs `run(['build'])` first, so the build stays quick: present files are only re-hashed.
import { parseArgs } from 'node:util';
import {
  buildModels,
  loadRegistry,
  MODEL_KINDS,
  type ModelKind,
  ModelRegistryError,
  modelId,
  modelPath,
  modelsDir,
  resolveModel,
  verifyBuilt,
} from '@visor/models';

const USAGE = `usage:
  ./visor models build [--force] [--update-manifest] [--only name@version]...
      build every registry model into $VISOR_MODELS_DIR (models/build) when missing or stale; the result must have
      the sha256 recorded in models/registry.json (--update-manifest records a deliberate change instead)
  ./visor models list [--json]      the registry: models, sources, hashes, defaults
  ./visor models verify             check the built files against the manifest without building
  ./visor models path <kind> [name@version]   absolute path of a built model (default of its kind if none named)
`;

const progress = (line: string) => process.stderr.write(`models: ${line}\n`);

async function build(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      force: { type: 'boolean', default: false },
      'update-manifest': { type: 'boolean', default: false },
      only: { type: 'string', multiple: true },
    },
  });
  const started = performance.now();
  const results = await buildModels({
    force: values.force,
    updateManifest: values['update-manifest'],
    only: values.only,
    onProgress: progress,
  });
  const built = results.filter((r) => r.status !== 'up-to-date').length;
  progress(
    `${results.length} model(s) verified in ${modelsDir()}, ${built} built, ${Math.round(performance.now() - started)} ms`,
  );
  return 0;
}

function list(args: string[]): number {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean', default: false } } });
  const registry = loadRegistry();
  if (values.json) {
    process.stdout.write(`${JSON.stringify(registry, null, 2)}\n`);
    return 0;
  }
  const defaults = new Set(Object.values(registry.defaults));
  const rows = registry.models.map((m) => [
    `${modelId(m)}${defaults.has(modelId(m)) ? ' *' : ''}`,
    m.kind,
    `${m.input.size}×${m.input.size} ${m.input.layout}`,
    `${m.source.package}@${m.source.version}`,
    m.converter,
    m.sha256 ? m.sha256.slice(0, 12) : '(none)',
    m.thresholds ? 'yes' : '-',
  ]);
  const header = ['model (* default)', 'kind', 'input', 'source', 'converter', 'sha256', 'thresholds'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  for (const r of [header, ...rows]) {
    process.stdout.write(`${r.map((c, i) => c.padEnd(widths[i] as number)).join('  ')}\n`);
  }
  return 0;
}

function verify(): number {
  const problems = verifyBuilt();
  for (const p of problems) progress(p);
  if (problems.length > 0) {
    progress('run ./visor models build');
    return 1;
  }
  progress(`every model in ${modelsDir()} matches the registry`);
  return 0;
}

function pathOf(args: string[]): number {
  const [kind, ref] = args;
  if (!kind || !(MODEL_KINDS as readonly string[]).includes(kind)) {
    process.stderr.write(`visor models path: kind must be one of ${MODEL_KINDS.join(', ')}\n${USAGE}`);
    return 2;
  }
  process.stdout.write(`${modelPath(resolveModel(kind as ModelKind, ref))}\n`);
  return 0;
}

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  try {
    switch (sub) {
      case 'build':
        return await build(rest);
      case 'list':
        return list(rest);
      case 'verify':
        return verify();
      case 'path':
        return pathOf(rest);
      case undefined:
      case 'help':
      case '--help':
        process.stdout.write(USAGE);
        return sub === undefined ? 2 : 0;
      default:
        process.stderr.write(`visor models: unknown subcommand '${sub}'\n${USAGE}`);
        return 2;
    }
  } catch (err) {
    if (err instanceof ModelRegistryError) {
      process.stderr.write(`visor models: ${err.code}: ${err.message}\n`);
      return 1;
    }
    if (err instanceof TypeError && (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`visor models: ${err.message}\n${USAGE}`);
      return 2;
    }
    throw err;
  }
}

/** For `./visor test`: build (or verify) every registry model before the suites run. */
export const buildBeforeTests = (): Promise<number> => run(['build']);
