// Reads a tfjs graph model (model.json + weight shards), or a weights-only manifest, and dequantises its weights
// exactly as @tensorflow/tfjs-core's io.decodeWeights does, so a converted model starts from the same numbers.
// Visor's one tfjs weight decoder: the graph converter and the face-api ResNet converter both read through it.
import { readFileSync } from 'node:fs';
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

/** One group of a weights manifest: its shards, concatenated, hold its weights in order. */
export interface WeightsGroup {
  paths: string[];
  weights: WeightSpec[];
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
  weightsManifest: WeightsGroup[];
  signature?: { inputs?: Record<string, SignatureEntry>; outputs?: Record<string, SignatureEntry> };
}

export interface WeightTensor {
  dtype: 'float32' | 'int32';
  shape: number[];
  data: Float32Array | Int32Array;
}

export interface LoadedWeights {
  weights: Map<string, WeightTensor>;
  /** The raw shard bytes, concatenated in manifest order; tfjs loads exactly these. */
  weightData: Uint8Array;
}

export interface LoadedModel extends LoadedWeights {
  json: ModelJson;
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
  return { json, ...readWeights(json.weightsManifest, modelJsonPath) };
}

/** Reads a weights-only `*-weights_manifest.json` (face-api ships these) and the shards next to it. */
export function readWeightsManifest(manifestPath: string): LoadedWeights {
  return readWeights(JSON.parse(readFileSync(manifestPath, 'utf8')) as WeightsGroup[], manifestPath);
}

/** Reads and decodes the shards a manifest (`manifestPath`'s, or a model.json's) names; they live next to it. */
export function readWeights(manifest: readonly WeightsGroup[], manifestPath: string): LoadedWeights {
  const dir = path.dirname(manifestPath);
  const weights = new Map<string, WeightTensor>();
  const shards: Uint8Array[] = [];
  for (const group of manifest) {
    const files = group.paths.map((p) => {
      const file = path.resolve(dir, p);
      // Shards live next to the manifest; a manifest must not reach elsewhere on disk.
      if (path.relative(dir, file).startsWith('..') || path.isAbsolute(p)) {
        throw new Error(`${manifestPath}: weight shard path ${p} leaves the model directory`);
      }
      return file;
    });
    const groupBytes = concatBytes(files.map((f) => readFileSync(f)));
    shards.push(groupBytes);
    const decoded = decodeWeights(group.weights, groupBytes, { file: manifestPath, shards: group.paths.join(',') });
    for (const [name, w] of decoded) weights.set(name, w);
  }
  return { weights, weightData: concatBytes(shards) };
}

/**
 * Decodes weights laid out one after another in `bytes` (a manifest group's shards, concatenated), as tfjs'
 * io.decodeWeights does; the bytes must hold exactly these weights. `where` names the file and shards in errors.
 */
export function decodeWeights(
  specs: readonly WeightSpec[],
  bytes: Uint8Array,
  where: { file?: string; shards?: string } = {},
): Map<string, WeightTensor> {
  const at = where.file === undefined ? '' : `${where.file}: `;
  const shards = where.shards ?? 'the shards';
  const weights = new Map<string, WeightTensor>();
  let offset = 0;
  for (const spec of specs) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const bytesPerValue = spec.quantization ? quantBytes(spec.quantization.dtype) : valueBytes(spec.dtype, spec.name);
    const byteLength = size * bytesPerValue;
    if (offset + byteLength > bytes.byteLength) {
      throw new Error(`${at}weight ${spec.name} runs past the end of ${shards}`);
    }
    weights.set(spec.name, decodeWeight(spec, bytes.subarray(offset, offset + byteLength), size));
    offset += byteLength;
  }
  if (offset !== bytes.byteLength) {
    throw new Error(`${at}weights use ${offset} bytes but ${shards} hold ${bytes.byteLength}`);
  }
  return weights;
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
