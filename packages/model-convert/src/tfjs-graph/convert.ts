// Translates a tfjs graph model (TF GraphDef as JSON) into an ONNX graph.
//
// Layout choice: TF graphs are NHWC; onnxruntime's CPU kernels for Conv, pooling and Resize are NCHW (an NHWC graph
// would need a Transpose pair around every Conv). So the model keeps its NHWC input, one Transpose moves it to NCHW
// at the first layout-sensitive op, and every 4-D activation then stays NCHW: convolutions, pooling, padding,
// resize, depth-to-space, reductions and element-wise ops are all rewritten for NCHW (constants are permuted at
// conversion time). Only ops whose meaning depends on the memory order (Reshape, Squeeze, Softmax, graph outputs)
// get a Transpose back to NHWC, so the outputs are bit-for-bit the same layout tfjs returns.
import {
  type AttrValue,
  DataType,
  DEFAULT_OPSET,
  type Dim,
  float,
  floatTensor,
  int32Tensor,
  int64Tensor,
  model,
  type NodeProto,
  node,
  serializeModel,
  type TensorProto,
  valueInfo,
} from '../onnx.ts';
import type { LoadedModel, TfNode } from './model-json.ts';
import {
  attrBool,
  attrFloat,
  attrInt,
  attrInts,
  attrShape,
  attrString,
  attrStrings,
  broadcastShapes,
  numel,
  permute,
  samePadding,
  type TypedData,
  windowOutput,
} from './tensor-util.ts';

export interface ConvertOptions {
  /** Input shape without the batch, [height, width, channels]; overrides the model's placeholder shape. */
  inputShape?: readonly number[];
  /** 'dynamic' (a symbolic 'batch' dimension) or a fixed batch size; default: as the model declares it. */
  batch?: 'dynamic' | number;
}

export interface TensorDescription {
  name: string;
  dtype: 'float32' | 'int32';
  /** A string is a symbolic (dynamic) dimension. */
  shape: Dim[];
}

export interface ConvertedModel {
  bytes: Uint8Array;
  inputs: TensorDescription[];
  outputs: TensorDescription[];
  opsetVersion: number;
  /** TF op type → number of nodes translated, for the conversion report. */
  opCounts: Record<string, number>;
}

const BATCH = 'batch';
const TO_NCHW = [0, 3, 1, 2] as const;
const TO_NHWC = [0, 2, 3, 1] as const;

/** A TF tensor during translation. `shape` is the logical (NHWC) TF shape; -1 marks the dynamic batch. */
interface Value {
  shape: number[];
  dtype: 'float32' | 'int32';
  /** Constant data in the logical layout (from a Const node). */
  konst?: TypedData;
  /** A small int vector/scalar known at conversion time except for the symbolic batch size (Shape → Pack chains). */
  sym?: (number | typeof BATCH)[];
  /** ONNX value holding the tensor in the logical (NHWC/native) layout. */
  nhwc?: string;
  /** ONNX value holding a rank-4 tensor transposed to NCHW. */
  nchw?: string;
  /**
   * Set when the value is clip(src, lo, hi) (a Relu is clip(src, 0, ∞)), so Keras' Relu → Minimum(6) → Maximum(0)
   * can become one Clip, which onnxruntime fuses into the preceding Conv.
   */
  clip?: { src: string; layout: 'nhwc' | 'nchw'; lo: number; hi: number };
}

/** ONNX name of a graph output: the TF node name, plus ":i" for a node's second and later outputs. */
function outputName(ref: string): string {
  const { node: name, index } = parseInput(ref);
  return index === 0 ? name : `${name}:${index}`;
}

/** Python/ONNX slice length of [b, e) with step over a dimension of size dim. */
function sliceLength(dim: number, b: number, e: number, step: number): number {
  const clamp = (i: number, lo: number, hi: number) => Math.min(Math.max(i, lo), hi);
  const norm = (i: number) => (i < 0 ? i + dim : i);
  if (step > 0) {
    const s = clamp(norm(b), 0, dim);
    const t = clamp(norm(e), 0, dim);
    return Math.max(0, Math.ceil((t - s) / step));
  }
  const s = clamp(norm(b), -1, dim - 1);
  const t = clamp(norm(e), -1, dim - 1);
  return Math.max(0, Math.ceil((s - t) / -step));
}

const onnxDataType = (dtype: Value['dtype']) => (dtype === 'float32' ? DataType.FLOAT : DataType.INT32);

function tfDtype(t: string | undefined, where: string): Value['dtype'] {
  if (t === 'DT_FLOAT') return 'float32';
  if (t === 'DT_INT32') return 'int32';
  throw new Error(`${where}: dtype ${t} is not supported`);
}

/** Splits a TF input reference ("name", "name:1", "^control") into node name and output index. */
function parseInput(ref: string): { node: string; index: number; control: boolean } {
  const control = ref.startsWith('^');
  const body = control ? ref.slice(1) : ref;
  const m = /^(.*):(\d+)$/.exec(body);
  return m ? { node: m[1] as string, index: Number(m[2]), control } : { node: body, index: 0, control };
}

class GraphBuilder {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  private readonly used = new Set<string>();
  private readonly shared = new Map<string, string>();

  reserve(name: string): void {
    this.used.add(name);
  }

  fresh(base: string): string {
    let name = base;
    for (let i = 1; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }

  add(opType: string, inputs: string[], outName: string, attrs: Record<string, AttrValue> = {}): string {
    const out = this.fresh(outName);
    this.nodes.push(node(opType, inputs, [out], attrs));
    return out;
  }

  initializer(
    base: string,
    dtype: 'float32' | 'int32' | 'int64',
    dims: readonly number[],
    data: ArrayLike<number>,
  ): string {
    const name = this.fresh(base);
    if (dtype === 'float32') this.initializers.push(floatTensor(name, dims, Float32Array.from(data)));
    else if (dtype === 'int32') this.initializers.push(int32Tensor(name, dims, Int32Array.from(data)));
    else this.initializers.push(int64Tensor(name, dims, data));
    return name;
  }

  /** An int64 or float constant shared by every node that needs the same values (axes, clip bounds...). */
  sharedConst(dtype: 'float32' | 'int64', dims: readonly number[], data: readonly number[]): string {
    const key = `${dtype}|${dims.join(',')}|${data.join(',')}`;
    let name = this.shared.get(key);
    if (!name) {
      name = this.initializer(`const_${dtype}_${data.join('_').replaceAll('-', 'm')}`, dtype, dims, data);
      this.shared.set(key, name);
    }
    return name;
  }
}

export function convertLoadedModel(
  loaded: LoadedModel,
  options: ConvertOptions = {},
  source = 'model.json',
): ConvertedModel {
  return new Translator(loaded, options, source).run();
}

class Translator {
  private readonly g = new GraphBuilder();
  private readonly byName = new Map<string, TfNode>();
  private readonly values = new Map<string, Value>();
  private readonly opCounts: Record<string, number> = {};
  private readonly inputs: TensorDescription[] = [];
  private declaredBatch = -1;
  private readonly loaded: LoadedModel;
  private readonly options: ConvertOptions;
  private readonly source: string;

