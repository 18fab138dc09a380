// Evaluation of one pipeline on one labelled dataset: detection recall, 1:1 verification, 1:N identification and,
// given a pairs file, the standard LFW 10-fold protocol. Each image is decoded, detected and embedded once.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Alignment, type DetectMode, type Face, type Pipeline, resize, subjectFaceIndex } from '@visor/vision';
import { type Dataset, loadDataset, type PairRow } from './dataset.ts';
import { type LfwPair, makeLfwPairs, parseLfwPairs, parseLfwPath } from './lfw.ts';
import { auc, dot, kFoldAccuracy, percentile, rank1, tarAtFar } from './metrics.ts';

export interface EvalOptions {
  datasetDir: string;
  pipeline: Pipeline;
  /** `name@version`, reported as is. */
  model: string;
  /** A View 2 pairs file, or `generate` for one made from the dataset's own LFW-layout images (see makeLfwPairs). */
  lfwPairsFile?: string;
  /** Only the first N images of labels.csv (and the pairs among them). */
  limit?: number;
  mode?: DetectMode;
  alignment?: Alignment;
  flip?: boolean;
  /** Each image is shrunk by this factor (0 < scale ≤ 1) after decoding: the same people with smaller faces. */
  scale?: number;
  /** Folds for the cross-validated accuracy on pairs.csv. */
  folds?: number;
  progress?: (line: string) => void;
  progressEvery?: number;
}

export const FAR_TARGETS = ['1e-2', '1e-3', '1e-4'] as const;

export interface EvalReport {
  model: string;
  dataset: string;
  /** `scale` only when the images were shrunk. */
  settings: { mode: DetectMode; alignment: Alignment; align_points: string; flip: boolean; scale?: number };
  verification: {
    pairs: number;
    pairs_without_face: number;
    auc: number | null;
    accuracy: number | null;
    threshold: number | null;
    tar_at_far: Record<(typeof FAR_TARGETS)[number], number | null>;
  };
  identification: { gallery: number; probes: number; rank1: number | null };
  detection: {
    images: number;
    faces_expected: number;
    faces_found: number;
    recall: number | null;
    images_without_face: number;
    images_exact_count: number;
  };
  lfw_protocol?: {
    pairs_file: string;
    pairs: number;
    pairs_missing: number;
    accuracy_mean: number;
    accuracy_std: number;
  };
  timing_ms: { detect_p50: number | null; embed_p50: number | null };
}

export interface ImageResult {
  faces: number;
  embedding: Float32Array | undefined;
  /** Width of the embedded (subject) face's box, source pixels after any `scale`. */
  faceWidth?: number;
}

/** Score given to a pair when either image has no face: the lowest cosine, so it counts as a rejection. */
const NO_FACE_SCORE = -1;

export async function evaluate(options: EvalOptions): Promise<EvalReport> {
  const ds = await loadDataset(options.datasetDir);
  const limited = applyLimit(ds, options.limit);
  const mode = options.mode ?? 'auto';
  const alignment = options.alignment ?? 'template';
  const flip = options.flip ?? false;
  const scale = options.scale ?? 1;
  if (!(scale > 0 && scale <= 1)) throw new RangeError(`scale must be in (0, 1], got ${scale}`);
  const progress = options.progress ?? (() => {});

  const lfwPairs = options.lfwPairsFile ? parseLfwPairs(await lfwPairsText(options.lfwPairsFile, ds)) : [];
  const known = new Set(ds.labels.map((l) => l.file));
  const lfwPresent = lfwPairs.filter((p) => known.has(p.a) && known.has(p.b));

  const files = [
    ...new Set([
      ...limited.labels.map((l) => l.file),
      ...limited.pairs.flatMap((p) => [p.a, p.b]),
      ...lfwPresent.flatMap((p) => [p.a, p.b]),
    ]),
  ];

  const { results, detectMs, embedMs } = await embedFiles(options.pipeline, ds.dir, files, {
    mode,
    alignment,
    flip,
    scale,
    progress,
    progressEvery: options.progressEvery,
  });

  return {
    model: options.model,
    dataset: path.basename(path.resolve(ds.dir)),
    settings: {
      mode,
      alignment,
      align_points: options.pipeline.chipSpec.points,
      flip,
      ...(scale === 1 ? {} : { scale }),
    },
    verification: verification(limited.pairs, results, options.folds ?? 10),
    identification: identification(limited, results),
    detection: detection(limited, results),
    ...(options.lfwPairsFile
      ? {
          lfw_protocol: {
            pairs_file: describePairsFile(options.lfwPairsFile),
            ...lfwProtocol(lfwPairs, lfwPresent, results),
          },
        }
      : {}),
    timing_ms: {
      detect_p50: detectMs.length ? round(percentile(detectMs, 0.5), 2) : null,
      embed_p50: embedMs.length ? round(percentile(embedMs, 0.5), 2) : null,
    },
  };
}

