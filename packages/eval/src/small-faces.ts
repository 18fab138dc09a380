// What the registry's thresholds do with small faces: the dataset's first N images, each shrunk by every factor in
// turn (embedFiles' `scale`), embedded as the services do, and every same-identity and cross-identity pair among
// them scored at the embedder's calibrated thresholds, two ways: both images shrunk, and a shrunk image against the
// full-size one of the other (a small face in a class photo against an enrolment photo: attendance).
// Usage: node packages/eval/src/small-faces.ts --dataset DIR [--limit 3000] [--scales 1,0.33,0.3,0.25,0.2]
//        (JSON on stdout, progress on stderr; a script for the evaluation notes, not a product path)
import { parseArgs } from 'node:util';
import { setup, stderrProgress } from './cli.ts';
import { loadDataset } from './dataset.ts';
import { embedFiles } from './evaluate.ts';
import { dot } from './metrics.ts';
import { resolveModelFiles } from './models.ts';

export interface SmallFacesRow {
  scale: number;
  /** Median width of the subjects' face boxes at this scale, source pixels. */
  face_px_p50: number;
  images_without_face: number;
  genuine_pairs: number;
  impostor_pairs: number;
  /** Per calibrated FAR target: the threshold, and the false and true accept rates it gives, both images shrunk. */
  at_threshold: Record<string, { threshold: number; far: number; tar: number }>;
  /** The same with one image of each pair shrunk and the other at full size (both orders). */
  against_full_size: Record<string, { threshold: number; far: number; tar: number }>;
}

type Vectors = (Float32Array | undefined)[];

/** Accept rates at each threshold over every pair (i, j), i ≠ j, of `a[i]` against `b[j]`; symmetric: i < j only. */
function acceptRates(
  a: Vectors,
  b: Vectors,
  identities: string[],
  thresholds: [string, number][],
  symmetric: boolean,
): { counts: { genuine: number; impostor: number }; rates: SmallFacesRow['at_threshold'] } {
  const counts = { genuine: 0, impostor: 0 };
  const accepted = thresholds.map(() => ({ genuine: 0, impostor: 0 }));
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    if (!x) continue;
    for (let j = symmetric ? i + 1 : 0; j < b.length; j++) {
      const y = b[j];
      if (!y || i === j) continue;
      const kind = identities[i] === identities[j] ? 'genuine' : 'impostor';
      counts[kind]++;
      const score = dot(x, y);
      thresholds.forEach(([, t], k) => {
        if (score >= t) accepted[k][kind]++;
      });
    }
  }
  const rates = Object.fromEntries(
    thresholds.map(([far, threshold], k) => [
      far,
      {
        threshold,
        far: Number((accepted[k].impostor / counts.impostor).toPrecision(3)),
        tar: Number((accepted[k].genuine / counts.genuine).toFixed(4)),
      },
    ]),
  );
  return { counts, rates };
}

export async function runSmallFaces(options: {
  datasetDir: string;
  limit: number;
  scales: number[];
  progress: (line: string) => void;
}): Promise<{ model: string; images: number; rows: SmallFacesRow[] }> {
  const ds = await loadDataset(options.datasetDir);
  const labels = ds.labels.slice(0, options.limit);
  const thresholds = Object.entries(resolveModelFiles({}).entry.thresholds?.far ?? {}).filter(
    (e): e is [string, number] => typeof e[1] === 'number',
  );
  if (thresholds.length === 0) throw new Error('the default embedder has no calibrated thresholds');
  const s = await setup({});
  const identities = labels.map((l) => l.identity);
  const embedAt = async (scale: number) => {
    const { results } = await embedFiles(
      s.pipeline,
      ds.dir,
      labels.map((l) => l.file),
      {
        mode: s.mode,
        alignment: s.alignment,
        flip: s.flip,
        scale,
        progress: (l) => options.progress(`×${scale}: ${l}`),
      },
    );
    return labels.map((l) => results.get(l.file));
  };
  try {
    const fullSize = await embedAt(1);
    const full = fullSize.map((r) => r?.embedding);
    const rows: SmallFacesRow[] = [];
    for (const scale of options.scales) {
      const results = scale === 1 ? fullSize : await embedAt(scale);
      const vectors = results.map((r) => r?.embedding);
      const widths = results.flatMap((r) => r?.faceWidth ?? []).sort((x, y) => x - y);
      const both = acceptRates(vectors, vectors, identities, thresholds, true);
      const mixed = acceptRates(vectors, full, identities, thresholds, false);
      rows.push({
        scale,
        face_px_p50: Math.round(widths[Math.floor(widths.length / 2)] ?? 0),
        images_without_face: vectors.filter((v) => !v).length,
        genuine_pairs: both.counts.genuine,
        impostor_pairs: both.counts.impostor,
        at_threshold: both.rates,
        against_full_size: mixed.rates,
      });
    }
    return { model: s.model, images: labels.length, rows };
  } finally {
    await s.pipeline.close();
  }
}

if (import.meta.main) {
  const { values: v } = parseArgs({
    options: {
      dataset: { type: 'string' },
      limit: { type: 'string', default: '3000' },
      scales: { type: 'string', default: '1,0.33,0.3,0.25,0.2' },
    },
  });
  const scales = (v.scales ?? '').split(',').map(Number);
  if (!v.dataset || scales.some((x) => !(x > 0 && x <= 1)) || !(Number(v.limit) >= 2)) {
    process.stderr.write('usage: node packages/eval/src/small-faces.ts --dataset DIR [--limit N] [--scales F,F,…]\n');
    process.exit(2);
  }
  const report = await runSmallFaces({
    datasetDir: v.dataset,
    limit: Number(v.limit),
    scales,
    progress: stderrProgress('small-faces'),
  });
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}
