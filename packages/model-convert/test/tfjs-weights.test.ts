/**
 * @jest-environment ./packages/model-convert/test/ort-environment.js
 */
// The converter's weight decoding must give tfjs's numbers bit for bit (uint8 dequantisation included).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { decodeTfjsWeights, type TfjsWeightSpec } from '../src/tfjs-weights.ts';
import { faceApiDir } from './faceapi-reference.ts';

describe('decodeTfjsWeights', () => {
  beforeAll(async () => {
    tf.env().set('PROD', true);
    await tf.setBackend('cpu');
  });

  it('matches tf.io.decodeWeights bit for bit on face-api’s quantised recognition weights', () => {
    const dir = path.join(faceApiDir, 'model');
    const manifest = JSON.parse(
      readFileSync(path.join(dir, 'face_recognition_model-weights_manifest.json'), 'utf8'),
    ) as Array<{
      paths: string[];
      weights: TfjsWeightSpec[];
    }>;
    const specs = manifest.flatMap((g) => g.weights);
    expect(specs.some((s) => s.quantization?.dtype === 'uint8')).toBe(true);
    const bytes = Buffer.concat(manifest.flatMap((g) => g.paths.map((p) => readFileSync(path.join(dir, p)))));
    const ours = decodeTfjsWeights(specs, bytes);
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
    const specs: TfjsWeightSpec[] = [
      { name: 'f', shape: [2], dtype: 'float32' },
      { name: 'i', shape: [1], dtype: 'int32' },
    ];
    const out = decodeTfjsWeights(specs, bytes);
    expect(Array.from(out.get('f')?.data ?? [])).toEqual([1.5, -2]);
    expect(Array.from(out.get('i')?.data ?? [])).toEqual([7]);
    expect(() => decodeTfjsWeights(specs, new Uint8Array(16))).toThrow(/shards hold 16/);
  });
});
