// Picking the BlazeFace pair and describing an embedder's input, on the checked-in registry and variants of it.
import {
  alignmentOf,
  embedderSpecOf,
  loadRegistry,
  ModelRegistryError,
  modelId,
  pickDetector,
  pickDetectors,
  type Registry,
  resolveModel,
} from '../src/index.ts';

const registry = loadRegistry();
const withModels = (models: Registry['models'], detector = registry.defaults.detector): Registry => ({
  ...registry,
  defaults: { ...registry.defaults, detector },
  models,
});

describe('pickDetectors', () => {
  test('finds the 128 and 256 BlazeFace models of the checked-in registry', () => {
    const { front, back } = pickDetectors(registry, { front: 128, back: 256 });
    expect([front.kind, front.input.size, back.kind, back.input.size]).toEqual(['detector', 128, 'detector', 256]);
  });

  test('prefers the default detector, else the last of that size; a named one wins', () => {
    const front = resolveModel('detector', undefined, registry);
    const other = { ...front, version: 'other' };
    expect(modelId(pickDetector(withModels([front, other], modelId(front)), front.input.size))).toBe(modelId(front));
    expect(modelId(pickDetector(withModels([front, other], 'none@0'), front.input.size))).toBe(modelId(other));
    const named = registry.models.find((m) => m.kind === 'detector' && m.input.size !== front.input.size);
    if (!named) throw new Error('the registry has a single detector size');
    expect(pickDetector(registry, front.input.size, modelId(named))).toBe(named);
  });

  test('no detector of a size is MODEL_NOT_FOUND', () => {
    const err = (() => {
      try {
        return pickDetector(registry, 999);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ModelRegistryError);
    expect((err as ModelRegistryError).code).toBe('MODEL_NOT_FOUND');
  });
});

describe('embedderSpecOf', () => {
  test('the default embedder as @visor/vision takes it', () => {
    const entry = resolveModel('embedder', undefined, registry);
    expect(embedderSpecOf(entry)).toEqual({
      size: entry.input.size,
      layout: entry.input.layout,
      colorOrder: 'rgb',
      mean: entry.input.mean,
      scale: entry.input.scale,
      dim: entry.output.embeddingDim,
      inputName: entry.input.name,
      outputName: entry.output.tensors.find((t) => t.shape.at(-1) === entry.output.embeddingDim)?.name,
    });
  });

  test('names the descriptor head of a multi-head embedder, not its first output', () => {
    const faceres = resolveModel('embedder', 'human-faceres@1', registry);
    expect(faceres.output.tensors[0]?.name).not.toBe('global_pooling/Mean');
    expect(embedderSpecOf(faceres)).toMatchObject({ dim: 1024, outputName: 'global_pooling/Mean' });
  });

  test('passes the channel order on with the mean in that order', () => {
    const entry = resolveModel('embedder', undefined, registry);
    const bgr = {
      ...entry,
      input: { ...entry.input, colorOrder: 'bgr' as const, mean: [104, 117, 124] as [number, number, number] },
    };
    expect(embedderSpecOf(bgr)).toMatchObject({ colorOrder: 'bgr', mean: [104, 117, 124] });
    expect(embedderSpecOf(entry).colorOrder).toBe('rgb');
  });

  test('refuses detectors and a missing dimension', () => {
    const entry = resolveModel('embedder', undefined, registry);
    expect(() => embedderSpecOf(resolveModel('detector', undefined, registry))).toThrow(ModelRegistryError);
    expect(() => embedderSpecOf({ ...entry, output: { ...entry.output, embeddingDim: undefined } })).toThrow(
      /embeddingDim/,
    );
  });
});

describe('alignmentOf', () => {
  const embedder = resolveModel('embedder', undefined, registry);

  test('resolves a mesh point set to its landmarker entry', () => {
    const choice = alignmentOf(
      { ...embedder, alignment: { points: 'mesh68-core', landmarker: 'human-facemesh@1' } },
      registry,
    );
    expect(choice?.points).toBe('mesh68-core');
    expect(choice?.landmarker && modelId(choice.landmarker)).toBe('human-facemesh@1');
  });

  test('detector keypoint sets need no landmarker; no declaration gives undefined', () => {
    expect(alignmentOf({ ...embedder, alignment: { points: 'eyes-mouth' } }, registry)).toEqual({
      points: 'eyes-mouth',
    });
    expect(alignmentOf({ ...embedder, alignment: undefined }, registry)).toBeUndefined();
  });
});
