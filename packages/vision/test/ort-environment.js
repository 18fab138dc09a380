// Jest runs each test file in its own V8 context, whose typed-array constructors differ from the main context's;
// onnxruntime-node checks `instanceof Float32Array` against the main context's, so tests that run ORT get the main
// context's typed arrays (same approach as packages/model-convert/test/ort-environment.js; a shared copy belongs in
// @visor/testkit). Use it with a `@jest-environment` docblock.
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