  constructor(loaded: LoadedModel, options: ConvertOptions, source: string) {
    this.loaded = loaded;
    this.options = options;
    this.source = source;
    for (const n of loaded.json.modelTopology.node) this.byName.set(n.name, n);
  }

  run(): ConvertedModel {
    const outputNames = this.outputNodeNames();
    for (const n of outputNames) this.g.reserve(n);
    for (const n of this.loaded.json.modelTopology.node) if (n.op === 'Placeholder') this.g.reserve(n.name);

    for (const n of this.topologicalOrder(outputNames)) this.translate(n);

    const outputs: TensorDescription[] = [];
    for (const name of outputNames) {
      const v = this.value(name);
      const src = this.nhwc(v, name);
      this.g.nodes.push(node('Identity', [src], [name]));
      outputs.push({ name, dtype: v.dtype, shape: this.dims(v.shape, name) });
    }
    // Drop what the rewrites left unused (a Relu folded into a Clip): nodes are in topological order.
    const needed = new Set(outputNames);
    const nodes = this.g.nodes
      .toReversed()
      .filter((nd) => {
        if (!(nd.output ?? []).some((o) => needed.has(o))) return false;
        for (const i of nd.input ?? []) needed.add(i);
        return true;
      })
      .toReversed();
    const proto = model({
      graphName: 'tfjs_graph',
      nodes,
      initializers: this.g.initializers.filter((t) => needed.has(t.name as string)),
      inputs: this.inputs.map((i) => valueInfo(i.name, onnxDataType(i.dtype), i.shape)),
      outputs: outputs.map((o) => valueInfo(o.name, onnxDataType(o.dtype), o.shape)),
      opset: DEFAULT_OPSET,
      docString: `converted from tfjs graph model ${this.loaded.json.generatedBy ?? ''}`.trim(),
      metadata: this.metadata(),
    });
    return {
      bytes: serializeModel(proto),
      inputs: this.inputs,
      outputs,
      opsetVersion: DEFAULT_OPSET,
      opCounts: Object.fromEntries(Object.entries(this.opCounts).sort(([a], [b]) => a.localeCompare(b))),
    };
  }

  /** Provenance, and the signature keys tfjs callers may know the outputs by (antispoof: activation_4 → Identity). */
  private metadata(): Record<string, string> {
    const json = this.loaded.json;
    const meta: Record<string, string> = { converter: 'visor tfjs-graph', layout: 'NHWC input and outputs' };
    if (json.generatedBy) meta['tfjs.generatedBy'] = json.generatedBy;
    if (json.convertedBy) meta['tfjs.convertedBy'] = json.convertedBy;
    const sig = json.signature?.outputs;
    if (sig && Object.keys(sig).length > 0) {
      const keys = Object.keys(sig).sort();
      meta['tfjs.signature.outputs'] = JSON.stringify(
        Object.fromEntries(keys.map((k) => [k, outputName(sig[k]?.name ?? k)])),
      );
    }
    return meta;
  }

  private dims(shape: readonly number[], name: string): Dim[] {
    return shape.map((d, i) => (d >= 0 ? d : i === 0 ? BATCH : `${name}_dim${i}`));
  }

  /** The signature's outputs in its order; without a signature, every node nothing consumes, sorted by name. */
  private outputNodeNames(): string[] {
    const sigOutputs = this.loaded.json.signature?.outputs;
    if (sigOutputs && Object.keys(sigOutputs).length > 0) {
      return Object.values(sigOutputs).map((o) => outputName(o.name));
    }
    const consumed = new Set<string>();
    for (const n of this.loaded.json.modelTopology.node)
      for (const i of n.input ?? []) consumed.add(parseInput(i).node);
    return this.loaded.json.modelTopology.node
      .filter((n) => !consumed.has(n.name) && n.op !== 'Const' && n.op !== 'Placeholder')
      .map((n) => n.name)
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  }

