// Threshold calibration on a split by identity: thresholds for the target false accept rates are fitted on the
// pairs of one part of the identities and the rates they achieve are measured on the other part, which shares no
// person with it. Within each part every genuine pair and every impostor pair of its images is scored, so a part of
// a few thousand images resolves FAR 1e-4 (millions of impostor pairs).
import path from 'node:path';
import { loadRegistry, resolveModel, updateModelEntry } from '@visor/models';
import { type Alignment, type DetectMode, DLIB_CHIP, type Pipeline } from '@visor/vision';
import { fnv1a, loadDataset } from './dataset.ts';
import { embedFiles } from './evaluate.ts';
import { auc, dot, ratesAt, thresholdForFar } from './metrics.ts';

export interface SplitSpec {
  /** 1-based part whose identities are fitted on. */
  part: number;
  /** Number of parts. */
  parts: number;
  seed: number;
}

export function parseSplit(text: string, seed = 0): SplitSpec {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (!m) throw new Error(`--split must look like K/N (e.g. 1/2), got "${text}"`);
  const part = Number(m[1]);
  const parts = Number(m[2]);
  if (parts < 2 || part < 1 || part > parts) throw new Error(`--split ${text}: need 1 ≤ K ≤ N and N ≥ 2`);
  return { part, parts, seed };
}

/** Which part (1-based) an identity belongs to: a hash of its name, so the split never depends on file order. */
export function partOf(identity: string, split: SplitSpec): number {
  return (fnv1a(identity, split.seed) % split.parts) + 1;
}

export interface CalibrationOptions {
  datasetDir: string;
  pipeline: Pipeline;
  model: string;
  split: SplitSpec;
  farTargets: number[];
  mode?: DetectMode;
  alignment?: Alignment;
  flip?: boolean;
  limit?: number;
  progress?: (line: string) => void;
}

export interface PartStats {
  identities: number;
  images: number;
  images_without_face: number;
  genuine_pairs: number;
  impostor_pairs: number;
}

export interface CalibrationReport {
  model: string;
  dataset: string;
  split: string;
  settings: { mode: DetectMode; alignment: Alignment; align_points: string; flip: boolean; seed: number };
  fit: PartStats;
  heldout: PartStats & { auc: number };
  thresholds: Array<{
    far_target: number;
    threshold: number | null;
    fit: { tar: number; far: number } | null;
    heldout: { tar: number; far: number } | null;
  }>;
}

interface Part {
  identities: Set<string>;
  files: { file: string; identity: string }[];
}

