// Face embeddings: aligned RGB chips → L2-normalised vectors, with optional flip fusion.
import { flipHorizontal, type RgbImage } from './image.ts';
import { type OrtOptions, openSession, ort } from './ort.ts';

/** How an embedder ONNX wants its input; comes from the model registry entry. */
export interface EmbedderSpec {
  /** Square input side in pixels. */
  size: number;
  /** Tensor layout of the input. */
  layout: 'nhwc' | 'nchw';
  /** Channel order of the input tensor (default RGB); `mean` and `scale` are in this order. */
  colorOrder?: 'rgb' | 'bgr';
  /** Per-channel value subtracted first… */
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

/** Chips' worth of input buffer an embedder keeps between runs (about 2 MB at 150×150). */
const KEEP_CHIPS = 8;

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

  const chipLength = spec.size * spec.size * 3;
  // The input tensor's buffer is kept for the next run (up to KEEP_CHIPS chips): a fresh one per call is 270 KB
  // per chip of short-lived external memory, and external memory is what drives V8's full collections here. A run
  // that starts while another holds it (callers need not serialise) takes a buffer of its own.
  let spare: Float32Array | undefined;
  const takeBuffer = (length: number): Float32Array => {
    const buffer = spare && spare.length >= length ? spare : new Float32Array(length);
    if (buffer === spare) spare = undefined;
    return buffer;
  };
  const giveBack = (buffer: Float32Array): void => {
    if (buffer.length <= KEEP_CHIPS * chipLength && (!spare || spare.length < buffer.length)) spare = buffer;
  };

  async function forward(chips: RgbImage[]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let start = 0; start < chips.length; start += maxBatch) {
      const batch = chips.slice(start, start + maxBatch);
      const n = maxBatch === batchDim ? maxBatch : batch.length;
      const buffer = takeBuffer(n * chipLength);
      try {
        const input = buffer.length === n * chipLength ? buffer : buffer.subarray(0, n * chipLength);
        toTensorData(batch, n, spec, input);
        const shape = spec.layout === 'nhwc' ? [n, spec.size, spec.size, 3] : [n, 3, spec.size, spec.size];
        const result = await session.run({ [inputName]: new ort.Tensor('float32', input, shape) });
        const data = result[outputName].data as Float32Array;
        for (const t of Object.values(result)) t.dispose();
        const dim = data.length / n;
        for (let i = 0; i < batch.length; i++) out.push(data.slice(i * dim, (i + 1) * dim));
      } finally {
        giveBack(buffer);
      }
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

/** Writes `chips` into `out` (n chips long) in the model's layout and scaling; chips past the batch are zeros. */
function toTensorData(chips: RgbImage[], n: number, spec: EmbedderSpec, out: Float32Array): void {
  const plane = spec.size * spec.size;
  const chipLength = plane * 3;
  const [m0, m1, m2] = spec.mean;
  const [s0, s1, s2] = typeof spec.scale === 'number' ? [spec.scale, spec.scale, spec.scale] : spec.scale;
  // Source offset within an RGB pixel of the tensor's channels 0, 1, 2.
  const [c0, c1, c2] = spec.colorOrder === 'bgr' ? [2, 1, 0] : [0, 1, 2];
  // Raw 0..255 pixels (the face-api ResNet normalises inside its graph): a typed-array copy converts u8 → f32
  // exactly, in native code, instead of a JavaScript loop over 67,500 values per chip.
  const identity = m0 === 0 && m1 === 0 && m2 === 0 && s0 === 1 && s1 === 1 && s2 === 1 && c0 === 0;
  chips.forEach((chip, b) => {
    const base = b * chipLength;
    const px = chip.data;
    if (spec.layout === 'nhwc' && identity) {
      out.set(px.length === chipLength ? px : px.subarray(0, chipLength), base);
    } else if (spec.layout === 'nhwc') {
      for (let i = 0; i < chipLength; i += 3) {
        out[base + i] = (px[i + c0] - m0) * s0;
        out[base + i + 1] = (px[i + c1] - m1) * s1;
        out[base + i + 2] = (px[i + c2] - m2) * s2;
      }
    } else {
      for (let i = 0, j = 0; i < plane; i++, j += 3) {
        out[base + i] = (px[j + c0] - m0) * s0;
        out[base + plane + i] = (px[j + c1] - m1) * s1;
        out[base + 2 * plane + i] = (px[j + c2] - m2) * s2;
      }
    }
  });
  if (chips.length < n) out.fill(0, chips.length * chipLength, n * chipLength);
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
