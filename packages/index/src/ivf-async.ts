// IVF builds off the caller's thread. Training and listing a million vectors takes a minute or more of CPU; done on
// the event loop it would stall every request of the process. The vectors are copied once into a
// SharedArrayBuffer that the worker reads and the finished index then adopts as its rows, so nothing is copied
// back; the worker returns only centroids, codebooks, cells and codes (transferred). What stays on the calling
// thread is the copy and the bookkeeping of IvfIndex.assemble (ids map, cell lists), done in slices between other
// events: no dot products.
import { Worker } from 'node:worker_threads';
import { IvfIndex } from './ivf.ts';
import { gatherRows, type IvfOptions, type IvfParts } from './ivf-build.ts';

type Message =
  | { type: 'progress'; phase: 'train' | 'assign' | 'encode'; done: number; total: number }
  | { type: 'done'; parts: IvfParts };

/** Rows per event-loop turn while the index is assembled on this thread (a few milliseconds each). */
const ASSEMBLY_STEP = 20_000;

/** IvfIndex.fromParts spread over event-loop turns: a million ids and listings at once would stall it for ~1 s. */
async function assembleInTurns(dim: number, ids: string[], vectors: Float32Array, parts: IvfParts): Promise<IvfIndex> {
  const steps = IvfIndex.assemble(dim, ids, vectors, parts, ASSEMBLY_STEP);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const shared = (length: number) => new Float32Array(new SharedArrayBuffer(length * Float32Array.BYTES_PER_ELEMENT));

/**
 * IvfIndex.build, with the training and listing in a worker thread. `entries` are read synchronously, before this
 * returns, so the caller may change its source right after the call.
 */
export function buildIvfInWorker(
  dim: number,
  entries: Iterable<[string, Float32Array]>,
  count: number,
  options: IvfOptions = {},
): Promise<IvfIndex> {
  const { ids, vectors } = gatherRows(dim, entries, count, shared);
  const { onProgress, ...plain } = options;
  return new Promise<IvfIndex>((resolve, reject) => {
    let settled = false;
    const worker = new Worker(new URL('./ivf-worker.ts', import.meta.url), {
      workerData: { dim, count: ids.length, vectors, options: plain },
    });
    worker.on('message', (message: Message) => {
      if (message.type === 'progress') {
        onProgress?.(message.phase, message.done, message.total);
        return;
      }
      settled = true;
      void worker.terminate();
      assembleInTurns(dim, ids, vectors, message.parts).then(resolve, reject);
    });
    worker.on('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`IVF build worker exited with code ${code} before finishing`));
    });
  });
}