export interface EmbedRun {
  results: Map<string, ImageResult>;
  detectMs: number[];
  embedMs: number[];
}

/** Decodes, detects and embeds (the subject's face, see subjectFaceIndex) each file once, with progress lines. */
export async function embedFiles(
  pipeline: Pipeline,
  dir: string,
  files: readonly string[],
  o: {
    mode: DetectMode;
    alignment: Alignment;
    flip: boolean;
    /** Shrink factor applied after decoding (default 1). */
    scale?: number;
    progress: (line: string) => void;
    progressEvery?: number;
  },
): Promise<EmbedRun> {
  const results = new Map<string, ImageResult>();
  const detectMs: number[] = [];
  const embedMs: number[] = [];
  const every = o.progressEvery ?? Math.max(10, Math.round(files.length / 20));
  const started = performance.now();
  for (const [i, file] of files.entries()) {
    results.set(file, await processFile(pipeline, path.join(dir, file), o, detectMs, embedMs));
    const done = i + 1;
    if (done % every === 0 || done === files.length) {
      const secs = (performance.now() - started) / 1000;
      const rate = done / secs;
      const eta = (files.length - done) / rate;
      o.progress(`${done}/${files.length} images, ${rate.toFixed(1)}/s, ETA ${eta.toFixed(0)} s`);
    }
  }
  return { results, detectMs, embedMs };
}

function applyLimit(ds: Dataset, limit: number | undefined): Dataset {
  if (limit === undefined) return ds;
  const labels = ds.labels.slice(0, limit);
  const keep = new Set(labels.map((l) => l.file));
  return { ...ds, labels, pairs: ds.pairs.filter((p) => keep.has(p.a) && keep.has(p.b)) };
}

async function processFile(
  pipeline: Pipeline,
  file: string,
  o: { mode: DetectMode; alignment: Alignment; flip: boolean; scale?: number },
  detectMs: number[],
  embedMs: number[],
): Promise<ImageResult> {
  const decoded = await pipeline.decode(await readFile(file));
  if (!decoded.ok) return { faces: 0, embedding: undefined };
  const scale = o.scale ?? 1;
  const { width, height } = decoded.value;
  const image =
    scale === 1
      ? decoded.value
      : resize(decoded.value, Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale)));
  let t = performance.now();
  const faces = await pipeline.detect(image, { mode: o.mode });
  detectMs.push(performance.now() - t);
  if (!faces.length || !pipeline.embedderSpec) return { faces: faces.length, embedding: undefined };
  t = performance.now();
  // The labelled person is the photo's subject; with a bystander as large as the subject, largest-first would
  // score the wrong face.
  const subject = faces[subjectFaceIndex(faces, image.width, image.height)] as Face;
  const chip = pipeline.align(image, subject, o.alignment).image;
  const [embedding] = await pipeline.embed([chip], { flip: o.flip });
  embedMs.push(performance.now() - t);
  return { faces: faces.length, embedding, faceWidth: subject.box.width };
}

function pairScore(results: Map<string, ImageResult>, a: string, b: string): number | undefined {
  const ea = results.get(a)?.embedding;
  const eb = results.get(b)?.embedding;
  return ea && eb ? dot(ea, eb) : undefined;
}

/** Cosine scores of pairs; a pair with a faceless image scores NO_FACE_SCORE (a rejection). */
export function scorePairs(
  pairs: readonly { a: string; b: string; same: boolean }[],
  results: Map<string, ImageResult>,
): { scores: number[]; labels: boolean[]; withoutFace: number } {
  const scores: number[] = [];
  const labels: boolean[] = [];
  let withoutFace = 0;
  for (const p of pairs) {
    const s = pairScore(results, p.a, p.b);
    if (s === undefined) withoutFace++;
    scores.push(s ?? NO_FACE_SCORE);
    labels.push(p.same);
  }
  return { scores, labels, withoutFace };
}

