// `./visor models build` is reproducible: two builds into fresh directories give the same bytes, with the hashes the
// manifest records; a stale or corrupted file is rebuilt; a converter output that differs from the manifest fails.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import {
  buildModels,
  defaultRegistryFile,
  loadRegistry,
  ModelRegistryError,
  modelId,
  modelPath,
  sha256Of,
  verifyBuilt,
} from '../src/index.ts';

describe('buildModels', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const d = mkdtempSync(path.join(tmpdir(), 'visor-models-'));
    dirs.push(d);
    return d;
  };
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  const registry = loadRegistry();
  let first: string;

  it('builds every model bit-identically twice, with the manifest’s sha256', async () => {
    first = tempDir();
    const second = tempDir();
    const a = await buildModels({ outDir: first, force: true });
    const b = await buildModels({ outDir: second, force: true });
    expect(a.map((r) => r.id)).toEqual(registry.models.map(modelId));
    for (const entry of registry.models) {
      const x = readFileSync(modelPath(entry, first));
      const y = readFileSync(modelPath(entry, second));
      expect(x.equals(y)).toBe(true);
      expect(sha256Of(x)).toBe(entry.sha256);
    }
    expect(b.every((r) => r.status === 'built')).toBe(true);
    expect(verifyBuilt({ outDir: first })).toEqual([]);
  });

  it('skips files already up to date and rebuilds a corrupted one', async () => {
    const again = await buildModels({ outDir: first });
    expect(again.every((r) => r.status === 'up-to-date')).toBe(true);
    const entry = registry.models[0];
    if (!entry) throw new Error('empty registry');
    writeFileSync(modelPath(entry, first), 'garbage');
    expect(verifyBuilt({ outDir: first })).toHaveLength(1);
    const repaired = await buildModels({ outDir: first });
    expect(repaired.find((r) => r.id === modelId(entry))?.status).toBe('built');
    expect(sha256Of(readFileSync(modelPath(entry, first)))).toBe(entry.sha256);
    // A file built by another converter version (its stamp differs) is rebuilt too, even with the right hash.
    writeFileSync(`${modelPath(entry, first)}.stamp`, 'built-by-an-older-converter\n');
    const restamped = await buildModels({ outDir: first, only: [modelId(entry)] });
    expect(restamped[0]?.status).toBe('built');
  });

  it('fails with SHA_MISMATCH when an output differs from the manifest (building the rest), and records it with updateManifest', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'registry.json');
    copyFileSync(defaultRegistryFile, file);
    const reg = JSON.parse(readFileSync(file, 'utf8'));
    reg.models[1].sha256 = '0'.repeat(64);
    writeFileSync(file, JSON.stringify(reg));
    const id = `${reg.models[1].name}@${reg.models[1].version}`;
    const error = await buildModels({ outDir: dir, registryFile: file }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelRegistryError);
    expect((error as ModelRegistryError).code).toBe('SHA_MISMATCH');
    expect((error as Error).message).toMatch(/--update-manifest/);
    // The stale entry is not written; every other model still is.
    expect(verifyBuilt({ outDir: dir, registryFile: file }).map((p) => p.split(':')[0])).toEqual([id]);
    const recorded = await buildModels({ outDir: dir, registryFile: file, only: [id], updateManifest: true });
    expect(recorded[0]?.status).toBe('recorded');
    expect(loadRegistry(file).models[1]?.sha256).toBe(registry.models[1]?.sha256);
  });

  it('refuses a source file whose hash differs from the pinned one', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'registry.json');
    const reg = JSON.parse(readFileSync(defaultRegistryFile, 'utf8'));
    reg.models[0].source.files[0].sha256 = 'f'.repeat(64);
    writeFileSync(file, JSON.stringify(reg));
    await expect(buildModels({ outDir: dir, registryFile: file, force: true })).rejects.toThrow(/registry pins/);
  });

  it('builds models whose inputs and outputs are the ones the registry documents', async () => {
    for (const entry of registry.models) {
      const session = await ort.InferenceSession.create(modelPath(entry, first), { logSeverityLevel: 3 });
      expect(session.inputNames).toEqual([entry.input.name]);
      expect(session.outputNames).toEqual(entry.output.tensors.map((t) => t.name));
      const meta = session.inputMetadata[0];
      expect(meta?.isTensor && meta.shape).toEqual(entry.input.shape);
      const batch = entry.input.fixedBatch ?? 2;
      const [, h, w, c] = entry.input.shape as [unknown, number, number, number];
      const input = new Float32Array(batch * h * w * c).fill(entry.input.range[0]);
      const out = await session.run({ [entry.input.name]: new ort.Tensor('float32', input, [batch, h, w, c]) });
      for (const t of entry.output.tensors) {
        expect(out[t.name]?.dims).toEqual(t.shape.map((d) => (typeof d === 'number' ? d : batch)));
      }
      await session.release();
    }
  });
});
