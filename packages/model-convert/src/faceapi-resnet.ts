// face-api's FaceRecognitionNet (a dlib-style ResNet-34 variant, 128-d descriptor) rebuilt as an ONNX graph from the
// weights-only tfjs manifest that @vladmandic/face-api ships. The graph follows face-api's src/faceRecognitionNet
// op for op (conv + bias, then the separate scale layer, residual blocks, the zero-padded shortcut of residualDown,
// global mean, fully connected), so the proof test can hold it to face-api's own output.
//
// Input  `input`:     float32 [batch, 150, 150, 3], NHWC, RGB, 0..255 (face-api's mean subtraction and /255 are in
//                     the graph, so a caller passes raw pixels of an aligned 150x150 crop).
// Output `embedding`: float32 [batch, 128], raw (not L2-normalised), exactly what face-api returns.
import {
  DataType,
  type Dim,
  floatTensor,
  int64Tensor,
  model,
  type NodeProto,
  node,
  serializeModel,
  type TensorProto,
  valueInfo,
} from './onnx.ts';
import { readWeightsManifest, type WeightTensor } from './tfjs-graph/model-json.ts';

export const FACEAPI_RESNET_INPUT_SIZE = 150;
/** face-api's meanRgb in FaceRecognitionNet.forwardInput. */
export const FACEAPI_RESNET_MEAN_RGB = [122.782, 117.001, 104.298] as const;
export const FACEAPI_RESNET_EMBEDDING_DIM = 128;

export interface FaceApiResnetOptions {
  /** Path of face_recognition_model-weights_manifest.json; shards are read next to it. */
  manifestPath: string;
  /** Written into the model's metadata, e.g. '@vladmandic/face-api@1.7.15'. */
  source: string;
  /** Name of the batch dimension; 'batch' by default. */
  batchDim?: string;
}

interface Shape {
  channels: number;
  size: number; // square feature maps all the way
}

class GraphBuilder {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  private readonly weights: Map<string, WeightTensor>;
  private readonly used = new Set<string>();

  constructor(weights: Map<string, WeightTensor>) {
    this.weights = weights;
  }

  weight(name: string, rank: number): WeightTensor {
    const w = this.weights.get(name);
    if (!w) throw new Error(`face-api weights: missing ${name}`);
    if (w.shape.length !== rank || w.dtype !== 'float32') {
      throw new Error(`face-api weights: ${name} is ${w.dtype} [${w.shape.join(',')}], expected float32 rank ${rank}`);
    }
    this.used.add(name);
    return w;
  }

  unused(): string[] {
    return [...this.weights.keys()].filter((k) => !this.used.has(k));
  }

  add(n: NodeProto): string {
    this.nodes.push(n);
    return n.output?.[0] as string;
  }

  init(t: TensorProto): string {
    this.initializers.push(t);
    return t.name as string;
  }
}

/** tfjs filters [kh, kw, in, out] → ONNX Conv weights [out, in, kh, kw]. */
function hwioToOihw(w: WeightTensor): { dims: number[]; data: Float32Array } {
  const [kh, kw, cin, cout] = w.shape as [number, number, number, number];
  const src = w.data as Float32Array;
  const dst = new Float32Array(src.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < cin; i++)
        for (let o = 0; o < cout; o++)
          dst[((o * cin + i) * kh + y) * kw + x] = src[((y * kw + x) * cin + i) * cout + o] as number;
  return { dims: [cout, cin, kh, kw], data: dst };
}

