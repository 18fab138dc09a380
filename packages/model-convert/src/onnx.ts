// Small, typed builders for ONNX ModelProto messages, and a deterministic serialiser. Converters describe a graph as
// plain nodes + initializers; nothing here reads the clock or the environment, so the same graph always serialises
// to the same bytes (the registry pins each built model by sha256).
import onnxProto from 'onnx-proto';

export const { onnx } = onnxProto;
export type ModelProto = onnxProto.onnx.IModelProto;
export type GraphProto = onnxProto.onnx.IGraphProto;
export type NodeProto = onnxProto.onnx.INodeProto;
export type TensorProto = onnxProto.onnx.ITensorProto;
export type ValueInfoProto = onnxProto.onnx.IValueInfoProto;
export type AttributeProto = onnxProto.onnx.IAttributeProto;

/** ONNX element types (TensorProto.DataType) used by Visor's converters. */
export const DataType = {
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  INT32: 6,
  INT64: 7,
  BOOL: 9,
} as const;
export type DataType = (typeof DataType)[keyof typeof DataType];

const AttributeType = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7 } as const;

/** Default opset of the `ai.onnx` domain for Visor's converted models (onnxruntime 1.30 supports up to 23). */
export const DEFAULT_OPSET = 17;
/** IR version 8 is the one that goes with opset 17. */
export const DEFAULT_IR_VERSION = 8;

/** A dimension: a fixed size, or a symbolic name such as 'batch' for a dynamic one. */
export type Dim = number | string;

function littleEndianBytes(data: Float32Array | Int32Array): Uint8Array {
  // ONNX raw_data is little-endian whatever the host; DataView makes that explicit instead of trusting the host.
  const out = new Uint8Array(data.length * 4);
  const view = new DataView(out.buffer);
  if (data instanceof Float32Array)
    for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i] as number, true);
  else for (let i = 0; i < data.length; i++) view.setInt32(i * 4, data[i] as number, true);
  return out;
}

function checkSize(name: string, dims: readonly number[], length: number): void {
  const expected = dims.reduce((a, b) => a * b, 1);
  if (expected !== length)
    throw new Error(`tensor ${name}: dims [${dims.join(',')}] need ${expected} values, got ${length}`);
}

/** A float32 tensor (initializer or attribute value), stored as little-endian raw_data. */
export function floatTensor(
  name: string,
  dims: readonly number[],
  data: Float32Array | readonly number[],
): TensorProto {
  const values = data instanceof Float32Array ? data : Float32Array.from(data);
  checkSize(name, dims, values.length);
  return { name, dims: [...dims], dataType: DataType.FLOAT, rawData: littleEndianBytes(values) };
}

/** An int64 tensor, e.g. a Reshape shape or Gather indices. Values must be safe integers. */
export function int64Tensor(name: string, dims: readonly number[], data: ArrayLike<number | bigint>): TensorProto {
  checkSize(name, dims, data.length);
  const out = new Uint8Array(data.length * 8);
  const view = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) view.setBigInt64(i * 8, BigInt(data[i] as number | bigint), true);
  return { name, dims: [...dims], dataType: DataType.INT64, rawData: out };
}

/** An int32 tensor. */
export function int32Tensor(name: string, dims: readonly number[], data: Int32Array | readonly number[]): TensorProto {
  const values = data instanceof Int32Array ? data : Int32Array.from(data);
  checkSize(name, dims, values.length);
  return { name, dims: [...dims], dataType: DataType.INT32, rawData: littleEndianBytes(values) };
}

/** A scalar float32 tensor (dims []). */
export function scalarFloat(name: string, value: number): TensorProto {
  return floatTensor(name, [], [value]);
}

/**
 * An attribute value. A plain number is an INT, a number[] INTS and a string STRING; floats must be explicit
 * (`float(0.5)`, `floats([...])`) because 1 and 1.0 are the same JavaScript number.
 */
export type AttrValue =
  | number
  | readonly number[]
  | string
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'floats'; readonly value: readonly number[] }
  | { readonly kind: 'tensor'; readonly value: TensorProto };

export const float = (value: number): AttrValue => ({ kind: 'float', value });
export const floats = (value: readonly number[]): AttrValue => ({ kind: 'floats', value });
export const tensorAttr = (value: TensorProto): AttrValue => ({ kind: 'tensor', value });

