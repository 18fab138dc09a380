// The shared labelled photos: tests that need them skip, with a printed reason, only when ../shared is absent.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './env.ts';

export const datasetsDir = path.resolve(process.env.VISOR_DATASETS_DIR ?? path.join(repoRoot, '../shared/datasets'));

/** Absolute path of a shared dataset, or undefined (with a printed reason) when ../shared is not there. */
export function datasetPath(name: 'faces-dev' | 'lfw-dev'): string | undefined {
  const dir = path.join(datasetsDir, name);
  if (existsSync(path.join(dir, 'labels.csv'))) return dir;
  process.stderr.write(`skipping: dataset ${dir} is absent (tests that need ../shared/datasets are skipped)\n`);
  return undefined;
}

/** `describe` when the dataset is there, `describe.skip` otherwise. */
export function describeWithDataset(name: 'faces-dev' | 'lfw-dev', title: string, body: (dir: string) => void): void {
  const dir = datasetPath(name);
  if (dir) describe(title, () => body(dir));
  else describe.skip(`${title} (dataset ${name} absent)`, () => {});
}

/** One row of a dataset's labels.csv: `faces` is undefined where the photo's faces were not counted. */
export type DatasetLabel = { file: string; identity: string; faces: number | undefined };

/** The rows of `<dir>/labels.csv` (file,identity,faces; file relative to dir), header skipped. */
export function readLabels(dir: string): DatasetLabel[] {
  return readFileSync(path.join(dir, 'labels.csv'), 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => {
      const [file = '', identity = '', faces = ''] = line.split(',');
      return { file, identity, faces: faces === '' ? undefined : Number(faces) };
    });
}
