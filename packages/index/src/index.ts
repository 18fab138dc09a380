// @visor/index: in-memory vector search for face galleries. No transport, no I/O: the matching service owns those.
export { ExactIndex } from './exact.ts';
export {
  DEFAULT_APPROXIMATE_ABOVE,
  type FaceHit,
  GalleryIndex,
  type GalleryOptions,
  type SubjectScore,
} from './gallery.ts';
export { TopK } from './heap.ts';
export { DEFAULT_PROBE_FRACTION, DEFAULT_SPILL, defaultNlist, IvfIndex, type IvfOptions } from './ivf.ts';
export { buildIvfInWorker } from './ivf-async.ts';
export { gaussian, randomUnitVector, seededRandom } from './rng.ts';
export type { Hit, IndexKind, VectorIndex } from './types.ts';
export { dot, fromFloat32Le, norm, normalized, toFloat32Le } from './vector.ts';