  private topologicalOrder(roots: string[]): TfNode[] {
    const order: TfNode[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (name: string, from: string) => {
      const s = state.get(name);
      if (s === 'done') return;
      if (s === 'visiting')
        throw new Error(`${this.source}: cycle through node ${name} (control flow is not supported)`);
      const n = this.byName.get(name);
      if (!n) throw new Error(`${this.source}: node ${from} refers to missing node ${name}`);
      state.set(name, 'visiting');
      for (const i of n.input ?? []) {
        const ref = parseInput(i);
        if (!ref.control) visit(ref.node, name);
      }
      state.set(name, 'done');
      order.push(n);
    };
    for (const r of roots) visit(parseInput(r).node, 'outputs');
    return order;
  }

  private value(ref: string): Value {
    const { node: name, index } = parseInput(ref);
    const v = this.values.get(`${name}:${index}`);
    if (!v) throw new Error(`${this.source}: tensor ${ref} has not been translated`);
    return v;
  }

  private set(n: TfNode, v: Value): void {
    this.values.set(`${n.name}:0`, v);
  }

  private fail(n: TfNode, why: string): never {
    throw new Error(`${this.source}: cannot convert ${n.op} node "${n.name}": ${why}`);
  }

  // ---- layouts ----------------------------------------------------------------------------------------------

  /** The ONNX value of `v` in its logical (NHWC / native) layout, transposing back from NCHW when needed. */
  private nhwc(v: Value, hint: string): string {
    if (v.nhwc) return v.nhwc;
    if (v.konst) {
      v.nhwc = this.g.initializer(hint, v.dtype, v.shape, v.konst);
      return v.nhwc;
    }
    if (v.sym) {
      if (v.sym.includes(BATCH)) throw new Error(`${hint}: a shape that depends on the batch size is used as data`);
      v.nhwc = this.g.initializer(hint, 'int32', v.shape, v.sym as number[]);
      return v.nhwc;
    }
    if (!v.nchw) throw new Error(`${hint}: value has no ONNX tensor`);
    v.nhwc = this.g.add('Transpose', [v.nchw], `${hint}/nhwc`, { perm: [...TO_NHWC] });
    return v.nhwc;
  }

  /** The ONNX value of a rank-4 `v` in NCHW layout. */
  private nchw(v: Value, hint: string): string {
    if (v.shape.length !== 4) throw new Error(`${hint}: expected a 4-D tensor, got rank ${v.shape.length}`);
    if (v.nchw) return v.nchw;
    if (v.konst) {
      const p = permute(v.konst, v.shape, TO_NCHW);
      v.nchw = this.g.initializer(`${hint}/nchw`, v.dtype, p.shape, p.data);
      return v.nchw;
    }
    v.nchw = this.g.add('Transpose', [this.nhwc(v, hint)], `${hint}/nchw`, { perm: [...TO_NCHW] });
    return v.nchw;
  }

  private isNchw(v: Value): boolean {
    return v.shape.length === 4 && v.nchw !== undefined;
  }

  /** A constant of rank ≤ 4 that broadcasts against an NHWC tensor, rewritten to broadcast against its NCHW form. */
  private constForNchw(v: Value, hint: string): string {
    const konst = v.konst as TypedData;
    if (numel(v.shape) === 1) return this.nhwc(v, hint);
    const padded = [...new Array<number>(4 - v.shape.length).fill(1), ...v.shape];
    const p = permute(konst, padded, TO_NCHW);
    let dims = p.shape;
    while (dims.length > 1 && dims[0] === 1) dims = dims.slice(1);
    return this.g.initializer(`${hint}/nchw`, v.dtype, dims, p.data);
  }

  private constOf(n: TfNode, ref: string | undefined, what: string): TypedData {
    if (ref === undefined) this.fail(n, `missing ${what} input`);
    const v = this.value(ref);
    if (v.konst) return v.konst;
    if (v.sym && !v.sym.includes(BATCH)) return Int32Array.from(v.sym as number[]);
    this.fail(n, `${what} must be a constant`);
  }

  // ---- translation ------------------------------------------------------------------------------------------

  private translate(n: TfNode): void {
    this.opCounts[n.op] = (this.opCounts[n.op] ?? 0) + 1;
    const inputs = (n.input ?? []).filter((i) => !i.startsWith('^'));
    switch (n.op) {
      case 'Placeholder':
        this.placeholder(n);
        return;
      case 'Const':
        this.constant(n);
        return;
      case 'Identity':
      case 'StopGradient':
      case 'NoOp':
        this.set(n, this.value(inputs[0] as string));
        return;
      case 'Conv2D':
      case '_FusedConv2D':
        this.conv(n, inputs, false);
        return;
      case 'DepthwiseConv2dNative':
      case 'FusedDepthwiseConv2dNative':
        this.conv(n, inputs, true);
        return;
      case 'BiasAdd':
      case 'Add':
      case 'AddV2':
        this.binary(n, inputs, 'Add');
        return;
      case 'Sub':
        this.binary(n, inputs, 'Sub');
        return;
      case 'Mul':
        this.binary(n, inputs, 'Mul');
        return;
      case 'RealDiv':
      case 'Div':
        this.binary(n, inputs, 'Div');
        return;
      case 'Minimum':
        this.binary(n, inputs, 'Min');
        return;
      case 'Maximum':
        this.binary(n, inputs, 'Max');
        return;
      case 'Relu':
      case 'Relu6':
      case 'Sigmoid':
      case 'Tanh':
      case 'Elu':
      case 'LeakyRelu':
        this.unary(n, inputs);
        return;
      case 'Prelu':
        this.set(n, this.activation(n, 'Prelu', this.value(inputs[0] as string), inputs[1]));
        return;
      case 'Softmax':
        this.softmax(n, inputs);
        return;
      case 'MaxPool':
      case 'AvgPool':
        this.pool(n, inputs);
        return;
      case 'Pad':
      case 'PadV2':
      case 'MirrorPad':
        this.pad(n, inputs);
        return;
      case 'Reshape':
        this.reshape(n, inputs);
        return;
      case 'Squeeze':
        this.squeeze(n, inputs);
        return;
      case 'ConcatV2':
        this.concat(n, inputs);
        return;
      case 'Mean':
      case 'Max':
      case 'Min':
      case 'Sum':
      case 'Prod':
        this.reduce(n, inputs);
        return;
      case 'Abs':
      case 'Neg':
      case 'Exp':
      case 'Log':
      case 'Sqrt':
      case 'Floor':
      case 'Square':
      case 'Rsqrt':
        this.elementwise(n, inputs);
        return;
      case 'AddN':
        this.addN(n, inputs);
        return;
      case 'ExpandDims':
        this.expandDims(n, inputs);
        return;
      case 'Cast':
        this.cast(n, inputs);
        return;
      case 'MatMul':
      case '_FusedMatMul':
        this.matmul(n, inputs);
        return;
      case 'ResizeBilinear':
        this.resize(n, inputs);
        return;
      case 'DepthToSpace':
        this.depthToSpace(n, inputs);
        return;
      case 'Transpose':
        this.transpose(n, inputs);
        return;
      case 'Shape':
        this.shapeOf(n, inputs);
        return;
      case 'Slice':
        this.slice(n, inputs);
        return;
      case 'Split':
      case 'SplitV':
      case 'Unpack':
        this.split(n, inputs);
        return;
      case 'Conv2DBackpropInput':
        this.convTranspose(n, inputs);
        return;
      case 'StridedSlice':
        this.stridedSlice(n, inputs);
        return;
      case 'Pack':
        this.pack(n, inputs);
        return;
      default:
        this.fail(n, 'this TF op is not supported by the converter');
    }
  }

  private placeholder(n: TfNode): void {
    const dtype = tfDtype(n.attr?.dtype?.type, n.name);
    const declared = attrShape(n, 'shape');
    if (!declared) this.fail(n, 'the input has no declared shape');
    this.declaredBatch = declared[0] ?? -1;
    const requested = this.options.batch ?? (this.declaredBatch >= 0 ? this.declaredBatch : 'dynamic');
    const rest = this.options.inputShape ? [...this.options.inputShape] : declared.slice(1);
    if (rest.length !== declared.length - 1) this.fail(n, `inputShape needs ${declared.length - 1} dimensions`);
    if (rest.some((d) => d < 0)) this.fail(n, 'the input has dynamic spatial dimensions; pass options.inputShape');
    const shape = [requested === 'dynamic' ? -1 : requested, ...rest];
    this.inputs.push({ name: n.name, dtype, shape: this.dims(shape, n.name) });
    this.set(n, { shape, dtype, nhwc: n.name });
  }

  private constant(n: TfNode): void {
    const w = this.loaded.weights.get(n.name);
    if (!w) this.fail(n, 'constant has no entry in weightsManifest');
    this.set(n, { shape: w.shape, dtype: w.dtype, konst: w.data });
  }

  private conv(n: TfNode, inputs: string[], depthwise: boolean): void {
    if ((attrString(n, 'data_format') ?? 'NHWC') !== 'NHWC') this.fail(n, 'only NHWC data_format is supported');
    const x = this.value(inputs[0] as string);
    const wVal = this.value(inputs[1] as string);
    if (!wVal.konst) this.fail(n, 'the filter must be a constant');
    const [kh, kw, cin, cout] = wVal.shape as [number, number, number, number];
    const strides = attrInts(n, 'strides') ?? [1, 1, 1, 1];
    const dilations = attrInts(n, 'dilations') ?? [1, 1, 1, 1];
    const [padH, padW] = this.windowPads(n, x.shape, [kh, kw], strides, dilations);
    const attrs: Record<string, AttrValue> = {
      kernel_shape: [kh, kw],
      strides: [strides[1] as number, strides[2] as number],
      dilations: [dilations[1] as number, dilations[2] as number],
      pads: [padH[0], padW[0], padH[1], padW[1]],
    };
    const xc = x.shape[3] as number;
    let weight: { data: TypedData; shape: number[] };
    let outC: number;
    if (depthwise) {
      // TF [kh, kw, in, multiplier] → ONNX grouped conv [in*multiplier, 1, kh, kw]; channel c*m+j matches TF.
      const p = permute(wVal.konst, wVal.shape, [2, 3, 0, 1]);
      outC = cin * cout;
      weight = { data: p.data, shape: [outC, 1, kh, kw] };
      attrs.group = cin;
    } else {
      weight = permute(wVal.konst, wVal.shape, [3, 2, 0, 1]);
      outC = cout;
      if (xc !== cin) {
        if (xc % cin !== 0) this.fail(n, `input has ${xc} channels, filter expects ${cin}`);
        attrs.group = xc / cin;
      }
    }
    const fused = attrStrings(n, 'fused_ops');
    const convInputs = [
      this.nchw(x, inputs[0] as string),
      this.g.initializer(`${n.name}/weights`, 'float32', weight.shape, weight.data),
    ];
    let rest = fused;
    if (fused[0] === 'BiasAdd') {
      const b = this.constOf(n, inputs[2], 'bias');
      if (b.length !== outC) this.fail(n, `bias has ${b.length} values for ${outC} channels`);
      convInputs.push(this.g.initializer(`${n.name}/bias`, 'float32', [outC], b));
      rest = fused.slice(1);
    }
    const outShape = [
      x.shape[0] as number,
      windowOutput(x.shape[1] as number, kh, strides[1] as number, dilations[1] as number, padH),
      windowOutput(x.shape[2] as number, kw, strides[2] as number, dilations[2] as number, padW),
      outC,
    ];
    const last = rest.length === 0;
    const convOut = this.g.add('Conv', convInputs, last ? n.name : `${n.name}/conv`, attrs);
    let v: Value = { shape: outShape, dtype: 'float32', nchw: convOut };
    if (rest.length > 1) this.fail(n, `fused ops ${fused.join('+')} are not supported`);
    if (rest.length === 1) v = this.activation(n, rest[0] as string, v, inputs[fused[0] === 'BiasAdd' ? 3 : 2]);
    this.set(n, v);
  }

  private windowPads(
    n: TfNode,
    shape: readonly number[],
    kernel: readonly [number, number],
    strides: readonly number[],
    dilations: readonly number[],
  ): [[number, number], [number, number]] {
    const padding = attrString(n, 'padding');
    if (padding === 'VALID')
      return [
        [0, 0],
        [0, 0],
      ];
    if (padding === 'SAME') {
      if ((shape[1] as number) < 0 || (shape[2] as number) < 0) this.fail(n, 'SAME padding needs a static input size');
      return [
        samePadding(shape[1] as number, kernel[0], strides[1] as number, dilations[1] as number),
        samePadding(shape[2] as number, kernel[1], strides[2] as number, dilations[2] as number),
      ];
    }
    if (padding === 'EXPLICIT') {
      const e = attrInts(n, 'explicit_paddings') ?? [];
      if (e.length !== 8) this.fail(n, 'EXPLICIT padding needs 8 explicit_paddings');
      return [
        [e[2] as number, e[3] as number],
        [e[4] as number, e[5] as number],
      ];
    }
    this.fail(n, `padding ${padding} is not supported`);
  }

  /** Applies a TF activation (standalone or fused) to `v`, preserving its layout. */
  private activation(n: TfNode, op: string, v: Value, alphaRef?: string): Value {
    const nchw = this.isNchw(v);
    const x = nchw ? (v.nchw as string) : this.nhwc(v, n.name);
    let out: string;
    switch (op) {
      case 'Relu':
        out = this.g.add('Relu', [x], n.name);
        break;
      case 'Relu6':
        out = this.g.add(
          'Clip',
          [x, this.g.sharedConst('float32', [], [0]), this.g.sharedConst('float32', [], [6])],
          n.name,
        );
        break;
      case 'Sigmoid':
        out = this.g.add('Sigmoid', [x], n.name);
        break;
      case 'Tanh':
        out = this.g.add('Tanh', [x], n.name);
        break;
      case 'Elu':
        out = this.g.add('Elu', [x], n.name, { alpha: float(1) });
        break;
      case 'LeakyRelu':
        out = this.g.add('LeakyRelu', [x], n.name, {
          alpha: float(attrFloat(n, 'leakyrelu_alpha', attrFloat(n, 'alpha', 0.2))),
        });
        break;
      case 'Prelu': {
        if (alphaRef === undefined) this.fail(n, 'Prelu needs an alpha input');
        const alpha = this.value(alphaRef);
        if (!alpha.konst) this.fail(n, 'Prelu alpha must be a constant');
        const slope = nchw ? this.constForNchw(alpha, `${n.name}/alpha`) : this.nhwc(alpha, `${n.name}/alpha`);
        out = this.g.add('PRelu', [x, slope], n.name);
        break;
      }
      default:
        this.fail(n, `activation ${op} is not supported`);
    }
    const result: Value = nchw
      ? { shape: v.shape, dtype: v.dtype, nchw: out }
      : { shape: v.shape, dtype: v.dtype, nhwc: out };
    if (op === 'Relu' || op === 'Relu6') {
      result.clip = { src: x, layout: nchw ? 'nchw' : 'nhwc', lo: 0, hi: op === 'Relu' ? Number.POSITIVE_INFINITY : 6 };
    }
    return result;
  }

  private unary(n: TfNode, inputs: string[]): void {
    this.set(n, this.activation(n, n.op, this.value(inputs[0] as string)));
  }

  private binary(n: TfNode, inputs: string[], op: string): void {
    const a = this.value(inputs[0] as string);
    const b = this.value(inputs[1] as string);
    const shape = broadcastShapes(a.shape, b.shape, n.name);
    const dtype = a.dtype;
    if ((op === 'Min' || op === 'Max') && this.foldClip(n, op, a, b)) return;
    // NCHW when a 4-D operand already is, and the other is 4-D too or a constant we can permute.
    const fits = (v: Value) => v.shape.length === 4 || (v.konst !== undefined && v.shape.length <= 4);
    if (shape.length === 4 && (this.isNchw(a) || this.isNchw(b)) && fits(a) && fits(b)) {
      const operand = (v: Value, ref: string) =>
        v.shape.length === 4 && !v.konst ? this.nchw(v, ref) : v.konst ? this.constForNchw(v, ref) : this.nchw(v, ref);
      const out = this.g.add(op, [operand(a, inputs[0] as string), operand(b, inputs[1] as string)], n.name);
      this.set(n, { shape, dtype, nchw: out });
      return;
    }
    const out = this.g.add(op, [this.nhwc(a, inputs[0] as string), this.nhwc(b, inputs[1] as string)], n.name);
    this.set(n, { shape, dtype, nhwc: out });
  }

  /**
   * min(clip(x, lo, hi), k) = clip(x, lo, min(hi, k)) for k ≥ lo, and max(clip(x, lo, hi), k) = clip(x, lo, hi) for
   * k ≤ lo: exact rewrites (comparisons only) of a clipped value against a scalar constant.
   */
  private foldClip(n: TfNode, op: 'Min' | 'Max', a: Value, b: Value): boolean {
    for (const [x, c] of [
      [a, b],
      [b, a],
    ] as const) {
      const k = c.konst && c.dtype === 'float32' && c.konst.length === 1 ? (c.konst[0] as number) : undefined;
      const clip = x.clip;
      if (k === undefined || !clip || c.shape.length > x.shape.length) continue;
      if (op === 'Max' && k <= clip.lo) {
        this.set(n, x);
        return true;
      }
      if (op === 'Min' && k >= clip.lo) {
        const hi = Math.min(clip.hi, k);
        const bounds = [this.g.sharedConst('float32', [], [clip.lo]), this.g.sharedConst('float32', [], [hi])];
        const out = this.g.add('Clip', [clip.src, ...bounds], n.name);
        this.set(n, { shape: x.shape, dtype: x.dtype, [clip.layout]: out, clip: { ...clip, hi } });
        return true;
      }
    }
    return false;
  }

  /** Element-wise unary math; the layout of the input is kept. */
  private elementwise(n: TfNode, inputs: string[]): void {
    const v = this.value(inputs[0] as string);
    const nchw = this.isNchw(v);
    const x = nchw ? (v.nchw as string) : this.nhwc(v, inputs[0] as string);
    let out: string;
    if (n.op === 'Square') out = this.g.add('Mul', [x, x], n.name);
    else if (n.op === 'Rsqrt') out = this.g.add('Reciprocal', [this.g.add('Sqrt', [x], `${n.name}/sqrt`)], n.name);
    else out = this.g.add(n.op, [x], n.name);
    this.set(n, nchw ? { shape: v.shape, dtype: v.dtype, nchw: out } : { shape: v.shape, dtype: v.dtype, nhwc: out });
  }

  private addN(n: TfNode, inputs: string[]): void {
    const parts = inputs.map((r) => this.value(r));
    const first = parts[0];
    if (!first) this.fail(n, 'no inputs');
    if (parts.length === 1) {
      this.set(n, first);
      return;
    }
    const nchw = first.shape.length === 4 && parts.some((p) => this.isNchw(p));
    const names = parts.map((p, i) => (nchw ? this.nchw(p, inputs[i] as string) : this.nhwc(p, inputs[i] as string)));
    const out = this.g.add('Sum', names, n.name);
    this.set(
      n,
      nchw
        ? { shape: first.shape, dtype: first.dtype, nchw: out }
        : { shape: first.shape, dtype: first.dtype, nhwc: out },
    );
  }

  private expandDims(n: TfNode, inputs: string[]): void {
    const x = this.value(inputs[0] as string);
    let axis = this.constOf(n, inputs[1], 'axis')[0] as number;
    if (axis < 0) axis += x.shape.length + 1;
    const shape = [...x.shape.slice(0, axis), 1, ...x.shape.slice(axis)];
    const out = this.g.add(
      'Unsqueeze',
      [this.nhwc(x, inputs[0] as string), this.g.sharedConst('int64', [1], [axis])],
      n.name,
    );
    this.set(n, { shape, dtype: x.dtype, nhwc: out });
  }

  private cast(n: TfNode, inputs: string[]): void {
    const x = this.value(inputs[0] as string);
    const to = tfDtype(n.attr?.DstT?.type, n.name);
    if (x.konst) {
      // TF truncates toward zero when casting float to int.
      const data = to === 'float32' ? Float32Array.from(x.konst) : Int32Array.from(x.konst, (v) => Math.trunc(v));
      this.set(n, { shape: x.shape, dtype: to, konst: data });
      return;
    }
    if (x.sym) {
      this.set(n, { ...x, dtype: to });
      return;
    }
    const nchw = this.isNchw(x);
    const src = nchw ? (x.nchw as string) : this.nhwc(x, inputs[0] as string);
    const out = this.g.add('Cast', [src], n.name, { to: onnxDataType(to) });
    this.set(n, nchw ? { shape: x.shape, dtype: to, nchw: out } : { shape: x.shape, dtype: to, nhwc: out });
  }

  private softmax(n: TfNode, inputs: string[]): void {
    const x = this.value(inputs[0] as string);
    const out = this.g.add('Softmax', [this.nhwc(x, inputs[0] as string)], n.name, { axis: -1 });
    this.set(n, { shape: x.shape, dtype: x.dtype, nhwc: out });
  }

  private pool(n: TfNode, inputs: string[]): void {
    if ((attrString(n, 'data_format') ?? 'NHWC') !== 'NHWC') this.fail(n, 'only NHWC data_format is supported');
    const x = this.value(inputs[0] as string);
    const ksize = attrInts(n, 'ksize') ?? [];
    const strides = attrInts(n, 'strides') ?? [1, 1, 1, 1];
    if (ksize[0] !== 1 || ksize[3] !== 1 || strides[0] !== 1 || strides[3] !== 1) {
      this.fail(n, 'pooling over batch or channels is not supported');
    }
    const kernel: [number, number] = [ksize[1] as number, ksize[2] as number];
    const [padH, padW] = this.windowPads(n, x.shape, kernel, strides, [1, 1, 1, 1]);
    const attrs: Record<string, AttrValue> = {
      kernel_shape: kernel,
      strides: [strides[1] as number, strides[2] as number],
      pads: [padH[0], padW[0], padH[1], padW[1]],
    };
    // TF's AvgPool averages over the valid (unpadded) cells only: ONNX count_include_pad=0, its default.
    const out = this.g.add(
      n.op === 'MaxPool' ? 'MaxPool' : 'AveragePool',
      [this.nchw(x, inputs[0] as string)],
      n.name,
      attrs,
    );
    const shape = [
      x.shape[0] as number,
      windowOutput(x.shape[1] as number, kernel[0], strides[1] as number, 1, padH),
      windowOutput(x.shape[2] as number, kernel[1], strides[2] as number, 1, padW),
      x.shape[3] as number,
    ];
    this.set(n, { shape, dtype: x.dtype, nchw: out });
  }

  private pad(n: TfNode, inputs: string[]): void {
    const x = this.value(inputs[0] as string);
    const paddings = Array.from(this.constOf(n, inputs[1], 'paddings'));
    const rank = x.shape.length;
    if (paddings.length !== rank * 2) this.fail(n, `paddings has ${paddings.length} values for rank ${rank}`);
    const nchw = this.isNchw(x);
    const axes = nchw ? [...TO_NCHW] : [...Array(rank).keys()];
    const begins = axes.map((a) => paddings[a * 2] as number);
    const ends = axes.map((a) => paddings[a * 2 + 1] as number);
    const padsName = this.g.sharedConst('int64', [rank * 2], [...begins, ...ends]);
    const attrs: Record<string, AttrValue> = {};
    const padInputs = [nchw ? (x.nchw as string) : this.nhwc(x, inputs[0] as string), padsName];
    if (n.op === 'MirrorPad') {
      const mode = attrString(n, 'mode');
      if (mode !== 'REFLECT') this.fail(n, `MirrorPad mode ${mode} has no ONNX equivalent`);
      attrs.mode = 'reflect';
    } else if (n.op === 'PadV2') {
      const c = this.constOf(n, inputs[2], 'constant_values');
      padInputs.push(this.g.sharedConst('float32', [], [c[0] as number]));
    }
    const out = this.g.add('Pad', padInputs, n.name, attrs);
    const shape = x.shape.map((d, i) =>
      d < 0 ? d : d + (paddings[i * 2] as number) + (paddings[i * 2 + 1] as number),
    );
    this.set(n, nchw ? { shape, dtype: x.dtype, nchw: out } : { shape, dtype: x.dtype, nhwc: out });
  }

  /** A reshape target as ONNX int64 values: a symbolic batch becomes 0 ("copy input dim 0"). */
  private reshapeTarget(n: TfNode, ref: string | undefined, input: Value): { onnx: number[]; shape: number[] } {
    if (ref === undefined) this.fail(n, 'missing shape input');
    const v = this.value(ref);
    let target: (number | typeof BATCH)[];
    if (v.konst) target = Array.from(v.konst);
    else if (v.sym) target = v.sym;
    else this.fail(n, 'the target shape must be computable at conversion time');
    const inBatch = input.shape[0] as number;
    const batchDynamic = inBatch === -1;
    // A model declared with a fixed batch (e.g. blazeface [1,256,256,3]) hard-codes it in its reshapes; when it is
    // converted for another batch, dimension 0 follows the input's batch instead (copied with 0 when dynamic).
    const rebatch = this.declaredBatch >= 0 && inBatch !== this.declaredBatch;
    const onnx = target.map((d, i) => {
      if (d === BATCH) {
        if (i !== 0 || !batchDynamic) this.fail(n, 'the batch size may only stay in dimension 0');
        return 0;
      }
      if (i === 0 && rebatch && d === this.declaredBatch) return batchDynamic ? 0 : inBatch;
      return d;
    });
    // Logical output shape, with -1 for the batch.
    const shape = onnx.map((d) => (d === 0 ? -1 : d));
    const free = onnx.indexOf(-1);
    if (free >= 0) {
      const others = shape.reduce((acc, d, i) => (i === free || d === -1 ? acc : acc * d), 1);
      const total = numel(input.shape.slice(batchDynamic ? 1 : 0));
      // With a dynamic batch the -1 can only be resolved when it is not where the batch goes.
      shape[free] = batchDynamic && (free === 0 || !onnx.includes(0)) ? -1 : total / others;
    }
    return { onnx, shape };
  }

  private reshape(n: TfNode, inputs: string[]): void {
    const x = this.value(inputs[0] as string);
    const { onnx, shape } = this.reshapeTarget(n, inputs[1], x);
    const out = this.g.add(
      'Reshape',
      [this.nhwc(x, inputs[0] as string), this.g.sharedConst('int64', [onnx.length], onnx)],
      n.name,
    );
    this.set(n, { shape, dtype: x.dtype, nhwc: out });
  }

  private squeeze(n: TfNode, inputs: string[]): void {
    const x = this.value(inputs[0] as string);
    const rank = x.shape.length;
    let axes = (attrInts(n, 'squeeze_dims') ?? attrInts(n, 'axis') ?? []).map((a) => (a < 0 ? a + rank : a));
    if (axes.length === 0) axes = x.shape.flatMap((d, i) => (d === 1 ? [i] : []));
    const out = this.g.add(
      'Squeeze',
      [this.nhwc(x, inputs[0] as string), this.g.sharedConst('int64', [axes.length], axes)],
      n.name,
    );
    this.set(n, { shape: x.shape.filter((_, i) => !axes.includes(i)), dtype: x.dtype, nhwc: out });
  }

  private concat(n: TfNode, inputs: string[]): void {
    const parts = inputs.slice(0, -1).map((r) => this.value(r));
    const first = parts[0];
    if (!first) this.fail(n, 'no inputs');
    const rank = first.shape.length;
    let axis = this.constOf(n, inputs[inputs.length - 1], 'axis')[0] as number;
    if (axis < 0) axis += rank;
    const shape = [...first.shape];
    shape[axis] = parts.reduce(
      (s, p) => (s < 0 || (p.shape[axis] as number) < 0 ? -1 : s + (p.shape[axis] as number)),
      0,
    );
    if (rank === 4 && parts.some((p) => this.isNchw(p))) {
      const out = this.g.add(
        'Concat',
        parts.map((p, i) => this.nchw(p, inputs[i] as string)),
        n.name,
        { axis: TO_NCHW.indexOf(axis as 0) },
      );
      this.set(n, { shape, dtype: first.dtype, nchw: out });
      return;
    }
    const out = this.g.add(
      'Concat',
      parts.map((p, i) => this.nhwc(p, inputs[i] as string)),
      n.name,
      { axis },
    );
    this.set(n, { shape, dtype: first.dtype, nhwc: out });
  }

  private reduce(n: TfNode, inputs: string[]): void {
    const x = this.value(inputs[0] as string);
    const rank = x.shape.length;
    const axes = Array.from(this.constOf(n, inputs[1], 'axes')).map((a) => (a < 0 ? a + rank : a));
    const keep = attrBool(n, 'keep_dims', false);
    // ONNX reduces everything when axes is empty; TF reduces nothing.
    if (axes.length === 0) {
      this.set(n, x);
      return;
    }
    const op = `Reduce${n.op}`;
    // ReduceSum takes its axes as an input since opset 13, the others as an attribute until opset 18.
    const emit = (input: string, onnxAxes: number[]) =>
      op === 'ReduceSum'
        ? this.g.add(op, [input, this.g.sharedConst('int64', [onnxAxes.length], onnxAxes)], n.name, {
            keepdims: keep ? 1 : 0,
          })
        : this.g.add(op, [input], n.name, { axes: onnxAxes, keepdims: keep ? 1 : 0 });
    const shape = keep
      ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d))
      : x.shape.filter((_, i) => !axes.includes(i));
    const kept = [...Array(rank).keys()].filter((i) => !axes.includes(i));
    // In NCHW the surviving axes must come out in the same order as in NHWC (true for the usual spatial mean).
    const nchwKept = TO_NCHW.filter((a) => kept.includes(a));
    if (this.isNchw(x) && (keep || nchwKept.every((a, i) => a === kept[i]))) {
      const onnxAxes = axes.map((a) => TO_NCHW.indexOf(a as 0)).sort((p, q) => p - q);
      const out = emit(x.nchw as string, onnxAxes);
      this.set(n, keep ? { shape, dtype: x.dtype, nchw: out } : { shape, dtype: x.dtype, nhwc: out });
      return;
    }
    const out = emit(this.nhwc(x, inputs[0] as string), axes);
    this.set(n, { shape, dtype: x.dtype, nhwc: out });
  }

