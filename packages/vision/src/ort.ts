// One place that opens ONNX Runtime sessions, so every model in the pipeline runs with the same CPU settings.
import ort from 'onnxruntime-node';

export type OrtOptions = ort.InferenceSession.SessionOptions;

/** Defaults: one intra-op thread (the services scale by process, and benchmarks are stated per core). */
export const DEFAULT_ORT_OPTIONS: OrtOptions = {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
  // The BlazeFace exports carry unused initialisers; ORT warns about each one at load. Errors still surface.
  logSeverityLevel: 3,
};

export async function openSession(modelPath: string, options: OrtOptions = {}): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(modelPath, { ...DEFAULT_ORT_OPTIONS, ...options });
}

export { ort };
