// Jest runs each test file in its own V8 context, whose typed-array constructors differ from the main context's.
// onnxruntime-node's native binding creates output tensors in the main context, and onnxruntime-common's
// `instanceof Float32Array` check inside the test context then rejects them. This environment gives the test context
// the main context's typed arrays so ORT output works under jest. jest.config.js makes it the environment of every test file.
import { TestEnvironment } from 'jest-environment-node';

const typedArrays = [
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
  'ArrayBuffer',
];

export default class OrtEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of typedArrays) this.global[name] = globalThis[name];
  }
}
