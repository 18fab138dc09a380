// A synthetic tfjs graph with random weights that strings together the layout-sensitive ops the human-models do not
// all use (AvgPool SAME, MirrorPad, Concat/Mean/Transpose on NCHW activations, fused Prelu/Relu6, align-corners
// resize, DepthToSpace, Squeeze, LeakyRelu, Softmax, Slice, StridedSlice with masks, SplitV, Unpack,
// Conv2DBackpropInput) and checks onnxruntime against tfjs on it, with a batch of 2.
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { agreement } from '../src/tfjs-graph/compare.ts';
import { convertLoadedModel } from '../src/tfjs-graph/convert.ts';
import type { LoadedModel, TfNode, WeightSpec, WeightTensor } from '../src/tfjs-graph/model-json.ts';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

/** Builds model.json-like JSON plus the weight bytes tfjs would load. */
class GraphBuilder {
  readonly nodes: TfNode[] = [];
  readonly specs: WeightSpec[] = [];
  readonly weights = new Map<string, WeightTensor>();
  private readonly chunks: Uint8Array[] = [];
  private readonly random = rng(7);

  const(name: string, shape: number[], values?: number[], dtype: 'float32' | 'int32' = 'float32'): string {
    const size = shape.reduce((a, b) => a * b, 1);
    const data =
      dtype === 'float32'
        ? Float32Array.from(values ?? Array.from({ length: size }, () => this.random()))
        : Int32Array.from(values ?? []);
    this.nodes.push({
      name,
      op: 'Const',
      attr: {
        dtype: { type: dtype === 'float32' ? 'DT_FLOAT' : 'DT_INT32' },
        value: { tensor: { dtype: dtype === 'float32' ? 'DT_FLOAT' : 'DT_INT32' } },
      },
    });
    this.specs.push({ name, shape, dtype });
    this.weights.set(name, { dtype, shape, data });
    this.chunks.push(new Uint8Array(data.buffer.slice(0)));
    return name;
  }

  op(name: string, op: string, input: string[], attr: TfNode['attr'] = {}): string {
    this.nodes.push({ name, op, input, attr });
    return name;
  }

  loaded(outputs: string[]): LoadedModel {
    const total = this.chunks.reduce((n, c) => n + c.byteLength, 0);
    const weightData = new Uint8Array(total);
    let at = 0;
    for (const c of this.chunks) {
      weightData.set(c, at);
      at += c.byteLength;
    }
    return {
      json: {
        format: 'graph-model',
        modelTopology: { node: this.nodes, versions: { producer: 1 } },
        weightsManifest: [{ paths: ['synthetic.bin'], weights: this.specs }],
        signature: {
          inputs: { x: { name: 'x:0' } },
          outputs: Object.fromEntries(outputs.map((o) => [o, { name: o.includes(':') ? o : `${o}:0` }])),
        },
      },
      weights: this.weights,
      weightData,
    };
  }
}

const ints = (...v: number[]) => ({ list: { i: v.map(String) } });
const str = (s: string) => ({ s: b64(s) });

/** The synthetic graph's outputs, in signature order: what the conversion must expose and tfjs is asked for. */
const SYNTHETIC_OUTPUTS = [
  'probs',
  'pooled',
  'd2s',
  'sliced',
  'strided',
  'column',
  'splitsum',
  'unpacked:3',
  'deconv',
  'deconv_valid',
];