export async function calibrate(o: CalibrationOptions): Promise<CalibrationReport> {
  const ds = await loadDataset(o.datasetDir);
  const labels = ds.labels.filter((l) => l.identity).slice(0, o.limit);
  const fitPart: Part = { identities: new Set(), files: [] };
  const heldPart: Part = { identities: new Set(), files: [] };
  for (const l of labels) {
    const p = partOf(l.identity, o.split) === o.split.part ? fitPart : heldPart;
    p.identities.add(l.identity);
    p.files.push({ file: l.file, identity: l.identity });
  }
  const mode = o.mode ?? 'auto';
  const alignment = o.alignment ?? 'template';
  const flip = o.flip ?? false;
  const { results } = await embedFiles(
    o.pipeline,
    ds.dir,
    labels.map((l) => l.file),
    { mode, alignment, flip, progress: o.progress ?? (() => {}) },
  );

  const score = (part: Part) => {
    const withFace = part.files.flatMap((f) => {
      const e = results.get(f.file)?.embedding;
      return e ? [{ ...f, e }] : [];
    });
    const genuine: number[] = [];
    const impostor: number[] = [];
    for (let i = 0; i < withFace.length; i++) {
      const a = withFace[i];
      for (let j = i + 1; j < withFace.length; j++) {
        const b = withFace[j];
        (a.identity === b.identity ? genuine : impostor).push(dot(a.e, b.e));
      }
    }
    const stats: PartStats = {
      identities: part.identities.size,
      images: part.files.length,
      images_without_face: part.files.length - withFace.length,
      genuine_pairs: genuine.length,
      impostor_pairs: impostor.length,
    };
    return { genuine, impostor, stats };
  };

  const fit = score(fitPart);
  const held = score(heldPart);
  const heldScores = [...held.genuine, ...held.impostor];
  const heldLabels = [...held.genuine.map(() => true), ...held.impostor.map(() => false)];
  const fitScores = [...fit.genuine, ...fit.impostor];
  const fitLabels = [...fit.genuine.map(() => true), ...fit.impostor.map(() => false)];

  return {
    model: o.model,
    dataset: path.basename(path.resolve(ds.dir)),
    split: `${o.split.part}/${o.split.parts}`,
    settings: { mode, alignment, align_points: o.pipeline.chipSpec.points, flip, seed: o.split.seed },
    fit: fit.stats,
    heldout: { ...held.stats, auc: round(auc(heldScores, heldLabels), 5) },
    thresholds: o.farTargets.map((far) => {
      const exact = thresholdForFar(fit.impostor, far);
      if (exact === undefined) return { far_target: far, threshold: null, fit: null, heldout: null };
      // Stored with 6 decimals, rounded up so the stored value never admits more than the fitted one.
      const t = Math.ceil(exact * 1e6) / 1e6;
      const f = ratesAt(fitScores, fitLabels, t);
      const h = ratesAt(heldScores, heldLabels, t);
      return {
        far_target: far,
        threshold: t,
        fit: { tar: round(f.tar, 4), far: round(f.far, 6) },
        heldout: { tar: round(h.tar, 4), far: round(h.far, 6) },
      };
    }),
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export type CalibrationSettings = CalibrationReport['settings'];

/**
 * Why thresholds fitted with `settings` must not be stored for `model`, or undefined when they may. The services
 * threshold embeddings of template crops fitted on the keypoints the registry entry declares, with flip fusion as
 * it declares; a threshold fitted on any other embeddings would not give the false accept rate it is stored under.
 */
export function servingMismatch(
  model: string,
  settings: Pick<CalibrationSettings, 'alignment' | 'align_points' | 'flip'>,
  registryFile?: string,
): string | undefined {
  const entry = resolveModel('embedder', model, loadRegistry(registryFile));
  const declared = entry.alignment?.points ?? DLIB_CHIP.points;
  if (settings.alignment !== 'template') return `--alignment ${settings.alignment}: the services use template crops`;
  if (settings.align_points !== declared) {
    return `--align-points ${settings.align_points}: ${model} declares ${declared} in the registry`;
  }
  const flip = entry.flipFusion === true;
  if (settings.flip !== flip) {
    return `${settings.flip ? '--flip' : '--no-flip'}: ${model} declares flipFusion ${flip} in the registry`;
  }
  return undefined;
}

/**
 * Writes the thresholds and the held-out rates they achieved into the model's registry entry
 * (models/registry.json, through @visor/models' updateModelEntry). Returns the model id written.
 */
export function saveCalibration(report: CalibrationReport, registryFile?: string): string {
  const mismatch = servingMismatch(report.model, report.settings, registryFile);
  if (mismatch) throw new Error(`not saving thresholds for ${report.model}: ${mismatch}`);
  const far: Record<string, number | null> = {};
  for (const t of report.thresholds) far[farKey(t.far_target)] = t.threshold;
  const thresholds = {
    metric: 'cosine',
    far,
    dataset: report.dataset,
    split: `identity hash (fnv1a, seed ${report.settings.seed}): fitted on part ${report.split}, measured on the rest`,
    settings: report.settings,
    fit: report.fit,
    heldout: {
      ...report.heldout,
      rates: Object.fromEntries(report.thresholds.map((t) => [farKey(t.far_target), t.heldout])),
    },
  };
  updateModelEntry(report.model, { thresholds }, registryFile);
  return report.model;
}

/** 0.001 → "1e-3", the registry's key style. */
export function farKey(far: number): string {
  const [m, e] = far.toExponential().split('e');
  return `${m}e${Number(e)}`;
}
