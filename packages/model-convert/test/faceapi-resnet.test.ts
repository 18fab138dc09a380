// Proof that the converted face-api ResNet computes what face-api computes: real face photos, face-api's own
// FaceRecognitionNet on pure-JS tfjs (CPU) as the reference, onnxruntime-node on the converted bytes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describeWithDataset } from '@visor/testkit';
import type onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { convertFaceApiResnet } from '../src/faceapi-resnet.ts';
import { parseModel } from '../src/onnx.ts';
import { faceApiDir, loadReferenceNet } from './faceapi-reference.ts';

const manifestPath = path.join(faceApiDir, 'model/face_recognition_model-weights_manifest.json');
const SIZE = 150;

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += (a[i] as number) * (b[i] as number);
    na += (a[i] as number) ** 2;
    nb += (b[i] as number) ** 2;
  }
  return dot / Math.sqrt(na * nb);
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

/** One photo per identity (single-face photos), first in file order, for `count` identities. */
function pickImages(datasetDir: string, count: number): string[] {
  const lines = readFileSync(path.join(datasetDir, 'labels.csv'), 'utf8').trim().split('\n').slice(1);
  const seen = new Set<string>();
  const files: string[] = [];
  for (const line of lines) {
    const [file, identity, faces] = line.split(',');
    if (!file || !identity || faces !== '1' || seen.has(identity)) continue;
    seen.add(identity);
    files.push(path.join(datasetDir, file));
    if (files.length === count) break;
  }
  return files;
}

/** Whole image squashed to 150x150 RGB, as float32 NHWC 0..255: enough to exercise the network on real faces. */
async function crop(file: string): Promise<Float32Array> {
  const raw = await sharp(file).removeAlpha().resize(SIZE, SIZE, { fit: 'fill' }).raw().toBuffer();
  return Float32Array.from(raw);
}

describeWithDataset('faces-dev', 'face-api ResNet → ONNX', (datasetDir) => {
  const files = pickImages(datasetDir, 6);
  let crops: Float32Array[];
  let session: ort.InferenceSession;
  let reference: Float32Array[];
  let bytes: Uint8Array;

  beforeAll(async () => {
    bytes = convertFaceApiResnet({ manifestPath, source: '@vladmandic/face-api@1.7.15' });
    session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1 });
    crops = await Promise.all(files.map(crop));
    const { faceapi, net } = await loadReferenceNet();
    reference = [];
    for (const c of crops) {
      const input = faceapi.tf.tensor4d(c, [1, SIZE, SIZE, 3]);
      reference.push((await net.computeFaceDescriptor(input)) as Float32Array);
      input.dispose();
    }
  });

  it('uses photos of at least 5 different people', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  it('declares NHWC float32 input with a dynamic batch and a [batch,128] output', () => {
    const graph = parseModel(bytes).graph;
    const describeValue = (v: { name?: string | null; type?: onnxProto.onnx.ITypeProto | null }) => [
      v.name,
      v.type?.tensorType?.shape?.dim?.map((d) => (d.dimParam ? d.dimParam : Number(d.dimValue))),
    ];
    expect(graph?.input?.map(describeValue)).toEqual([['input', ['batch', 150, 150, 3]]]);
    expect(graph?.output?.map(describeValue)).toEqual([['embedding', ['batch', 128]]]);
  });

  it('gives face-api’s descriptors (cosine ≥ 0.9999) for every photo', async () => {
    const report: string[] = [];
    for (const [i, c] of crops.entries()) {
      const { embedding } = await session.run({ input: new ort.Tensor('float32', c, [1, SIZE, SIZE, 3]) });
      const onnx = embedding?.data as Float32Array;
      const ref = reference[i] as Float32Array;
      expect(onnx).toHaveLength(128);
      const cos = cosine(onnx, ref);
      const diff = maxAbsDiff(onnx, ref);
      report.push(`${path.basename(files[i] as string)} cosine=${cos.toFixed(9)} maxAbsDiff=${diff.toExponential(2)}`);
      expect(cos).toBeGreaterThanOrEqual(0.9999);
      // Descriptor components are of order 0.1; float32 reordering error stays far below this.
      expect(diff).toBeLessThan(1e-4);
    }
    process.stderr.write(`face-api ResNet ONNX vs face-api tfjs:\n  ${report.join('\n  ')}\n`);
  });

  it('distinguishes people: descriptors of different photos are not all the same', () => {
    const first = reference[0] as Float32Array;
    expect(reference.slice(1).some((r) => maxAbsDiff(r, first) > 0.05)).toBe(true);
  });

  it('gives the same vectors for a batch as for single runs', async () => {
    const batch = new Float32Array(crops.length * SIZE * SIZE * 3);
    crops.forEach((c, i) => {
      batch.set(c, i * c.length);
    });
    const { embedding } = await session.run({ input: new ort.Tensor('float32', batch, [crops.length, SIZE, SIZE, 3]) });
    expect(embedding?.dims).toEqual([crops.length, 128]);
    const all = embedding?.data as Float32Array;
    for (const [i, c] of crops.entries()) {
      const single = (await session.run({ input: new ort.Tensor('float32', c, [1, SIZE, SIZE, 3]) })).embedding
        ?.data as Float32Array;
      const row = all.subarray(i * 128, (i + 1) * 128);
      expect(cosine(row, single)).toBeGreaterThanOrEqual(0.999999);
      expect(maxAbsDiff(row, single)).toBeLessThan(1e-5);
    }
  });

  it('converts deterministically: two conversions are byte-identical', () => {
    const again = convertFaceApiResnet({ manifestPath, source: '@vladmandic/face-api@1.7.15' });
    expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(true);
  });
});