  private matmul(n: TfNode, inputs: string[]): void {
    const a = this.value(inputs[0] as string);
    const b = this.value(inputs[1] as string);
    if (a.shape.length !== 2 || b.shape.length !== 2) this.fail(n, 'only 2-D MatMul is supported');
    const ta = attrBool(n, 'transpose_a', false);
    const tb = attrBool(n, 'transpose_b', false);
    const fused = attrStrings(n, 'fused_ops');
    const m = a.shape[ta ? 1 : 0] as number;
    const outN = b.shape[tb ? 0 : 1] as number;
    const ins = [this.nhwc(a, inputs[0] as string), this.nhwc(b, inputs[1] as string)];
    let rest = fused;
    if (fused[0] === 'BiasAdd') {
      ins.push(this.nhwc(this.value(inputs[2] as string), inputs[2] as string));
      rest = fused.slice(1);
    }
    if (rest.length > 1) this.fail(n, `fused ops ${fused.join('+')} are not supported`);
    const last = rest.length === 0;
    const out = this.g.add('Gemm', ins, last ? n.name : `${n.name}/gemm`, { transA: ta ? 1 : 0, transB: tb ? 1 : 0 });
    let v: Value = { shape: [m, outN], dtype: 'float32', nhwc: out };
    if (rest.length === 1) v = this.activation(n, rest[0] as string, v, inputs[fused[0] === 'BiasAdd' ? 3 : 2]);
    this.set(n, v);
  }