/** face-api convLayer: conv2d (+bias), then scale (x * weights + biases), then optional relu. */
function convLayer(
  g: GraphBuilder,
  x: string,
  shape: Shape,
  prefix: string,
  stride: 1 | 2,
  relu: boolean,
  padding: 'same' | 'valid',
): { out: string; shape: Shape } {
  const filters = g.weight(`${prefix}/conv/filters`, 4);
  const [kh, kw, cin, cout] = filters.shape as [number, number, number, number];
  if (cin !== shape.channels) throw new Error(`${prefix}: expects ${cin} channels, gets ${shape.channels}`);
  if (kh !== kw) throw new Error(`${prefix}: non-square kernel`);
  const bias = g.weight(`${prefix}/conv/bias`, 1);
  const scaleW = g.weight(`${prefix}/scale/weights`, 1);
  const scaleB = g.weight(`${prefix}/scale/biases`, 1);
  const oihw = hwioToOihw(filters);
  const w = g.init(floatTensor(`${prefix}/conv/filters`, oihw.dims, oihw.data));
  const b = g.init(floatTensor(`${prefix}/conv/bias`, [cout], bias.data as Float32Array));
  const sw = g.init(floatTensor(`${prefix}/scale/weights`, [cout, 1, 1], scaleW.data as Float32Array));
  const sb = g.init(floatTensor(`${prefix}/scale/biases`, [cout, 1, 1], scaleB.data as Float32Array));

  // tfjs 'same' with stride 1 and an odd kernel pads (k-1)/2 on every side; 'valid' pads nothing.
  if (padding === 'same' && stride !== 1) throw new Error(`${prefix}: 'same' with stride ${stride} is not used`);
  const pad = padding === 'same' ? (kh - 1) / 2 : 0;
  const size = padding === 'same' ? shape.size : Math.floor((shape.size - kh) / stride) + 1;
  let out = g.add(
    node('Conv', [x, w, b], [`${prefix}/conv`], {
      kernel_shape: [kh, kw],
      strides: [stride, stride],
      pads: [pad, pad, pad, pad],
    }),
  );
  out = g.add(node('Mul', [out, sw], [`${prefix}/scale/mul`]));
  out = g.add(node('Add', [out, sb], [`${prefix}/scale`]));
  if (relu) out = g.add(node('Relu', [out], [`${prefix}/relu`]));
  return { out, shape: { channels: cout, size } };
}

function residual(g: GraphBuilder, x: string, shape: Shape, prefix: string): { out: string; shape: Shape } {
  const c1 = convLayer(g, x, shape, `${prefix}/conv1`, 1, true, 'same');
  const c2 = convLayer(g, c1.out, c1.shape, `${prefix}/conv2`, 1, false, 'same');
  if (c2.shape.channels !== shape.channels || c2.shape.size !== shape.size) throw new Error(`${prefix}: shape change`);
  const sum = g.add(node('Add', [c2.out, x], [`${prefix}/add`]));
  return { out: g.add(node('Relu', [sum], [`${prefix}/relu`])), shape };
}

/**
 * face-api residualDown: stride-2 valid conv path; shortcut = 2x2 average pool of the input, zero-padded on the
 * channel axis to the conv path's width. When the pooled map is one pixel larger than the conv path's (odd sizes),
 * face-api appends one zero row and one zero column to the conv path; so does this.
 */
function residualDown(g: GraphBuilder, x: string, shape: Shape, prefix: string): { out: string; shape: Shape } {
  const c1 = convLayer(g, x, shape, `${prefix}/conv1`, 2, true, 'valid');
  const c2 = convLayer(g, c1.out, c1.shape, `${prefix}/conv2`, 1, false, 'same');
  let convPath = c2.out;
  let pooled = g.add(
    node('AveragePool', [x], [`${prefix}/avgpool`], { kernel_shape: [2, 2], strides: [2, 2], pads: [0, 0, 0, 0] }),
  );
  const pooledSize = Math.floor((shape.size - 2) / 2) + 1;
  const grow = pooledSize - c2.shape.size;
  if (grow !== 0 && grow !== 1) throw new Error(`${prefix}: pooled ${pooledSize} vs conv ${c2.shape.size}`);
  if (grow === 1) {
    const pads = g.init(int64Tensor(`${prefix}/pad_hw`, [8], [0, 0, 0, 0, 0, 0, 1, 1]));
    convPath = g.add(node('Pad', [convPath, pads], [`${prefix}/conv_padded`], { mode: 'constant' }));
  }
  const extra = c2.shape.channels - shape.channels;
  if (extra < 0) throw new Error(`${prefix}: channels shrink`);
  if (extra > 0) {
    const pads = g.init(int64Tensor(`${prefix}/pad_c`, [8], [0, 0, 0, 0, 0, extra, 0, 0]));
    pooled = g.add(node('Pad', [pooled, pads], [`${prefix}/avgpool_padded`], { mode: 'constant' }));
  }
  const sum = g.add(node('Add', [pooled, convPath], [`${prefix}/add`]));
  return {
    out: g.add(node('Relu', [sum], [`${prefix}/relu`])),
    shape: { channels: c2.shape.channels, size: pooledSize },
  };
}