function syntheticModel(): LoadedModel {
  const g = new GraphBuilder();
  g.nodes.push({
    name: 'x',
    op: 'Placeholder',
    attr: {
      dtype: { type: 'DT_FLOAT' },
      shape: { shape: { dim: [{ size: '-1' }, { size: '8' }, { size: '8' }, { size: '4' }] } },
    },
  });
  const conv = { data_format: str('NHWC'), dilations: ints(1, 1, 1, 1), explicit_paddings: { list: {} } };
  const c1 = g.op('c1', '_FusedConv2D', ['x', g.const('w1', [3, 3, 4, 6]), g.const('b1', [6])], {
    ...conv,
    strides: ints(1, 2, 2, 1),
    padding: str('SAME'),
    fused_ops: { list: { s: [b64('BiasAdd'), b64('Relu6')] } },
    num_args: { i: '1' },
  });
  const d1 = g.op(
    'd1',
    'FusedDepthwiseConv2dNative',
    [c1, g.const('dw', [3, 3, 6, 2]), g.const('db', [12]), g.const('alpha', [12])],
    {
      ...conv,
      strides: ints(1, 1, 1, 1),
      padding: str('SAME'),
      fused_ops: { list: { s: [b64('BiasAdd'), b64('Prelu')] } },
      num_args: { i: '2' },
    },
  );
  const pool = { data_format: str('NHWC'), ksize: ints(1, 3, 3, 1), strides: ints(1, 1, 1, 1) };
  const p1 = g.op('p1', 'AvgPool', [d1], { ...pool, padding: str('SAME') });
  const m1 = g.op('m1', 'MirrorPad', [p1, g.const('mp', [4, 2], [0, 0, 1, 1, 1, 1, 0, 0], 'int32')], {
    mode: str('REFLECT'),
  });
  const mx = g.op('mx', 'MaxPool', [m1], {
    data_format: str('NHWC'),
    ksize: ints(1, 2, 2, 1),
    strides: ints(1, 2, 2, 1),
    padding: str('VALID'),
  });
  const cat = g.op('cat', 'ConcatV2', [mx, mx, g.const('axis', [], [-1], 'int32')]);
  const mean = g.op('mean', 'Mean', [cat, g.const('axes', [2], [1, 2], 'int32')], { keep_dims: { b: true } });
  const mul = g.op('mul', 'Mul', [cat, mean]);
  const sub = g.op('sub', 'Sub', [mul, g.const('shift', [24])]);
  const t = g.op('t', 'Transpose', [sub, g.const('perm', [4], [0, 3, 1, 2], 'int32')]);
  const r = g.op('r', 'Reshape', [t, g.const('shape', [2], [-1, 216], 'int32')]);
  const mm = g.op('mm', '_FusedMatMul', [r, g.const('W', [216, 10]), g.const('bW', [10])], {
    transpose_a: { b: false },
    transpose_b: { b: false },
    fused_ops: { list: { s: [b64('BiasAdd')] } },
    num_args: { i: '1' },
  });
  const leaky = g.op('leaky', 'LeakyRelu', [mm], { alpha: { f: 0.1 } });
  g.op('probs', 'Softmax', [leaky]);
  const rs = g.op('rs', 'ResizeBilinear', [c1, g.const('size', [2], [7, 5], 'int32')], {
    align_corners: { b: true },
    half_pixel_centers: { b: false },
  });
  const d2s = g.op(
    'd2s',
    'DepthToSpace',
    [
      g.op('c2', 'Conv2D', [rs, g.const('w2', [1, 1, 6, 8])], {
        ...conv,
        strides: ints(1, 1, 1, 1),
        padding: str('VALID'),
      }),
    ],
    { block_size: { i: '2' }, data_format: str('NHWC') },
  );
  const sm = g.op('spatial', 'Mean', [d2s, g.const('axes2', [2], [1, 2], 'int32')], { keep_dims: { b: false } });
  g.op('pooled', 'Squeeze', [g.op('pooled4', 'ExpandDims', [sm, g.const('ax', [], [1], 'int32')])], {
    squeeze_dims: ints(1),
  });
  g.op('sliced', 'Slice', [
    d2s,
    g.const('sb', [4], [0, 1, 2, 0], 'int32'),
    g.const('ss', [4], [-1, 10, -1, 1], 'int32'),
  ]);
  const masks = (begin: number, end: number, shrink: number) => ({
    begin_mask: { i: String(begin) },
    end_mask: { i: String(end) },
    shrink_axis_mask: { i: String(shrink) },
    ellipsis_mask: { i: '0' },
    new_axis_mask: { i: '0' },
  });
  const ss = (name: string, v: number[]) => g.const(name, [v.length], v, 'int32');
  g.op(
    'strided',
    'StridedSlice',
    [d2s, ss('ss_b0', [0, 1, 0, 0]), ss('ss_e0', [0, -1, 0, 1]), ss('ss_s0', [1, 2, 1, 1])],
    masks(5, 5, 0),
  );
  // Shrinking an inner axis of a 4-D tensor hits a tfjs 4.22 stridedSlice bug (it returns a contiguous run), so the
  // shrink is checked on a 2-D tensor, the way the human-models (age, gender-ssrnet) use it.
  g.op(
    'column',
    'StridedSlice',
    [leaky, ss('ss_b1', [0, 3]), ss('ss_e1', [0, 4]), ss('ss_s1', [1, 1])],
    masks(1, 1, 2),
  );
  g.op('split', 'SplitV', [d2s, g.const('sizes', [2], [1, -1], 'int32'), g.const('split_axis', [], [3], 'int32')], {
    num_split: { i: '2' },
  });
  g.op('splitsum', 'Sub', ['split:1', 'split']);
  g.op('unpacked', 'Unpack', [leaky], { axis: { i: '1' }, num: { i: '10' } });
  const up = { data_format: str('NHWC'), dilations: ints(1, 1, 1, 1), strides: ints(1, 2, 2, 1) };
  // Transposed convolutions: SAME with uneven crops (pads [1, 2]) and VALID with output_padding 1.
  g.op(
    'deconv',
    'Conv2DBackpropInput',
    [g.const('deconv_size', [4], [2, 7, 7, 3], 'int32'), g.const('wt', [4, 4, 3, 6]), c1],
    {
      ...up,
      padding: str('SAME'),
    },
  );
  g.op(
    'deconv_valid',
    'Conv2DBackpropInput',
    [g.const('deconv_size2', [4], [2, 10, 10, 2], 'int32'), g.const('wt2', [3, 3, 2, 6]), c1],
    {
      ...up,
      padding: str('VALID'),
    },
  );
  return g.loaded(SYNTHETIC_OUTPUTS);
}

