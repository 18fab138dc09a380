import { VisorError } from '@visor/runtime';
import type { RgbImage } from '@visor/vision';
import { type Crop, createEmbedding, type LoadedModel, type ModelRef } from '../src/embedding.ts';

/** Fake models: each vector is [version number, crop's first byte]; runs complete when the test says so. */
function fakeModels() {
  const loaded: Array<{ ref: ModelRef; closed: boolean; runs: RgbImage[][]; release: Array<() => void> }> = [];
  const load = async (ref: ModelRef = { name: 'fake', version: '1' }): Promise<LoadedModel> => {
    if (ref.version === 'missing') throw new Error('no such model');
    const m = { ref, closed: false, runs: [] as RgbImage[][], release: [] as Array<() => void> };
    loaded.push(m);
    return {
      info: { ref, dimension: 2, inputSize: 4 },
      embed: async (crops) => {
        if (m.closed) throw new Error('embed on a closed model');
        m.runs.push(crops);
        await new Promise<void>((resolve) => m.release.push(resolve));
        return crops.map((c) => new Float32Array([Number(ref.version), c.data[0]]));
      },
      close: async () => {
        m.closed = true;
      },
    };
  };
  const releaseAll = () => {
    for (const m of loaded) for (const r of m.release.splice(0)) r();
  };
  return { load, loaded, releaseAll };
}

const crop = (first: number, over: Partial<Crop> = {}): Crop => {
  const data = new Uint8Array(4 * 4 * 3);
  data[0] = first;
  return { data, width: 4, height: 4, channels: 3, layout: 'hwc_rgb_u8', ...over };
};

const tick = () => new Promise((r) => setImmediate(r));

test('a promotion routes new calls to the new model and releases the old one only after its calls finish', async () => {
  const f = fakeModels();
  const e = await createEmbedding({ load: f.load, maxBatch: 8, maxWaitMs: 0, maxCrops: 4 });
  const before = e.embed([crop(1)]);
  await tick();
  expect(f.loaded[0].runs).toHaveLength(1);

  const switched = e.promote({ name: 'fake', version: '2' });
  await tick();
  expect(e.model().ref.version).toBe('2');
  const after = e.embed([crop(2)]);
  await tick();
  expect(f.loaded[0].closed).toBe(false); // still serving `before`

  f.releaseAll();
  await tick();
  f.releaseAll();
  await expect(before).resolves.toEqual({ model: { name: 'fake', version: '1' }, vectors: [new Float32Array([1, 1])] });
  await expect(after).resolves.toEqual({ model: { name: 'fake', version: '2' }, vectors: [new Float32Array([2, 2])] });
  await expect(switched).resolves.toBe('switched');
  expect(f.loaded[0].closed).toBe(true);
  expect(f.loaded[1].closed).toBe(false);
});

test('promoting the active model is a no-op; an unknown model keeps the current one', async () => {
  const f = fakeModels();
  const e = await createEmbedding({ load: f.load, maxBatch: 8, maxWaitMs: 0, maxCrops: 4 });
  await expect(e.promote({ name: 'fake', version: '1' })).resolves.toBe('unchanged');
  await expect(e.promote({ name: 'fake', version: 'missing' })).rejects.toThrow('no such model');
  expect(e.model().ref.version).toBe('1');
  const p = e.embed([crop(7)]);
  await tick();
  f.releaseAll();
  await expect(p).resolves.toMatchObject({ model: { version: '1' } });
});

test.each([
  ['no crops', [] as Crop[]],
  ['too many crops', [crop(1), crop(2), crop(3), crop(4), crop(5)]],
  ['wrong size', [crop(1, { width: 5 })]],
  ['wrong channels', [crop(1, { channels: 4 })]],
  ['wrong byte length', [crop(1, { data: new Uint8Array(10) })]],
  ['wrong layout', [crop(1, { layout: 'other' })]],
])('%s is INVALID_ARGUMENT and runs nothing', async (_name, crops) => {
  const f = fakeModels();
  const e = await createEmbedding({ load: f.load, maxBatch: 8, maxWaitMs: 0, maxCrops: 4 });
  const err = await e.embed(crops).catch((x: unknown) => x);
  expect(err).toBeInstanceOf(VisorError);
  expect((err as VisorError).code).toBe('invalid_argument');
  expect(f.loaded[0].runs).toHaveLength(0);
});

test('after close, calls are refused as unavailable', async () => {
  const f = fakeModels();
  const e = await createEmbedding({ load: f.load, maxBatch: 8, maxWaitMs: 0, maxCrops: 4 });
  await e.close();
  expect(f.loaded[0].closed).toBe(true);
  await expect(e.embed([crop(1)])).rejects.toMatchObject({ code: 'unavailable' });
});