function verification(pairs: PairRow[], results: Map<string, ImageResult>, k: number): EvalReport['verification'] {
  const { scores, labels, withoutFace } = scorePairs(pairs, results);
  const hasBoth = labels.includes(true) && labels.includes(false);
  // Stratified folds: pairs.csv lists genuine pairs first, so index modulo k spreads both classes evenly.
  const folds = scores.map((_, i) => i % k);
  const cv = hasBoth && scores.length >= 2 * k ? kFoldAccuracy(scores, labels, folds) : undefined;
  const tar = Object.fromEntries(
    FAR_TARGETS.map((f) => {
      const r = hasBoth ? tarAtFar(scores, labels, Number(f)) : null;
      return [f, r ? round(r.tar, 4) : null];
    }),
  ) as EvalReport['verification']['tar_at_far'];
  return {
    pairs: pairs.length,
    pairs_without_face: withoutFace,
    auc: hasBoth ? round(auc(scores, labels), 5) : null,
    accuracy: cv ? round(cv.accuracy, 4) : null,
    threshold: cv ? round(cv.meanThreshold, 4) : null,
    tar_at_far: tar,
  };
}

function identification(ds: Dataset, results: Map<string, ImageResult>): EvalReport['identification'] {
  const byId = new Map<string, string[]>();
  for (const l of ds.labels) {
    if (!l.identity) continue;
    byId.set(l.identity, [...(byId.get(l.identity) ?? []), l.file]);
  }
  const gallery: { identity: string; item: Float32Array }[] = [];
  const probes: { identity: string; item: Float32Array | undefined }[] = [];
  for (const [identity, files] of byId) {
    const first = results.get(files[0])?.embedding;
    if (first) gallery.push({ identity, item: first });
    for (const f of files.slice(1)) probes.push({ identity, item: results.get(f)?.embedding });
  }
  // A probe without a face is a miss, not an exclusion.
  const withFace = probes.filter((p): p is { identity: string; item: Float32Array } => p.item !== undefined);
  const r = rank1(gallery, withFace, dot);
  return {
    gallery: gallery.length,
    probes: probes.length,
    rank1: probes.length ? round(r.hits / probes.length, 4) : null,
  };
}

function detection(ds: Dataset, results: Map<string, ImageResult>): EvalReport['detection'] {
  let images = 0;
  let expected = 0;
  let found = 0;
  let without = 0;
  let exact = 0;
  for (const l of ds.labels) {
    if (l.faces === undefined) continue;
    const n = results.get(l.file)?.faces ?? 0;
    images++;
    expected += l.faces;
    // Extra detections do not make up for missed ones: found is capped per image at the labelled count.
    found += Math.min(n, l.faces);
    if (l.faces > 0 && n === 0) without++;
    if (n === l.faces) exact++;
  }
  return {
    images,
    faces_expected: expected,
    faces_found: found,
    recall: expected ? round(found / expected, 4) : null,
    images_without_face: without,
    images_exact_count: exact,
  };
}

export const GENERATED_PAIRS = 'generate';

async function lfwPairsText(file: string, ds: Dataset): Promise<string> {
  if (file !== GENERATED_PAIRS) return readFile(file, 'utf8');
  const images = ds.labels.flatMap((l) => {
    const p = parseLfwPath(l.file);
    return p ? [p] : [];
  });
  return makeLfwPairs(images);
}

function describePairsFile(file: string): string {
  return file === GENERATED_PAIRS
    ? 'generated from the dataset: LFW View 2 format, 10 identity-disjoint folds × (300 matched + 300 mismatched), seed 0; not the official pairs.txt'
    : path.basename(file);
}

function lfwProtocol(
  all: LfwPair[],
  present: LfwPair[],
  results: Map<string, ImageResult>,
): Omit<NonNullable<EvalReport['lfw_protocol']>, 'pairs_file'> {
  const { scores, labels } = scorePairs(present, results);
  const cv = kFoldAccuracy(
    scores,
    labels,
    present.map((p) => p.fold),
  );
  return {
    pairs: present.length,
    pairs_missing: all.length - present.length,
    accuracy_mean: round(cv.mean, 4),
    accuracy_std: round(cv.std, 4),
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
