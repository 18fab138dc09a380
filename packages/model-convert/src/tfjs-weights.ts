// Reads a TensorFlow.js weights manifest and its binary shards into float32/int32 arrays, dequantising exactly as
// tfjs-core's io.decodeWeights does (value = q * scale + min, computed in double and stored as float32), so that a
// converted model starts from the very numbers tfjs would use.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface TfjsWeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool' | 'string' | 'complex64';
  quantization?: { dtype: 'uint8' | 'uint16' | 'float16'; scale?: number; min?: number };
}

export interface TfjsWeightsGroup {
  paths: string[];
  weights: TfjsWeightSpec[];
}

export interface DecodedWeight {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  data: Float32Array | Int32Array;
}

const QUANT_BYTES = { uint8: 1, uint16: 2, float16: 2 } as const;
const DTYPE_BYTES = { float32: 4, int32: 4, bool: 1 } as const;

function float16ToFloat32(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** Decodes weights from a concatenation of all shards, in manifest order (the layout tfjs writes). */
export function decodeTfjsWeights(specs: readonly TfjsWeightSpec[], bytes: Uint8Array): Map<string, DecodedWeight> {
  const out = new Map<string, DecodedWeight>();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  for (const spec of specs) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const q = spec.quantization;
    if (spec.dtype !== 'float32' && spec.dtype !== 'int32') {
      throw new Error(`weight ${spec.name}: dtype ${spec.dtype} is not supported`);
    }
    const bytesPerValue = q ? QUANT_BYTES[q.dtype] : DTYPE_BYTES[spec.dtype];
    if (bytesPerValue === undefined) throw new Error(`weight ${spec.name}: unknown quantization ${q?.dtype}`);
    const byteLength = size * bytesPerValue;
    if (offset + byteLength > bytes.byteLength) {
      throw new Error(`weight ${spec.name}: shards end at byte ${bytes.byteLength}, need ${offset + byteLength}`);
    }
    let data: Float32Array | Int32Array;
    if (q) {
      if (q.dtype === 'float16') {
        if (spec.dtype !== 'float32') throw new Error(`weight ${spec.name}: float16 quantization needs float32`);
        data = new Float32Array(size);
        for (let i = 0; i < size; i++) data[i] = float16ToFloat32(view.getUint16(offset + i * 2, true));
      } else {
        if (q.scale === undefined || q.min === undefined) throw new Error(`weight ${spec.name}: no scale/min`);
        const { scale, min } = q;
        data = spec.dtype === 'float32' ? new Float32Array(size) : new Int32Array(size);
        for (let i = 0; i < size; i++) {
          const v = q.dtype === 'uint8' ? view.getUint8(offset + i) : view.getUint16(offset + i * 2, true);
          // Same expressions as tfjs-core: double arithmetic, then a float32 store (int32 weights are rounded).
          data[i] = spec.dtype === 'float32' ? v * scale + min : Math.round(v * scale + min);
        }
      }
    } else if (spec.dtype === 'float32') {
      data = new Float32Array(size);
      for (let i = 0; i < size; i++) data[i] = view.getFloat32(offset + i * 4, true);
    } else {
      data = new Int32Array(size);
      for (let i = 0; i < size; i++) data[i] = view.getInt32(offset + i * 4, true);
    }
    out.set(spec.name, { name: spec.name, shape: [...spec.shape], dtype: spec.dtype, data });
    offset += byteLength;
  }
  if (offset !== bytes.byteLength)
    throw new Error(`weights use ${offset} bytes but the shards hold ${bytes.byteLength}`);
  return out;
}

/** Reads a `*-weights_manifest.json` (or a model.json's `weightsManifest`) and the shards next to it. */
export function readTfjsWeights(
  manifestPath: string,
  groups?: readonly TfjsWeightsGroup[],
): Map<string, DecodedWeight> {
  const manifest = groups ?? (JSON.parse(readFileSync(manifestPath, 'utf8')) as TfjsWeightsGroup[]);
  const dir = path.dirname(manifestPath);
  const shards = manifest.flatMap((g) => g.paths.map((p) => readFileSync(path.join(dir, p))));
  return decodeTfjsWeights(
    manifest.flatMap((g) => g.weights),
    Buffer.concat(shards),
  );
}
