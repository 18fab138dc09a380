// V8 collector settings for the services that move image bytes: detection, embedding and the gateway.
//
// Those processes hold a small JavaScript heap (~20 MB: grpc-js, protobufjs, prom-client, pino, zod) next to a
// large flow of short-lived pixel buffers (decoded images, resampled copies, crops, tensors). With V8's default
// trigger, a full mark-compact starts as soon as the old generation's headroom is smaller than the young
// generation, which V8 grows to 16 MB while the models load: the detection service then ran a full collection every
// ~5 images (45 per 210 images, against 28 for the same pipeline in a plain script) and spent more CPU in the
// collector than on any of its stages but ONNX Runtime. Starting incremental marking at a fixed share of the
// headroom instead (external memory allocated since the last full collection counts towards it, so the buffers
// still bound the heap) measured 10 full collections and 5.8 ms less CPU per image on the same 210 images.
import v8 from 'node:v8';

/** Start incremental marking (as a task) once this % of the old generation's headroom is used… */
export const MARKING_SOFT_TRIGGER_PERCENT = 80;
/** …and at once past this %. */
export const MARKING_HARD_TRIGGER_PERCENT = 95;

let applied = false;

/**
 * Applies the triggers above to this process. Both flags are read by V8 whenever it decides whether to start
 * marking, so setting them after start-up takes effect. For service processes only (runService's callers), never
 * inside a test runner.
 */
export function tuneCollectorForInference(): void {
  if (applied) return;
  applied = true;
  v8.setFlagsFromString(`--incremental-marking-soft-trigger=${MARKING_SOFT_TRIGGER_PERCENT}`);
  v8.setFlagsFromString(`--incremental-marking-hard-trigger=${MARKING_HARD_TRIGGER_PERCENT}`);
}