function attribute(name: string, v: AttrValue): AttributeProto {
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new Error(`attribute ${name}: ${v} is not an integer; use float(${v})`);
    return { name, type: AttributeType.INT, i: v };
  }
  if (typeof v === 'string') return { name, type: AttributeType.STRING, s: new TextEncoder().encode(v) };
  if (Array.isArray(v)) {
    const ints = v as readonly number[];
    for (const x of ints) if (!Number.isInteger(x)) throw new Error(`attribute ${name}: ${x} is not an integer`);
    return { name, type: AttributeType.INTS, ints: [...ints] };
  }
  const tagged = v as Exclude<AttrValue, number | string | readonly number[]>;
  switch (tagged.kind) {
    case 'float':
      return { name, type: AttributeType.FLOAT, f: tagged.value };
    case 'floats':
      return { name, type: AttributeType.FLOATS, floats: [...tagged.value] };
    case 'tensor':
      return { name, type: AttributeType.TENSOR, t: tagged.value };
  }
}

/**
 * A graph node. Attributes are written sorted by name, so the bytes do not depend on object key order; the node name
 * defaults to its first output (unique in a valid graph).
 */
export function node(
  opType: string,
  inputs: readonly string[],
  outputs: readonly string[],
  attrs: Readonly<Record<string, AttrValue>> = {},
  name?: string,
  domain?: string,
): NodeProto {
  const attribute_ = Object.keys(attrs)
    .sort()
    .map((k) => attribute(k, attrs[k] as AttrValue));
  const n: NodeProto = { opType, input: [...inputs], output: [...outputs], name: name ?? outputs[0] ?? opType };
  if (attribute_.length > 0) n.attribute = attribute_;
  if (domain) n.domain = domain;
  return n;
}

/** A graph input/output description: element type and shape, where a string dim is symbolic (dynamic). */
export function valueInfo(name: string, elemType: DataType, shape: readonly Dim[]): ValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

export interface ModelSpec {
  graphName: string;
  nodes: readonly NodeProto[];
  initializers: readonly TensorProto[];
  inputs: readonly ValueInfoProto[];
  outputs: readonly ValueInfoProto[];
  /** ai.onnx opset; DEFAULT_OPSET when absent. */
  opset?: number;
  /** Extra operator sets, e.g. { 'com.microsoft': 1 }. */
  extraOpsets?: Readonly<Record<string, number>>;
  producerName?: string;
  producerVersion?: string;
  docString?: string;
  /** Model metadata_props, written sorted by key. */
  metadata?: Readonly<Record<string, string>>;
}

/** Assembles a ModelProto. No timestamps or host data go in, so equal specs give equal models. */
export function model(spec: ModelSpec): ModelProto {
  const opsetImport = [{ domain: '', version: spec.opset ?? DEFAULT_OPSET }];
  for (const d of Object.keys(spec.extraOpsets ?? {}).sort()) {
    opsetImport.push({ domain: d, version: (spec.extraOpsets as Record<string, number>)[d] as number });
  }
  const m: ModelProto = {
    irVersion: DEFAULT_IR_VERSION,
    opsetImport,
    producerName: spec.producerName ?? 'visor-model-convert',
    producerVersion: spec.producerVersion ?? '1',
    graph: {
      name: spec.graphName,
      node: [...spec.nodes],
      initializer: [...spec.initializers],
      input: [...spec.inputs],
      output: [...spec.outputs],
    },
  };
  if (spec.docString) m.docString = spec.docString;
  const meta = spec.metadata ?? {};
  const keys = Object.keys(meta).sort();
  if (keys.length > 0) m.metadataProps = keys.map((key) => ({ key, value: meta[key] as string }));
  return m;
}

/** Serialises a model to protobuf bytes; deterministic (fixed field order, no maps). */
export function serializeModel(m: ModelProto): Uint8Array {
  const err = onnx.ModelProto.verify(m);
  if (err) throw new Error(`invalid ModelProto: ${err}`);
  return onnx.ModelProto.encode(m).finish();
}

/** Parses ONNX bytes, e.g. to inspect a built or shipped model. */
export function parseModel(bytes: Uint8Array): onnxProto.onnx.ModelProto {
  return onnx.ModelProto.decode(bytes);
}