  private resize(n: TfNode, inputs: string[]): void {
    const x = this.value(inputs[0] as string);
    const size = Array.from(this.constOf(n, inputs[1], 'size'));
    const [h, w] = [size[0] as number, size[1] as number];
    const [inH, inW] = [x.shape[1] as number, x.shape[2] as number];
    if (inH < 0 || inW < 0) this.fail(n, 'needs a static input size');
    const alignCorners = attrBool(n, 'align_corners', false);
    const halfPixel = attrBool(n, 'half_pixel_centers', false);
    const mode = alignCorners ? 'align_corners' : halfPixel ? 'half_pixel' : 'asymmetric';
    // Scales (not sizes) keep the batch dynamic; tfjs maps output to input coordinates with in/out, ONNX with 1/scale.
    const scales = this.g.sharedConst('float32', [4], [1, 1, h / inH, w / inW]);
    const out = this.g.add('Resize', [this.nchw(x, inputs[0] as string), '', scales], n.name, {
      mode: 'linear',
      coordinate_transformation_mode: mode,
    });
    this.set(n, { shape: [x.shape[0] as number, h, w, x.shape[3] as number], dtype: x.dtype, nchw: out });
  }

  private depthToSpace(n: TfNode, inputs: string[]): void {
    if ((attrString(n, 'data_format') ?? 'NHWC') !== 'NHWC') this.fail(n, 'only NHWC data_format is supported');
    const x = this.value(inputs[0] as string);
    const bs = attrInt(n, 'block_size', 0);
    // TF's channel order (i*bs + j)*C' + c is ONNX's DCR mode.
    const out = this.g.add('DepthToSpace', [this.nchw(x, inputs[0] as string)], n.name, { blocksize: bs, mode: 'DCR' });
    const [b, h, w, c] = x.shape as [number, number, number, number];
    this.set(n, { shape: [b, h * bs, w * bs, c / (bs * bs)], dtype: x.dtype, nchw: out });
  }

