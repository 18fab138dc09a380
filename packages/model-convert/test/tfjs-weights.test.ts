// The converters' one weight decoder (src/tfjs-graph/model-json.ts) must give tfjs's numbers bit for bit: every
// float16 pattern, uint8/uint16 dequantisation, face-api's quantised recognition weights, and it checks shard sizes.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import {
  decodeWeight,
  decodeWeights,
  float16ToFloat32,
  loadModelJson,
  readWeightsManifest,
  type WeightSpec,
  type WeightsGroup,
} from '../src/tfjs-graph/model-json.ts';
import { faceApiDir } from './faceapi-reference.ts';

describe('tfjs weight decoding', () => {
  beforeAll(async () => {
    tf.env().set('PROD', true);
    await tf.setBackend('cpu');
  });

  it('matches tf.io.decodeWeights bit for bit on face-api’s quantised recognition weights', () => {
    const dir = path.join(faceApiDir, 'model');
    const manifestPath = path.join(dir, 'face_recognition_model-weights_manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as WeightsGroup[];
    const specs = manifest.flatMap((g) => g.weights);
    expect(specs.some((s) => s.quantization?.dtype === 'uint8')).toBe(true);
    const bytes = Buffer.concat(manifest.flatMap((g) => g.paths.map((p) => readFileSync(path.join(dir, p)))));
    // What convertFaceApiResnet reads.
    const ours = readWeightsManifest(manifestPath).weights;
    const theirs = tf.io.decodeWeights(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
      specs as tf.io.WeightsManifestEntry[],
    );
    expect([...ours.keys()]).toEqual(Object.keys(theirs));
    for (const [name, w] of ours) {
      const ref = theirs[name] as tf.Tensor;
      expect(w.shape).toEqual(ref.shape);
      const a = new Uint8Array(w.data.buffer, w.data.byteOffset, w.data.byteLength);
      const b = new Uint8Array((ref.dataSync() as Float32Array).buffer);
      expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    }
  });

  it('decodes plain float32 and int32 weights and checks the byte count', () => {
    const bytes = new Uint8Array(12);
    const view = new DataView(bytes.buffer);
    view.setFloat32(0, 1.5, true);
    view.setFloat32(4, -2, true);
    view.setInt32(8, 7, true);
    const specs: WeightSpec[] = [
      { name: 'f', shape: [2], dtype: 'float32' },
      { name: 'i', shape: [1], dtype: 'int32' },
    ];
    const out = decodeWeights(specs, bytes);
    expect(Array.from(out.get('f')?.data ?? [])).toEqual([1.5, -2]);
    expect(Array.from(out.get('i')?.data ?? [])).toEqual([7]);
    expect(() => decodeWeights(specs, new Uint8Array(16))).toThrow(/shards hold 16/);
  });

  it('decodes every float16 bit pattern exactly as tfjs does', async () => {
    const halves = new Uint16Array(65536).map((_, i) => i);
    const spec = [
      { name: 'w', shape: [65536], dtype: 'float32' as const, quantization: { dtype: 'float16' as const } },
    ];
    const decoded = tf.io.decodeWeights(halves.buffer, spec).w as tf.Tensor;
    const theirs = new Uint32Array((decoded.dataSync() as Float32Array).slice().buffer);
    const ours = new Uint32Array(float16ToFloat32(halves).buffer);
    let mismatches = 0;
    for (let i = 0; i < 65536; i++) {
      const bothNaN = Number.isNaN(new Float32Array(ours.buffer)[i]) && Number.isNaN(decoded.dataSync()[i] as number);
      if (ours[i] !== theirs[i] && !bothNaN) mismatches++;
    }
    decoded.dispose();
    expect(mismatches).toBe(0);
  });

  it.each([
    ['uint8', 'float32', 1],
    ['uint16', 'float32', 2],
    ['uint8', 'int32', 1],
  ] as const)('dequantises %s → %s weights exactly as tfjs does', (qdtype, dtype, bytes) => {
    const size = 1000;
    const raw = new Uint8Array(size * bytes).map((_, i) => (i * 37 + 11) % 256);
    const quantization = { dtype: qdtype, scale: 0.0123456789, min: -1.2345 };
    const spec = { name: 'w', shape: [size], dtype, quantization };
    const theirs = tf.io.decodeWeights(raw.slice().buffer, [spec]).w as tf.Tensor;
    const ours = decodeWeight(spec, raw, size);
    expect(ours.dtype).toBe(dtype);
    expect(Array.from(ours.data)).toEqual(Array.from(theirs.dataSync()));
    theirs.dispose();
  });

  it('rejects a manifest whose shard path leaves the model directory, and shards of the wrong size', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tfjs-graph-'));
    try {
      const manifest = (paths: string[]) => ({
        format: 'graph-model',
        modelTopology: { node: [] },
        weightsManifest: [{ paths, weights: [{ name: 'w', shape: [2], dtype: 'float32' }] }],
      });
      await writeFile(path.join(dir, 'evil.json'), JSON.stringify(manifest(['../outside.bin'])));
      await expect(loadModelJson(path.join(dir, 'evil.json'))).rejects.toThrow(/leaves the model directory/);
      // A weights-only manifest (face-api's kind) is held to the same rule.
      await writeFile(path.join(dir, 'evil-weights_manifest.json'), JSON.stringify(manifest(['../x']).weightsManifest));
      expect(() => readWeightsManifest(path.join(dir, 'evil-weights_manifest.json'))).toThrow(
        /leaves the model directory/,
      );
      await writeFile(path.join(dir, 'w.bin'), new Uint8Array(12));
      await writeFile(path.join(dir, 'long.json'), JSON.stringify(manifest(['w.bin'])));
      await expect(loadModelJson(path.join(dir, 'long.json'))).rejects.toThrow(
        /weights use 8 bytes but w\.bin hold 12/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
