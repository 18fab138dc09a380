// Public surface of @visor/model-convert: ONNX builders, and the converters that produce Visor's registry models.
export * from './onnx.ts';