  private transpose(n: TfNode, inputs: string[]): void {
    const x = this.value(inputs[0] as string);
    const perm = Array.from(this.constOf(n, inputs[1], 'perm'));
    const out = this.g.add('Transpose', [this.nhwc(x, inputs[0] as string)], n.name, { perm });
    this.set(n, { shape: perm.map((p) => x.shape[p] as number), dtype: x.dtype, nhwc: out });
  }

  private shapeOf(n: TfNode, inputs: string[]): void {
    const x = this.value(inputs[0] as string);
    if (x.shape.slice(1).some((d) => d < 0)) this.fail(n, 'only the batch dimension may be dynamic');
    const sym = x.shape.map((d) => (d < 0 ? BATCH : d));
    this.set(n, { shape: [sym.length], dtype: 'int32', sym });
  }

  private stridedSlice(n: TfNode, inputs: string[]): void {
    const x = this.value(inputs[0] as string);
    if ((x.sym || x.konst) && x.shape.length === 1) this.foldStridedSlice(n, inputs, x);
    else this.sliceTensor(n, inputs, x);
  }

  /** Split (axis, x; num_split), SplitV (x, sizes, axis) and Unpack (x; axis, num): one ONNX Split, several outputs. */
  private split(n: TfNode, inputs: string[]): void {
    const xRef = (n.op === 'Split' ? inputs[1] : inputs[0]) as string;
    const x = this.value(xRef);
    const rank = x.shape.length;
    let axis =
      n.op === 'Unpack'
        ? attrInt(n, 'axis', 0)
        : (this.constOf(n, n.op === 'Split' ? inputs[0] : inputs[2], 'axis')[0] as number);
    if (axis < 0) axis += rank;
    const dim = x.shape[axis] as number;
    if (dim < 0) this.fail(n, 'cannot split the dynamic batch dimension');
    let sizes: number[];
    if (n.op === 'SplitV') {
      sizes = Array.from(this.constOf(n, inputs[1], 'size_splits'));
      const unknown = sizes.indexOf(-1);
      if (unknown >= 0) sizes[unknown] = dim - sizes.reduce((a, b) => (b === -1 ? a : a + b), 0);
    } else {
      const count = n.op === 'Unpack' ? attrInt(n, 'num', dim) : attrInt(n, 'num_split', 1);
      sizes = new Array<number>(count).fill(dim / count);
    }
    const outs = sizes.map((_, i) => this.g.fresh(`${n.name}:${i}`));
    this.g.nodes.push(
      node('Split', [this.nhwc(x, xRef), this.g.sharedConst('int64', [sizes.length], sizes)], outs, { axis }),
    );
    outs.forEach((o, i) => {
      let name = o;
      let shape = x.shape.map((d, a) => (a === axis ? (sizes[i] as number) : d));
      if (n.op === 'Unpack') {
        name = this.g.add('Squeeze', [o, this.g.sharedConst('int64', [1], [axis])], `${n.name}:${i}/squeeze`);
        shape = shape.filter((_, a) => a !== axis);
      }
      this.values.set(`${n.name}:${i}`, { shape, dtype: x.dtype, nhwc: name });
    });
  }

