// Reads a tfjs graph model (model.json + weight shards) and dequantises its weights exactly as
// @tensorflow/tfjs-core's io.decodeWeights does, so the converted graph starts from the same numbers.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** One attribute of a TF NodeDef as the tfjs converter serialises it to JSON (proto3 JSON mapping). */
export interface TfAttr {
  s?: string;
  i?: string | number;
  f?: number;
  b?: boolean;
  type?: string;
  shape?: { dim?: { size: string | number }[]; unknownRank?: boolean };
  list?: { s?: string[]; i?: (string | number)[]; f?: number[]; type?: string[] };
  tensor?: { dtype: string; tensorShape?: { dim?: { size: string | number }[] } };
}

export interface TfNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, TfAttr>;
}

export interface WeightQuantization {
  dtype: 'uint8' | 'uint16' | 'float16';
  scale?: number;
  min?: number;
  original_dtype?: string;
}

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool' | 'string' | 'complex64';
  quantization?: WeightQuantization;
}

interface SignatureEntry {
  name: string;
  dtype?: string;
  tensorShape?: { dim?: { size: string | number }[] };
}

export interface ModelJson {
  format?: string;
  generatedBy?: string;
  convertedBy?: string;
  modelTopology: { node: TfNode[]; library?: { function?: unknown[] }; versions?: { producer?: number } };
  weightsManifest: { paths: string[]; weights: WeightSpec[] }[];
  signature?: { inputs?: Record<string, SignatureEntry>; outputs?: Record<string, SignatureEntry> };
}

export interface WeightTensor {
  dtype: 'float32' | 'int32';
  shape: number[];
  data: Float32Array | Int32Array;
}

export interface LoadedModel {
  json: ModelJson;
  weights: Map<string, WeightTensor>;
  /** The raw shard bytes, concatenated in manifest order; tfjs loads exactly these. */
  weightData: Uint8Array;
}

export async function loadModelJson(modelJsonPath: string): Promise<LoadedModel> {
  const json = JSON.parse(await readFile(modelJsonPath, 'utf8')) as ModelJson;
  if (json.format !== undefined && json.format !== 'graph-model') {
    throw new Error(`${modelJsonPath}: format "${json.format}" is not a tfjs graph model`);
  }
  if (!json.modelTopology?.node) throw new Error(`${modelJsonPath}: modelTopology.node is missing`);
  if (json.modelTopology.library?.function?.length) {
    throw new Error(`${modelJsonPath}: graph functions (control flow) are not supported`);
  }
  const dir = path.dirname(modelJsonPath);
  const weights = new Map<string, WeightTensor>();
  const shards: Uint8Array[] = [];
  for (const group of json.weightsManifest) {
    const files = group.paths.map((p) => {
      const file = path.resolve(dir, p);
      // Shards live next to model.json; a manifest must not reach elsewhere on disk.
      if (path.relative(dir, file).startsWith('..') || path.isAbsolute(p)) {
        throw new Error(`${modelJsonPath}: weight shard path ${p} leaves the model directory`);
      }
      return file;
    });
    const parts = await Promise.all(files.map((f) => readFile(f)));
    const groupBytes = concatBytes(parts);
    shards.push(groupBytes);
    let offset = 0;
    for (const spec of group.weights) {
      const size = spec.shape.reduce((a, b) => a * b, 1);
      const bytesPerValue = spec.quantization ? quantBytes(spec.quantization.dtype) : valueBytes(spec.dtype, spec.name);
      const byteLength = size * bytesPerValue;
      if (offset + byteLength > groupBytes.byteLength) {
        throw new Error(`${modelJsonPath}: weight ${spec.name} runs past the end of ${group.paths.join(',')}`);
      }
      weights.set(spec.name, decodeWeight(spec, groupBytes.subarray(offset, offset + byteLength), size));
      offset += byteLength;
    }
    if (offset !== groupBytes.byteLength) {
      throw new Error(
        `${modelJsonPath}: weights use ${offset} bytes but ${group.paths.join(',')} hold ${groupBytes.byteLength}`,
      );
    }
  }
  return { json, weights, weightData: concatBytes(shards) };
}

function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

function quantBytes(dtype: WeightQuantization['dtype']): number {
  if (dtype === 'uint8') return 1;
  if (dtype === 'uint16' || dtype === 'float16') return 2;
  throw new Error(`unsupported weight quantization dtype ${dtype as string}`);
}

function valueBytes(dtype: WeightSpec['dtype'], name: string): number {
  if (dtype === 'float32' || dtype === 'int32') return 4;
  throw new Error(`weight ${name}: dtype ${dtype} is not supported`);
}

/** Decodes one weight's bytes (its slice of the shard) the way tfjs-core's io.decodeWeights does. */
export function decodeWeight(spec: WeightSpec, bytes: Uint8Array, size: number): WeightTensor {
  // Copy so the typed arrays are aligned whatever the offset in the shard.
  const buf = bytes.slice().buffer;
  const q = spec.quantization;
  if (spec.dtype !== 'float32' && spec.dtype !== 'int32') throw new Error(`weight ${spec.name}: dtype ${spec.dtype}`);
  if (!q) {
    const data = spec.dtype === 'float32' ? new Float32Array(buf, 0, size) : new Int32Array(buf, 0, size);
    return { dtype: spec.dtype, shape: spec.shape, data };
  }
  if (q.dtype === 'float16') {
    if (spec.dtype !== 'float32') throw new Error(`weight ${spec.name}: float16 quantisation of ${spec.dtype}`);
    return { dtype: 'float32', shape: spec.shape, data: float16ToFloat32(new Uint16Array(buf, 0, size)) };
  }
  if (q.scale === undefined || q.min === undefined) {
    throw new Error(`weight ${spec.name}: ${q.dtype} quantisation without scale and min`);
  }
  const raw = q.dtype === 'uint8' ? new Uint8Array(buf, 0, size) : new Uint16Array(buf, 0, size);
  // tfjs computes v * scale + min in double precision, then stores (rounds) into the typed array.
  if (spec.dtype === 'float32') {
    const data = new Float32Array(size);
    for (let i = 0; i < size; i++) data[i] = raw[i] * q.scale + q.min;
    return { dtype: 'float32', shape: spec.shape, data };
  }
  const data = new Int32Array(size);
  for (let i = 0; i < size; i++) data[i] = Math.round(raw[i] * q.scale + q.min);
  return { dtype: 'int32', shape: spec.shape, data };
}

/**
 * IEEE half → single precision. Every half value (subnormals, ±0, ±Inf, NaN payloads) is exactly representable
 * in float32, so this is bit-exact and equals tfjs' table-driven float16 decoder.
 */
export function float16ToFloat32(halves: Uint16Array): Float32Array {
  const bits = new Uint32Array(halves.length);
  for (let i = 0; i < halves.length; i++) {
    const h = halves[i];
    const sign = (h & 0x8000) << 16;
    const exp = (h >> 10) & 0x1f;
    let mant = h & 0x3ff;
    if (exp === 0x1f) {
      bits[i] = sign | 0x7f800000 | (mant << 13);
    } else if (exp !== 0) {
      bits[i] = sign | ((exp + 112) << 23) | (mant << 13);
    } else if (mant === 0) {
      bits[i] = sign;
    } else {
      // Subnormal half: normalise the mantissa into a float32 normal number.
      let e = 113;
      while ((mant & 0x400) === 0) {
        mant <<= 1;
        e--;
      }
      bits[i] = sign | (e << 23) | ((mant & 0x3ff) << 13);
    }
  }
  return new Float32Array(bits.buffer);
}
