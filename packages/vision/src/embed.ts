// Face embeddings: aligned RGB chips → L2-normalised vectors, with optional flip fusion.
import { flipHorizontal, type RgbImage } from './image.ts';
import { type OrtOptions, openSession, ort } from './ort.ts';

/** How an embedder ONNX wants its input; comes from the model registry entry. */
export interface EmbedderSpec {
  /** Square input side in pixels. */
  size: number;
  /** Tensor layout of the input. */
  layout: 'nhwc' | 'nchw';
  /** Per-channel RGB value subtracted first… */
  mean: readonly [number, number, number];
  /** …then multiplied by this (per channel or one for all). */
  scale: number | readonly [number, number, number];
  /** Embedding length. */
  dim: number;
  /** Tensor names; default: the session's first input/output. */
  inputName?: string;
  outputName?: string;
}

/**
 * face-api's dlib-style ResNet as @visor/model-convert builds it: 150×150 RGB NHWC, raw 0..255 pixels (face-api's
 * `(x − meanRgb) / 255` is inside the graph), output `embedding` [batch, 128], not normalised.
 */
export const FACEAPI_RESNET_SPEC: EmbedderSpec = {
  size: 150,
  layout: 'nhwc',
  mean: [0, 0, 0],
  scale: 1,
  dim: 128,
  inputName: 'input',
  outputName: 'embedding',
};

export interface EmbedOptions {
  /** Average the embeddings of the chip and its mirror image before normalising (test-time augmentation). */
  flip?: boolean;
}

export interface FaceEmbedder {
  readonly spec: EmbedderSpec;
  /** One L2-normalised embedding per chip, in order. */
  embed(chips: RgbImage[], options?: EmbedOptions): Promise<Float32Array[]>;
  close(): Promise<void>;
}

/** Largest batch per forward pass (bounds the input tensor at ~32 MB for 150×150). */
const MAX_BATCH = 32;

export async function createEmbedder(
  modelPath: string,
  spec: EmbedderSpec = FACEAPI_RESNET_SPEC,
  ortOptions: OrtOptions = {},
): Promise<FaceEmbedder> {
  const session = await openSession(modelPath, ortOptions);
  const inputName = spec.inputName ?? session.inputNames[0];
  const outputName = spec.outputName ?? session.outputNames[0];
  const meta = session.inputMetadata.find((m) => m.name === inputName);
  const batchDim = meta?.isTensor ? meta.shape[0] : undefined;
  // A model exported with a fixed batch of 1 gets one chip per run; a symbolic batch gets them all at once.
  const maxBatch = typeof batchDim === 'number' && batchDim > 0 ? batchDim : MAX_BATCH;

  async function forward(chips: RgbImage[]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let start = 0; start < chips.length; start += maxBatch) {
      const batch = chips.slice(start, start + maxBatch);
      const n = maxBatch === batchDim ? maxBatch : batch.length;
      const input = toTensorData(batch, n, spec);
      const shape = spec.layout === 'nhwc' ? [n, spec.size, spec.size, 3] : [n, 3, spec.size, spec.size];
      const result = await session.run({ [inputName]: new ort.Tensor('float32', input, shape) });
      const data = result[outputName].data as Float32Array;
      for (const t of Object.values(result)) t.dispose();
      const dim = data.length / n;
      for (let i = 0; i < batch.length; i++) out.push(data.slice(i * dim, (i + 1) * dim));
    }
    return out;
  }

  return {
    spec,
    async embed(chips, options = {}) {
      for (const c of chips) {
        if (c.width !== spec.size || c.height !== spec.size) {
          throw new RangeError(`embedder expects ${spec.size}×${spec.size} chips, got ${c.width}×${c.height}`);
        }
      }
      if (!options.flip) return (await forward(chips)).map(l2Normalize);
      // Chips and mirrors in one run: one ORT call per face instead of two.
      const n = chips.length;
      const both = await forward([...chips, ...chips.map(flipHorizontal)]);
      const fused = both.slice(0, n);
      for (let i = 0; i < n; i++) for (let k = 0; k < fused[i].length; k++) fused[i][k] += both[n + i][k];
      return fused.map(l2Normalize);
    },
    async close() {
      await session.release();
    },
  };
}

function toTensorData(chips: RgbImage[], n: number, spec: EmbedderSpec): Float32Array {
  const plane = spec.size * spec.size;
  const out = new Float32Array(n * plane * 3);
  const scale = typeof spec.scale === 'number' ? [spec.scale, spec.scale, spec.scale] : spec.scale;
  chips.forEach((chip, b) => {
    const base = b * plane * 3;
    const px = chip.data;
    for (let i = 0; i < plane; i++) {
      for (let c = 0; c < 3; c++) {
        const v = (px[i * 3 + c] - spec.mean[c]) * scale[c];
        if (spec.layout === 'nhwc') out[base + i * 3 + c] = v;
        else out[base + c * plane + i] = v;
      }
    }
  });
  return out;
}

export function l2Normalize(v: Float32Array): Float32Array {
  let sum = 0;
  for (const x of v) sum += x * x;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i] /= norm;
  return v;
}

/** Cosine similarity; for L2-normalised vectors it is their dot product. */
export function cosineSimilarity(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new RangeError(`embedding lengths differ: ${a.length} vs ${b.length}`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}
