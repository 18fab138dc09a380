// Public surface of @visor/model-convert: ONNX builders, tfjs weight decoding, and the converters that produce
// Visor's registry models.
export * from './faceapi-resnet.ts';
export * from './onnx.ts';
export * from './tfjs-graph/index.ts';
