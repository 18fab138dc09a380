import * as ort from 'onnxruntime-node';
import {
  DataType,
  float,
  floatTensor,
  int64Tensor,
  model,
  node,
  parseModel,
  serializeModel,
  valueInfo,
} from '../src/onnx.ts';

function tinyModel(metadata: Record<string, string>) {
  return model({
    graphName: 'tiny',
    nodes: [
      node('Mul', ['x', 'w'], ['scaled']),
      node('LeakyRelu', ['scaled'], ['leaky'], { alpha: float(0.5) }),
      node('Reshape', ['leaky', 'shape'], ['y']),
    ],
    initializers: [floatTensor('w', [1, 3], [1, -2, 3]), int64Tensor('shape', [2], [-1, 3])],
    inputs: [valueInfo('x', DataType.FLOAT, ['batch', 3])],
    outputs: [valueInfo('y', DataType.FLOAT, ['batch', 3])],
    metadata,
  });
}

describe('onnx builders', () => {
  it('serialise the same graph to the same bytes, whatever the key order of metadata', () => {
    const a = serializeModel(tinyModel({ a: '1', b: '2' }));
    const b = serializeModel(tinyModel({ b: '2', a: '1' }));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(parseModel(a).metadataProps.map((p) => p.key)).toEqual(['a', 'b']);
  });

  it('produce a model onnxruntime runs with a dynamic batch', async () => {
    const session = await ort.InferenceSession.create(serializeModel(tinyModel({})));
    const x = new ort.Tensor('float32', Float32Array.from([1, 1, 1, 2, 2, 2]), [2, 3]);
    const { y } = await session.run({ x });
    expect(y?.dims).toEqual([2, 3]);
    expect(Array.from(y?.data as Float32Array)).toEqual([1, -1, 3, 2, -2, 6]);
  });

  it('reject a tensor whose data does not fit its dims, and a fractional int attribute', () => {
    expect(() => floatTensor('t', [2, 2], [1, 2, 3])).toThrow(/need 4 values/);
    expect(() => node('LeakyRelu', ['a'], ['b'], { alpha: 0.5 })).toThrow(/not an integer/);
  });
});
