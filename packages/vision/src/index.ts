// @visor/vision: decode → detect → align → embed as plain functions, and a pipeline that wires them.
export * from './align.ts';
export * from './blazeface.ts';
export * from './decode.ts';
export * from './detect.ts';
export * from './embed.ts';
export * from './image.ts';
export * from './mesh.ts';
export { DEFAULT_ORT_OPTIONS, type OrtOptions } from './ort.ts';
export * from './pipeline.ts';
export * from './result.ts';
export * from './subject.ts';
export * from './tiles.ts';