  /**
   * Conv2DBackpropInput (Keras Conv2DTranspose) → ConvTranspose. TF crops the full transposed output by the forward
   * conv's padding (before) and to input_sizes (after); a negative end crop becomes output_padding.
   */
  private convTranspose(n: TfNode, inputs: string[]): void {
    if ((attrString(n, 'data_format') ?? 'NHWC') !== 'NHWC') this.fail(n, 'only NHWC data_format is supported');
    const sizes = Array.from(this.constOf(n, inputs[0], 'input_sizes'));
    const w = this.value(inputs[1] as string);
    const x = this.value(inputs[2] as string);
    if (!w.konst) this.fail(n, 'the filter must be a constant');
    const [kh, kw, outC] = w.shape as [number, number, number, number];
    const strides = attrInts(n, 'strides') ?? [1, 1, 1, 1];
    const dilations = attrInts(n, 'dilations') ?? [1, 1, 1, 1];
    const padding = attrString(n, 'padding');
    const pads: number[][] = [];
    const outPad: number[] = [];
    for (const [axis, k] of [
      [1, kh],
      [2, kw],
    ] as const) {
      const outSize = sizes[axis] as number;
      const inSize = x.shape[axis] as number;
      const s = strides[axis] as number;
      const d = dilations[axis] as number;
      const before = padding === 'SAME' ? samePadding(outSize, k, s, d)[0] : padding === 'VALID' ? 0 : -1;
      if (before < 0) this.fail(n, `padding ${padding} is not supported`);
      const endCrop = s * (inSize - 1) + (k - 1) * d + 1 - before - outSize;
      pads.push([before, Math.max(endCrop, 0)]);
      outPad.push(Math.max(-endCrop, 0));
    }
    const weight = permute(w.konst, w.shape, [3, 2, 0, 1]);
    const out = this.g.add(
      'ConvTranspose',
      [
        this.nchw(x, inputs[2] as string),
        this.g.initializer(`${n.name}/weights`, 'float32', weight.shape, weight.data),
      ],
      n.name,
      {
        kernel_shape: [kh, kw],
        strides: [strides[1] as number, strides[2] as number],
        dilations: [dilations[1] as number, dilations[2] as number],
        pads: [pads[0]?.[0] as number, pads[1]?.[0] as number, pads[0]?.[1] as number, pads[1]?.[1] as number],
        output_padding: outPad,
      },
    );
    const shape = [x.shape[0] as number, sizes[1] as number, sizes[2] as number, outC];
    this.set(n, { shape, dtype: 'float32', nchw: out });
  }

