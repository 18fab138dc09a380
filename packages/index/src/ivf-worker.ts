// Worker-thread entry of buildIvfInWorker: computes the IVF parts over the shared block of vectors and sends them
// back (transferred, not copied), with build progress on the way.
import { parentPort, workerData } from 'node:worker_threads';
import { computeIvfParts, type IvfOptions } from './ivf-build.ts';

type Input = { dim: number; count: number; vectors: Float32Array; options: Omit<IvfOptions, 'onProgress'> };

const { dim, count, vectors, options } = workerData as Input;
const port = parentPort;
if (!port) throw new Error('ivf-worker.ts runs as a worker thread only');
const parts = computeIvfParts(dim, vectors, count, {
  ...options,
  onProgress: (phase, done, total) => port.postMessage({ type: 'progress', phase, done, total }),
});
const transfer: ArrayBuffer[] = [parts.centroids.buffer, parts.cells.buffer, parts.codes.buffer].filter(
  (b): b is ArrayBuffer => b instanceof ArrayBuffer,
);
if (parts.pqCentroids?.buffer instanceof ArrayBuffer) transfer.push(parts.pqCentroids.buffer);
port.postMessage({ type: 'done', parts }, transfer);