describe('tfjs graph converter: synthetic graph of layout-sensitive ops', () => {
  it('matches tfjs on a batch of two', async () => {
    const loaded = syntheticModel();
    const converted = convertLoadedModel(loaded, {}, 'synthetic.json');
    const names = SYNTHETIC_OUTPUTS;
    expect(converted.outputs.map((o) => o.name)).toEqual(names);
    await tf.setBackend('cpu');
    const graph = await tf.loadGraphModel({
      load: async () => ({
        modelTopology: loaded.json.modelTopology,
        weightSpecs: loaded.json.weightsManifest.flatMap((w) => w.weights),
        weightData: loaded.weightData.slice().buffer,
        format: 'graph-model',
        signature: loaded.json.signature,
      }),
    } as unknown as tf.io.IOHandler);
    const random = rng(11);
    const shape = [2, 8, 8, 4];
    const input = Float32Array.from({ length: 2 * 8 * 8 * 4 }, () => random() * 4);
    const x = tf.tensor(input, shape);
    const expected = graph.execute(x, names) as tf.Tensor[];
    const session = await ort.InferenceSession.create(converted.bytes);
    const got = await session.run({ x: new ort.Tensor('float32', input, shape) });
    try {
      for (const [i, name] of names.entries()) {
        const e = expected[i] as tf.Tensor;
        expect(got[name]?.dims).toEqual(e.shape);
        const a = agreement(got[name]?.data as Float32Array, e.dataSync() as Float32Array);
        const context = `${name}: ${JSON.stringify(a)}`;
        expect({ context, ok: a.maxRelToRange <= 1e-5 }).toEqual({ context, ok: true });
      }
    } finally {
      tf.dispose([x, ...expected]);
      graph.dispose();
      await session.release();
    }
  });
});