  /** TF Slice(begin, size), size -1 = to the end: ONNX Slice in the logical layout. */
  private slice(n: TfNode, inputs: string[]): void {
    const x = this.value(inputs[0] as string);
    const begin = Array.from(this.constOf(n, inputs[1], 'begin'));
    const size = Array.from(this.constOf(n, inputs[2], 'size'));
    const axes: number[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    const shape = [...x.shape];
    for (let a = 0; a < x.shape.length; a++) {
      const b = begin[a] as number;
      const len = size[a] as number;
      const dim = x.shape[a] as number;
      if (b === 0 && len === -1) continue;
      axes.push(a);
      starts.push(b);
      ends.push(len === -1 ? Number.MAX_SAFE_INTEGER : b + len);
      shape[a] = len === -1 ? (dim < 0 ? -1 : dim - b) : len;
    }
    if (axes.length === 0) {
      this.set(n, x);
      return;
    }
    const c = (v: number[]) => this.g.sharedConst('int64', [v.length], v);
    const out = this.g.add('Slice', [this.nhwc(x, inputs[0] as string), c(starts), c(ends), c(axes)], n.name);
    this.set(n, { shape, dtype: x.dtype, nhwc: out });
  }

  /** StridedSlice on a tensor: ONNX Slice (+ Squeeze for shrunk axes), in the logical layout. */
  private sliceTensor(n: TfNode, inputs: string[], x: Value): void {
    if (attrInt(n, 'new_axis_mask', 0) !== 0) this.fail(n, 'new_axis_mask is not supported');
    const begin = Array.from(this.constOf(n, inputs[1], 'begin'));
    const end = Array.from(this.constOf(n, inputs[2], 'end'));
    const strides = Array.from(this.constOf(n, inputs[3], 'strides'));
    const [beginMask, endMask, shrinkMask, ellipsisMask] = [
      'begin_mask',
      'end_mask',
      'shrink_axis_mask',
      'ellipsis_mask',
    ].map((m) => attrInt(n, m, 0)) as [number, number, number, number];
    const rank = x.shape.length;
    const BIG = Number.MAX_SAFE_INTEGER;
    const starts: number[] = [];
    const ends: number[] = [];
    const axes: number[] = [];
    const steps: number[] = [];
    const squeeze: number[] = [];
    const shape = [...x.shape];
    let axis = 0;
    for (let j = 0; j < begin.length; j++) {
      const bit = 1 << j;
      if (ellipsisMask & bit) {
        axis += rank - (begin.length - 1);
        continue;
      }
      const dim = x.shape[axis] as number;
      const step = strides[j] as number;
      if (step === 0) this.fail(n, 'stride 0');
      let b = begin[j] as number;
      let e = end[j] as number;
      if (shrinkMask & bit) {
        e = b === -1 ? BIG : b + 1;
        squeeze.push(axis);
        starts.push(b);
        ends.push(e);
        axes.push(axis);
        steps.push(1);
        shape[axis] = 1;
        axis++;
        continue;
      }
      if (beginMask & bit) b = step > 0 ? 0 : BIG;
      if (endMask & bit) e = step > 0 ? BIG : -BIG;
      const full = step === 1 && b === 0 && e === BIG;
      if (!full) {
        starts.push(b);
        ends.push(e);
        axes.push(axis);
        steps.push(step);
        shape[axis] = dim < 0 ? -1 : sliceLength(dim, b, e, step);
      }
      axis++;
    }
    let out = this.nhwc(x, inputs[0] as string);
    if (axes.length > 0) {
      const c = (v: number[]) => this.g.sharedConst('int64', [v.length], v);
      out = this.g.add(
        'Slice',
        [out, c(starts), c(ends), c(axes), c(steps)],
        squeeze.length ? `${n.name}/slice` : n.name,
      );
    }
    if (squeeze.length > 0) {
      out = this.g.add('Squeeze', [out, this.g.sharedConst('int64', [squeeze.length], squeeze)], n.name);
    }
    this.set(n, { shape: shape.filter((_, i) => !squeeze.includes(i)), dtype: x.dtype, nhwc: out });
  }

  /** StridedSlice folded at conversion time on a 1-D shape vector (the Keras Reshape(-1) idiom). */
  private foldStridedSlice(n: TfNode, inputs: string[], x: Value): void {
    const data = (x.sym ?? Array.from(x.konst as TypedData)) as (number | typeof BATCH)[];
    for (const m of ['ellipsis_mask', 'new_axis_mask'])
      if (attrInt(n, m, 0) !== 0) this.fail(n, `${m} is not supported`);
    const begin = this.constOf(n, inputs[1], 'begin')[0] as number;
    const end = this.constOf(n, inputs[2], 'end')[0] as number;
    const stride = this.constOf(n, inputs[3], 'strides')[0] as number;
    if (stride !== 1) this.fail(n, 'only stride 1 is supported');
    const len = data.length;
    const norm = (i: number) => Math.min(Math.max(i < 0 ? i + len : i, 0), len);
    const b = attrInt(n, 'begin_mask', 0) & 1 ? 0 : norm(begin);
    if (attrInt(n, 'shrink_axis_mask', 0) & 1) {
      this.set(n, { shape: [], dtype: x.dtype, sym: [data[b] as number | typeof BATCH] });
      return;
    }
    const e = attrInt(n, 'end_mask', 0) & 1 ? len : norm(end);
    const sym = data.slice(b, e);
    this.set(n, { shape: [sym.length], dtype: x.dtype, sym });
  }

  private pack(n: TfNode, inputs: string[]): void {
    if (attrInt(n, 'axis', 0) !== 0) this.fail(n, 'only axis 0 is supported');
    const sym = inputs.map((r) => {
      const v = this.value(r);
      if (v.shape.length !== 0) this.fail(n, 'only packing scalars is supported');
      if (v.sym) return v.sym[0] as number | typeof BATCH;
      if (v.konst) return v.konst[0] as number;
      return this.fail(n, 'only packing values known at conversion time is supported');
    });
    this.set(n, { shape: [sym.length], dtype: 'int32', sym });
  }
}
