// The checked-in manifest is valid and self-consistent; resolving and updating entries behave.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  defaultRegistryFile,
  loadRegistry,
  ModelRegistryError,
  modelId,
  modelPath,
  modelsDir,
  parseRegistry,
  resolveModel,
  sourceDir,
  updateModelEntry,
} from '../src/index.ts';

describe('models/registry.json', () => {
  const registry = loadRegistry();

  it('has a default of the right kind for embedders and detectors', () => {
    expect(resolveModel('embedder').kind).toBe('embedder');
    expect(resolveModel('detector').kind).toBe('detector');
  });

  it('records a sha256 for every model (builds are pinned)', () => {
    for (const m of registry.models) expect(m.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('names each source package’s own licence, and the licence file is in the package', () => {
    for (const m of registry.models) {
      const dir = sourceDir(m);
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { license: string };
      expect([modelId(m), pkg.license]).toEqual([modelId(m), m.licence.spdx]);
      expect(existsSync(path.join(dir, m.licence.file))).toBe(true);
    }
  });

  it('describes the face-api ResNet input the converter builds', () => {
    const m = resolveModel('embedder', 'faceapi-resnet@1');
    expect(m.input).toMatchObject({ name: 'input', size: 150, layout: 'nhwc', mean: [0, 0, 0], scale: 1 });
    expect(m.input.shape).toEqual(['batch', 150, 150, 3]);
    expect(m.output).toMatchObject({ embeddingDim: 128, l2Normalized: false });
  });

  it('is written in the layout the registry writer produces (so updates give clean diffs)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'visor-registry-'));
    try {
      const copy = path.join(dir, 'registry.json');
      copyFileSync(defaultRegistryFile, copy);
      const first = registry.models[0];
      if (!first) throw new Error('empty registry');
      updateModelEntry(modelId(first), {}, copy);
      expect(readFileSync(copy, 'utf8')).toBe(readFileSync(defaultRegistryFile, 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('resolveModel', () => {
  const registry = loadRegistry();

  it('finds a named model and refuses unknown names and wrong kinds with typed errors', () => {
    expect(resolveModel('detector', 'blazeface-back@1', registry).input.size).toBe(256);
    const unknown = (() => {
      try {
        resolveModel('embedder', 'nope@9', registry);
      } catch (err) {
        return err;
      }
    })();
    expect(unknown).toBeInstanceOf(ModelRegistryError);
    expect((unknown as ModelRegistryError).code).toBe('MODEL_NOT_FOUND');
    expect(() => resolveModel('embedder', 'blazeface-front@1', registry)).toThrow(/is a detector/);
  });

  it('puts built files in $VISOR_MODELS_DIR, relative to the repository root', () => {
    const entry = resolveModel('embedder', undefined, registry);
    expect(modelPath(entry, '/x')).toBe(path.join('/x', entry.file));
    expect(modelsDir({ VISOR_MODELS_DIR: '/abs/dir' })).toBe('/abs/dir');
    expect(modelsDir({})).toBe(path.resolve(path.dirname(defaultRegistryFile), 'build'));
  });
});

describe('updateModelEntry', () => {
  it('writes thresholds and metrics back, validated, leaving other entries untouched', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'visor-registry-'));
    try {
      const copy = path.join(dir, 'registry.json');
      copyFileSync(defaultRegistryFile, copy);
      const thresholds = { metric: 'cosine', far: { '1e-3': 0.61, '1e-4': 0.68 }, dataset: 'lfw-dev', split: 'a' };
      updateModelEntry('faceapi-resnet@1', { thresholds, metrics: { 'tar@far1e-3': 0.97 } }, copy);
      const after = loadRegistry(copy);
      expect(resolveModel('embedder', 'faceapi-resnet@1', after).thresholds).toEqual(thresholds);
      expect(resolveModel('detector', 'blazeface-front@1', after)).toEqual(
        resolveModel('detector', 'blazeface-front@1', loadRegistry()),
      );
      expect(() => updateModelEntry('faceapi-resnet@1', { sha256: 'not-a-hash' }, copy)).toThrow(/sha256/);
      expect(() => updateModelEntry('missing@1', {}, copy)).toThrow(/no model missing@1/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('parseRegistry', () => {
  it('rejects a default that names a model of another kind, and duplicate ids', () => {
    const reg = JSON.parse(readFileSync(defaultRegistryFile, 'utf8'));
    expect(() => parseRegistry({ ...reg, defaults: { ...reg.defaults, embedder: 'blazeface-front@1' } })).toThrow(
      /is a detector/,
    );
    expect(() => parseRegistry({ ...reg, models: [...reg.models, reg.models[0]] })).toThrow(/duplicate/);
  });

  it('checks declared alignments: embedders only, and a mesh point set needs a landmarker that exists', () => {
    const reg = JSON.parse(readFileSync(defaultRegistryFile, 'utf8'));
    const withAlignment = (name: string, alignment: unknown) => ({
      ...reg,
      models: reg.models.map((m: { name: string }) => (m.name === name ? { ...m, alignment } : m)),
    });
    expect(() => parseRegistry(withAlignment('faceapi-resnet', { points: 'mesh68-core' }))).toThrow(
      /mesh68-core needs a landmarker/,
    );
    expect(() =>
      parseRegistry(withAlignment('faceapi-resnet', { points: 'mesh68', landmarker: 'blazeface-front@1' })),
    ).toThrow(/not a landmarker/);
    expect(() => parseRegistry(withAlignment('blazeface-back', { points: 'eyes' }))).toThrow(/only embedders/);
    expect(() => parseRegistry(withAlignment('faceapi-resnet', { points: 'nose' }))).toThrow();
    const fitted = reg.models.find((m: { name: string }) => m.name === 'faceapi-resnet').thresholds.settings;
    expect(() => parseRegistry(withAlignment('faceapi-resnet', { points: fitted.align_points }))).not.toThrow();
    const other = fitted.align_points === 'eyes' ? 'eyes-mouth' : 'eyes';
    expect(() => parseRegistry(withAlignment('faceapi-resnet', { points: other }))).toThrow(/recalibrate/);
  });
});
