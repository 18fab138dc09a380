// Score fusion of two registry embedders, measured the way `./visor calibrate` measures one: identities split in two
// by a hash of their name; the fusion weight and the thresholds are chosen on the fit part only and reported on the
// held-out part (every genuine and impostor pair within each part), plus the dataset's pairs.csv.
// Fused score = w · z₁(cosine₁) + (1 − w) · z₂(cosine₂), each z-normalised with the fit part's impostor mean and std.
// Usage: node packages/eval/src/fusion.ts --dataset DIR [--models A@v,B@v] [--split 1/2] [--seed 0] [--step 0.1]
//        [--flip]   (JSON on stdout, progress on stderr; a script for the evaluation notes, not a product path)
import { parseArgs } from 'node:util';
import { parseSplit, partOf, type SplitSpec } from './calibrate.ts';
import { setup, stderrProgress } from './cli.ts';
import { type Dataset, loadDataset } from './dataset.ts';
import { embedFiles } from './evaluate.ts';
import { dot, tarAtFar, thresholdForFar } from './metrics.ts';

const FARS = [1e-3, 1e-4] as const;

type Embeddings = Map<string, Float32Array>;

/** Pair scores of one part under both models, genuine and impostor apart. */
interface PartScores {
  genuine: [Float64Array, Float64Array];
  impostor: [Float64Array, Float64Array];
}

async function embedAll(ds: Dataset, model: string, flip: boolean, progress: (l: string) => void) {
  const s = await setup({ model, ...(flip ? { flip: true } : {}) });
  try {
    const { results } = await embedFiles(
      s.pipeline,
      ds.dir,
      ds.labels.map((l) => l.file),
      { mode: s.mode, alignment: s.alignment, flip: s.flip, progress: (l) => progress(`${model}: ${l}`) },
    );
    const out: Embeddings = new Map();
    for (const [file, r] of results) if (r.embedding) out.set(file, r.embedding);
    return { embeddings: out, settings: { align_points: s.pipeline.chipSpec.points, flip: s.flip } };
  } finally {
    await s.pipeline.close();
  }
}

function partScores(files: { file: string; identity: string }[], models: [Embeddings, Embeddings]): PartScores {
  const lists = { genuine: [[], []] as number[][], impostor: [[], []] as number[][] };
  const vectors = models.map((m) => files.map((f) => m.get(f.file) as Float32Array));
  for (let i = 0; i < files.length; i++) {
    for (let j = i + 1; j < files.length; j++) {
      const target = files[i].identity === files[j].identity ? lists.genuine : lists.impostor;
      target[0].push(dot(vectors[0][i], vectors[0][j]));
      target[1].push(dot(vectors[1][i], vectors[1][j]));
    }
  }
  const f64 = (pair: number[][]) =>
    [Float64Array.from(pair[0]), Float64Array.from(pair[1])] as [Float64Array, Float64Array];
  return { genuine: f64(lists.genuine), impostor: f64(lists.impostor) };
}

function meanStd(x: Float64Array): { mean: number; std: number } {
  let mean = 0;
  for (const v of x) mean += v / x.length;
  let sq = 0;
  for (const v of x) sq += (v - mean) ** 2;
  return { mean, std: Math.sqrt(sq / x.length) };
}

type Z = [{ mean: number; std: number }, { mean: number; std: number }];

const fuse = (w: number, z: Z) => (s1: number, s2: number) =>
  (w * (s1 - z[0].mean)) / z[0].std + ((1 - w) * (s2 - z[1].mean)) / z[1].std;

function fused(pair: [Float64Array, Float64Array], f: (a: number, b: number) => number): Float64Array {
  const out = new Float64Array(pair[0].length);
  for (let i = 0; i < out.length; i++) out[i] = f(pair[0][i], pair[1][i]);
  return out;
}

const rateAtOrAbove = (x: Float64Array, t: number) => x.reduce((n, v) => n + (v >= t ? 1 : 0), 0) / x.length;
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

