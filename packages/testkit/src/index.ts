// Helpers shared by the test suites: where the real dependencies and the shared datasets are.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** A dependency's address, as exported by `./visor test`; a clear failure when the suite runs outside it. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: integration tests need the test stack, run them with ./visor test`);
  }
  return value;
}

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
