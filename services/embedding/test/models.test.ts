// The registry loader refuses an embedder whose crops differ from the ones the detection service makes (those of
// the registry's default embedder), before loading anything.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadRegistry, resolveModel } from '@visor/models';
import { registryLoader } from '../src/models.ts';

const registry = loadRegistry();
const base = resolveModel('embedder', undefined, registry);
let dir: string;

function registryWith(variant: Record<string, unknown>): string {
  const file = path.join(dir, `registry-${String(variant.version)}.json`);
  writeFileSync(file, JSON.stringify({ ...registry, models: [...registry.models, { ...base, ...variant }] }));
  return file;
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'visor-embedding-models-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('a promoted model that wants other crops is refused, naming both crop contracts', async () => {
  const other = base.alignment?.points === 'eyes' ? 'eyes-mouth' : 'eyes';
  const file = registryWith({
    version: 'other-crop',
    file: 'other-crop.onnx',
    alignment: { points: other },
    thresholds: null,
  });
  const load = registryLoader({ registryFile: file, modelsDir: dir, ortOptions: {} });
  await expect(load({ name: base.name, version: 'other-crop' })).rejects.toThrow(
    /wants .* crops, the detection service makes .* ones/,
  );
});

test('a promoted model with the same crops gets past the check (and fails only on its missing file here)', async () => {
  const file = registryWith({ version: 'same-crop', file: 'same-crop.onnx' });
  const load = registryLoader({ registryFile: file, modelsDir: dir, ortOptions: {} });
  await expect(load({ name: base.name, version: 'same-crop' })).rejects.not.toThrow(/wants .* crops/);
});