/** Builds the ONNX model (deterministic bytes) from face-api's recognition weights. */
export function convertFaceApiResnet(options: FaceApiResnetOptions): Uint8Array {
  const g = new GraphBuilder(readWeightsManifest(options.manifestPath).weights);
  const batch: Dim = options.batchDim ?? 'batch';
  const size = FACEAPI_RESNET_INPUT_SIZE;

  // Preprocessing exactly as face-api: (x - meanRgb) / 255 on NHWC float32, then NCHW for the convolutions.
  const mean = g.init(floatTensor('preprocess/mean_rgb', [1, 1, 1, 3], [...FACEAPI_RESNET_MEAN_RGB]));
  const divisor = g.init(floatTensor('preprocess/divisor', [], [255]));
  let x = g.add(node('Sub', ['input', mean], ['preprocess/centred']));
  x = g.add(node('Div', [x, divisor], ['preprocess/scaled']));
  x = g.add(node('Transpose', [x], ['preprocess/nchw'], { perm: [0, 3, 1, 2] }));
  let shape: Shape = { channels: 3, size };

  ({ out: x, shape } = convLayer(g, x, shape, 'conv32_down', 2, true, 'valid'));
  x = g.add(node('MaxPool', [x], ['maxpool'], { kernel_shape: [3, 3], strides: [2, 2], pads: [0, 0, 0, 0] }));
  shape = { channels: shape.channels, size: Math.floor((shape.size - 3) / 2) + 1 };

  const blocks: Array<[string, 'residual' | 'down']> = [
    ['conv32_1', 'residual'],
    ['conv32_2', 'residual'],
    ['conv32_3', 'residual'],
    ['conv64_down', 'down'],
    ['conv64_1', 'residual'],
    ['conv64_2', 'residual'],
    ['conv64_3', 'residual'],
    ['conv128_down', 'down'],
    ['conv128_1', 'residual'],
    ['conv128_2', 'residual'],
    ['conv256_down', 'down'],
    ['conv256_1', 'residual'],
    ['conv256_2', 'residual'],
    ['conv256_down_out', 'down'],
  ];
  for (const [prefix, kind] of blocks) {
    ({ out: x, shape } = (kind === 'down' ? residualDown : residual)(g, x, shape, prefix));
  }

  x = g.add(node('ReduceMean', [x], ['global_mean'], { axes: [2, 3], keepdims: 0 }));
  const fc = g.weight('fc', 2);
  if (fc.shape[0] !== shape.channels || fc.shape[1] !== FACEAPI_RESNET_EMBEDDING_DIM) {
    throw new Error(`fc is [${fc.shape.join(',')}], expected [${shape.channels},${FACEAPI_RESNET_EMBEDDING_DIM}]`);
  }
  const fcName = g.init(floatTensor('fc', fc.shape, fc.data as Float32Array));
  g.add(node('MatMul', [x, fcName], ['embedding']));

  const unused = g.unused();
  if (unused.length > 0) throw new Error(`face-api weights not used by the graph: ${unused.join(', ')}`);

  return serializeModel(
    model({
      graphName: 'faceapi_resnet',
      nodes: g.nodes,
      initializers: g.initializers,
      inputs: [valueInfo('input', DataType.FLOAT, [batch, size, size, 3])],
      outputs: [valueInfo('embedding', DataType.FLOAT, [batch, FACEAPI_RESNET_EMBEDDING_DIM])],
      docString:
        'face-api FaceRecognitionNet. input: float32 [batch,150,150,3] NHWC RGB 0..255 (mean subtraction and /255 ' +
        'inside). output embedding: float32 [batch,128], not L2-normalised.',
      metadata: {
        source: options.source,
        converter: 'visor-model-convert/faceapi-resnet',
        input_layout: 'NHWC',
        input_range: '0..255',
        color_order: 'RGB',
      },
    }),
  );
}