export async function runFusion(o: {
  datasetDir: string;
  models: [string, string];
  split: SplitSpec;
  step: number;
  flip: boolean;
  progress: (line: string) => void;
}) {
  const ds = await loadDataset(o.datasetDir);
  const a = await embedAll(ds, o.models[0], o.flip, o.progress);
  const b = await embedAll(ds, o.models[1], o.flip, o.progress);
  const usable = ds.labels.filter((l) => a.embeddings.has(l.file) && b.embeddings.has(l.file));
  const fitFiles = usable.filter((l) => partOf(l.identity, o.split) === o.split.part);
  const heldFiles = usable.filter((l) => partOf(l.identity, o.split) !== o.split.part);
  o.progress(`scoring all pairs of ${fitFiles.length} fit and ${heldFiles.length} held-out images`);
  const fit = partScores(fitFiles, [a.embeddings, b.embeddings]);
  const held = partScores(heldFiles, [a.embeddings, b.embeddings]);
  const z: Z = [meanStd(fit.impostor[0]), meanStd(fit.impostor[1])];
  const embedded = new Set(usable.map((l) => l.file));
  const pairs = ds.pairs.filter((p) => embedded.has(p.a) && embedded.has(p.b));

  const rows = [];
  for (let k = 0; k * o.step <= 1 + 1e-9; k++) {
    const w = round(k * o.step, 6);
    const f = fuse(w, z);
    const [fitGenuine, fitImpostor] = [fused(fit.genuine, f), fused(fit.impostor, f)];
    const [heldGenuine, heldImpostor] = [fused(held.genuine, f), fused(held.impostor, f)];
    const pairScores = pairs.map((p) =>
      f(
        dot(a.embeddings.get(p.a) as Float32Array, a.embeddings.get(p.b) as Float32Array),
        dot(b.embeddings.get(p.a) as Float32Array, b.embeddings.get(p.b) as Float32Array),
      ),
    );
    const pairLabels = pairs.map((p) => p.same);
    const row: Record<string, unknown> = { w };
    for (const far of FARS) {
      const t = thresholdForFar(Array.from(fitImpostor), far);
      row[String(far)] =
        t === undefined
          ? null
          : {
              fit_tar: round(rateAtOrAbove(fitGenuine, t), 4),
              heldout_tar: round(rateAtOrAbove(heldGenuine, t), 4),
              heldout_far: round(rateAtOrAbove(heldImpostor, t), 6),
              pairs_csv_tar: round(tarAtFar(pairScores, pairLabels, far)?.tar ?? Number.NaN, 4),
            };
    }
    rows.push(row);
    o.progress(JSON.stringify(row));
  }
  const fitTar = (r: Record<string, unknown>) => (r['0.001'] as { fit_tar: number } | null)?.fit_tar ?? -1;
  // null when the fit part cannot resolve FAR 1e-3 (too few impostor pairs).
  const chosen = rows.some((r) => fitTar(r) >= 0)
    ? rows.reduce((best, r) => (fitTar(r) > fitTar(best) ? r : best))
    : null;
  return {
    dataset: ds.dir,
    models: o.models,
    settings: { [o.models[0]]: a.settings, [o.models[1]]: b.settings },
    split: `${o.split.part}/${o.split.parts}`,
    seed: o.split.seed,
    fit: { images: fitFiles.length, genuine_pairs: fit.genuine[0].length, impostor_pairs: fit.impostor[0].length },
    heldout: {
      images: heldFiles.length,
      genuine_pairs: held.genuine[0].length,
      impostor_pairs: held.impostor[0].length,
    },
    z_from_fit_impostors: { [o.models[0]]: z[0], [o.models[1]]: z[1] },
    rows,
    chosen_on_fit_tar_at_1e_3: chosen,
  };
}

if (import.meta.main) {
  const { values: v } = parseArgs({
    options: {
      dataset: { type: 'string' },
      models: { type: 'string', default: 'faceapi-resnet@1,human-faceres@1' },
      split: { type: 'string', default: '1/2' },
      seed: { type: 'string', default: '0' },
      step: { type: 'string', default: '0.1' },
      flip: { type: 'boolean', default: false },
    },
  });
  const models = (v.models ?? '').split(',');
  if (!v.dataset || models.length !== 2) {
    process.stderr.write('usage: node packages/eval/src/fusion.ts --dataset DIR [--models A@v,B@v] [--flip] …\n');
    process.exit(2);
  }
  const report = await runFusion({
    datasetDir: v.dataset,
    models: [models[0], models[1]],
    split: parseSplit(v.split ?? '1/2', Number(v.seed)),
    step: Number(v.step),
    flip: v.flip === true,
    progress: stderrProgress('fusion'),
  });
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}
