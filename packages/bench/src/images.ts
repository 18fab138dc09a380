// The benchmark's images: read from ../shared/datasets at run time, never copied into the repository.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './services.ts';

/** $VISOR_DATASETS_DIR (relative to the repository root), else ../shared/datasets next to the repository. */
export function defaultDatasetsDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(repoRoot, env.VISOR_DATASETS_DIR || '../shared/datasets');
}

export interface BenchImage {
  dataset: string;
  file: string;
  bytes: Buffer;
}

/**
 * The first `count` images of faces-dev then lfw-dev, in labels.csv order: a fixed, reproducible set that mixes
 * selfies, group photos and tight LFW crops.
 */
export function loadBenchImages(datasetsDir: string, count: number, datasets = ['faces-dev', 'lfw-dev']): BenchImage[] {
  const out: BenchImage[] = [];
  for (const dataset of datasets) {
    const dir = path.join(datasetsDir, dataset);
    const labels = path.join(dir, 'labels.csv');
    if (!existsSync(labels)) throw new Error(`${labels} is missing: the benchmark reads ../shared/datasets`);
    const files = readFileSync(labels, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',')[0] ?? '');
    for (const file of files) {
      if (out.length >= count) return out;
      out.push({ dataset, file, bytes: readFileSync(path.join(dir, file)) });
    }
  }
  if (out.length < count) throw new Error(`only ${out.length} images in ${datasets.join(' + ')}, asked for ${count}`);
  return out;
}
