// Shared plumbing of `./visor eval` and `./visor calibrate`: flags → models → pipeline, JSON out.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  ALIGN_POINTS,
  type Alignment,
  createPipeline,
  type DetectMode,
  DLIB_CHIP,
  isMeshPoints,
  type Pipeline,
} from '@visor/vision';
import { meshModelFile, resolveModelFiles } from './models.ts';

export const COMMON_FLAGS = {
  dataset: { type: 'string' },
  model: { type: 'string' },
  embedder: { type: 'string' },
  'detector-front': { type: 'string' },
  'detector-back': { type: 'string' },
  mode: { type: 'string' },
  alignment: { type: 'string' },
  'align-points': { type: 'string' },
  flip: { type: 'boolean' },
  'no-flip': { type: 'boolean' },
  limit: { type: 'string' },
  threads: { type: 'string' },
  out: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export class UsageError extends Error {}

/** Runs a command body; a usage mistake (ours or node:util parseArgs') prints the usage and exits 2. */
export async function withUsage(command: string, usage: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`visor ${command}: ${(err as Error).message}\n${usage}`);
      return 2;
    }
    throw err;
  }
}

export function oneOf<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, got "${value}"`);
  }
  return value as T;
}

export function positiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer, got "${value}"`);
  return n;
}

export interface Setup {
  pipeline: Pipeline;
  model: string;
  mode: DetectMode;
  alignment: Alignment;
  flip: boolean;
  limit: number | undefined;
}

export async function setup(v: {
  model?: string;
  embedder?: string;
  'detector-front'?: string;
  'detector-back'?: string;
  mode?: string;
  alignment?: string;
  'align-points'?: string;
  flip?: boolean;
  'no-flip'?: boolean;
  limit?: string;
  threads?: string;
}): Promise<Setup> {
  const files = resolveModelFiles({
    model: v.model,
    embedder: v.embedder,
    front: v['detector-front'],
    back: v['detector-back'],
  });
  const threads = positiveInt('threads', v.threads) ?? 1;
  // Default: the alignment the embedder's registry entry declares (its thresholds were calibrated with it).
  const points = oneOf('align-points', v['align-points'], ALIGN_POINTS, files.alignPoints ?? DLIB_CHIP.points);
  const pipeline = await createPipeline({
    detector: files.detector,
    embedder: files.embedder,
    ortOptions: { intraOpNumThreads: threads },
    mesh: isMeshPoints(points) ? { path: meshModelFile(files.entry) } : undefined,
    chip: { ...DLIB_CHIP, points },
  });
  return {
    pipeline,
    model: files.name,
    mode: oneOf('mode', v.mode, ['selfie', 'group', 'auto'], 'auto'),
    alignment: oneOf('alignment', v.alignment, ['template', 'box'], 'template'),
    // Default: flip fusion as the embedder's registry entry declares it (what the services do).
    flip: v.flip === true ? true : v['no-flip'] === true ? false : files.entry.flipFusion === true,
    limit: positiveInt('limit', v.limit),
  };
}

/** One JSON object on stdout; with --out also written to that file (for DVC metrics). */
export async function emit(report: unknown, out: string | undefined): Promise<void> {
  const text = `${JSON.stringify(report, null, 2)}\n`;
  if (out) {
    await mkdir(path.dirname(path.resolve(out)), { recursive: true });
    await writeFile(out, text);
  }
  process.stdout.write(text);
}

export const stderrProgress =
  (prefix: string) =>
  (line: string): void => {
    process.stderr.write(`${prefix}: ${line}\n`);
  };
