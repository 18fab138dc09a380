// One tenant's gallery for one model version: faces grouped by subject, searched exactly while small and through
// IVF once it passes a size threshold. Switching is a rebuild from the stored vectors, so nothing is lost; a
// lower switch-back point (hysteresis) keeps a gallery hovering at the threshold from rebuilding on every change.
// IVF builds (the switch and retrains) run in a worker thread by default: the gallery keeps answering from its
// current index, records every change made meanwhile, and replays those onto the new index before switching.
import { ExactIndex } from './exact.ts';
import { IvfIndex, type IvfOptions } from './ivf.ts';
import { buildIvfInWorker } from './ivf-async.ts';
import type { Hit, IndexKind, VectorIndex } from './types.ts';
import { dot } from './vector.ts';

export type GalleryOptions = {
  dim: number;
  /** Size above which the gallery switches to approximate search (default 20,000, see DEFAULT_APPROXIMATE_ABOVE). */
  approximateAbove?: number;
  /** IVF parameters, and build progress for long rebuilds. */
  ivf?: IvfOptions;
  /** Called after each rebuild (exact → approximate, IVF retrained, back to exact), e.g. to log it. */
  onRebuild?: (info: { from: IndexKind; to: IndexKind; size: number; ms: number }) => void;
  /** Build IVF indexes in a worker thread (default true); false builds them synchronously in the calling thread. */
  buildInWorker?: boolean;
  /** A background build failed (the gallery then builds synchronously from then on); for logging. */
  onBuildError?: (error: unknown) => void;
};

/** A change made while a background build runs, replayed onto the new index before it takes over. */
type Change = { op: 'add'; id: string; vector: Float32Array } | { op: 'remove'; id: string };

/** Below this an exact scan is a few milliseconds on one core and always right; above it the graph wins. */
export const DEFAULT_APPROXIMATE_ABOVE = 20_000;

export type FaceHit = { faceId: string; subjectId: string; score: number };

export type SubjectScore = {
  /** Highest score over the subject's faces, and the face that gave it. */
  best: { faceId: string; score: number };
  /** Score against the normalised mean of the subject's faces (equals best.score for a single face). */
  template: number;
  faces: number;
};

export class GalleryIndex {
  readonly dim: number;
  readonly approximateAbove: number;
  #options: GalleryOptions;
  #index: VectorIndex;
  #subjectOf = new Map<string, string>();
  #faces = new Map<string, Set<string>>();

  constructor(options: GalleryOptions) {
    this.dim = options.dim;
    this.approximateAbove = options.approximateAbove ?? DEFAULT_APPROXIMATE_ABOVE;
    this.#options = options;
    this.#workerBuilds = options.buildInWorker ?? true;
    this.#index = new ExactIndex(options.dim);
  }

  get kind(): IndexKind {
    return this.#index.kind;
  }

  get size(): number {
    return this.#index.size;
  }

  get subjects(): number {
    return this.#faces.size;
  }

  get vectorBytes(): number {
    return this.#index.vectorBytes;
  }

  /** True while an IVF build runs in a worker (searches meanwhile use the current index). */
  get building(): boolean {
    return this.#pending !== undefined;
  }

  /** Resolves once no build is running (at once when none is): for tests, benchmarks and an orderly load. */
  async settled(): Promise<void> {
    while (this.#pending) await this.#pending.done;
  }

  /** The underlying index, for benchmarks and tests. */
  get index(): VectorIndex {
    return this.#index;
  }

  has(faceId: string): boolean {
    return this.#subjectOf.has(faceId);
  }

  subjectOf(faceId: string): string | undefined {
    return this.#subjectOf.get(faceId);
  }

  facesOf(subjectId: string): string[] {
    return [...(this.#faces.get(subjectId) ?? [])];
  }

  /** Adds a face; false when the face id is already present (the stored vector is kept: enrolment is immutable). */
  add(faceId: string, subjectId: string, vector: Float32Array): boolean {
    if (!this.#index.add(faceId, vector)) return false;
    this.#pending?.changes.push({ op: 'add', id: faceId, vector: vector.slice() });
    this.#subjectOf.set(faceId, subjectId);
    let faces = this.#faces.get(subjectId);
    if (!faces) {
      faces = new Set();
      this.#faces.set(subjectId, faces);
    }
    faces.add(faceId);
    this.#rebalance();
    return true;
  }

  /** Adds many faces and rebuilds at most once; for the initial load. Returns how many were new. */
  addAll(faces: Iterable<{ faceId: string; subjectId: string; vector: Float32Array }>): number {
    let added = 0;
    const saved = this.#deferRebalance;
    this.#deferRebalance = true;
    try {
      for (const f of faces) if (this.add(f.faceId, f.subjectId, f.vector)) added++;
    } finally {
      this.#deferRebalance = saved;
    }
    this.#rebalance();
    return added;
  }

  #deferRebalance = false;

  /** False when the face is absent. */
  removeFace(faceId: string): boolean {
    const subjectId = this.#subjectOf.get(faceId);
    if (subjectId === undefined) return false;
    this.#index.remove(faceId);
    this.#pending?.changes.push({ op: 'remove', id: faceId });
    this.#subjectOf.delete(faceId);
    const faces = this.#faces.get(subjectId);
    faces?.delete(faceId);
    if (faces?.size === 0) this.#faces.delete(subjectId);
    this.#rebalance();
    return true;
  }

  /** Removes every face of the subject; returns how many there were. */
  removeSubject(subjectId: string): number {
    const faces = this.facesOf(subjectId);
    const saved = this.#deferRebalance;
    this.#deferRebalance = true;
    try {
      for (const faceId of faces) this.removeFace(faceId);
    } finally {
      this.#deferRebalance = saved;
    }
    this.#rebalance();
    return faces.length;
  }

  /** Scores a probe against one subject's faces: the best single face and the mean template. */
  scoreSubject(subjectId: string, query: Float32Array): SubjectScore | undefined {
    this.#checkDim(query);
    const faces = this.#faces.get(subjectId);
    if (!faces || faces.size === 0) return undefined;
    const mean = new Float64Array(this.dim);
    let best = { faceId: '', score: Number.NEGATIVE_INFINITY };
    for (const faceId of faces) {
      const v = this.#index.vector(faceId) as Float32Array;
      const score = dot(v, 0, query, 0, this.dim);
      if (score > best.score || (score === best.score && faceId < best.faceId)) best = { faceId, score };
      for (let j = 0; j < this.dim; j++) mean[j] = (mean[j] as number) + (v[j] as number);
    }
    let n2 = 0;
    let s = 0;
    for (let j = 0; j < this.dim; j++) {
      n2 += (mean[j] as number) ** 2;
      s += (mean[j] as number) * (query[j] as number);
    }
    // Opposite faces can cancel to a zero mean; that template resembles nothing.
    const template = faces.size === 1 ? best.score : n2 > 0 ? s / Math.sqrt(n2) : -1;
    return { best, template, faces: faces.size };
  }

  /**
   * The best-scoring subjects, one entry per subject (its best face), highest first, with score ≥ minScore.
   * Asks the index for more faces until it has `topK` distinct subjects or the scores fall below minScore: the
   * first K distinct subjects in face order are exactly the K subjects with the highest best-face scores.
   */
  identify(query: Float32Array, topK: number, minScore = Number.NEGATIVE_INFINITY): FaceHit[] {
    this.#checkDim(query);
    if (topK < 1 || this.size === 0) return [];
    let k = Math.min(this.size, topK * 4);
    for (;;) {
      const hits: Hit[] = this.#index.search(query, k);
      const out: FaceHit[] = [];
      const seen = new Set<string>();
      let belowFloor = false;
      for (const hit of hits) {
        if (hit.score < minScore) {
          belowFloor = true;
          break;
        }
        const subjectId = this.#subjectOf.get(hit.id) as string;
        if (seen.has(subjectId)) continue;
        seen.add(subjectId);
        out.push({ faceId: hit.id, subjectId, score: hit.score });
        if (out.length === topK) return out;
      }
      if (belowFloor || hits.length < k || k >= this.size) return out;
      k = Math.min(this.size, k * 4);
    }
  }

  #checkDim(query: Float32Array): void {
    if (query.length !== this.dim)
      throw new RangeError(`probe has ${query.length} components, gallery has ${this.dim}`);
  }

  #pending: { changes: Change[]; done: Promise<void> } | undefined;
  #workerBuilds: boolean;

  #rebalance(): void {
    if (this.#deferRebalance || this.#pending) return;
    const size = this.#index.size;
    const index = this.#index;
    if (index.kind === 'exact' && size > this.approximateAbove) this.#rebuild('ivf');
    else if (index.kind !== 'exact' && size < this.approximateAbove / 2) this.#rebuild('exact');
    // Cells trained for a much smaller gallery grow long and slow: retrain when the size has doubled.
    else if (index instanceof IvfIndex && size > 2 * index.trainedFor) this.#rebuild('ivf');
  }

  #rebuild(to: IndexKind): void {
    const start = performance.now();
    const from = this.#index;
    if (to === 'ivf' && this.#workerBuilds) {
      this.#buildInBackground(start);
      return;
    }
    let next: VectorIndex;
    if (to === 'ivf') {
      next = IvfIndex.build(this.dim, from.entries(), from.size, this.#options.ivf);
    } else {
      const exact = new ExactIndex(this.dim, from.size * 2);
      for (const [id, v] of from.entries()) exact.add(id, v);
      next = exact;
    }
    this.#switchTo(next, start);
  }

  #buildInBackground(start: number): void {
    const from = this.#index;
    const changes: Change[] = [];
    let building: Promise<IvfIndex>;
    try {
      building = buildIvfInWorker(this.dim, from.entries(), from.size, this.#options.ivf);
    } catch (error) {
      building = Promise.reject(error);
    }
    const done = building.then(
      (next) => {
        // The current index took every change made during the build; the new one gets them in the same order.
        for (const c of changes) {
          if (c.op === 'add') next.add(c.id, c.vector);
          else next.remove(c.id);
        }
        this.#pending = undefined;
        this.#switchTo(next, start);
      },
      (error: unknown) => {
        this.#pending = undefined;
        this.#options.onBuildError?.(error);
        // Worker builds are broken here (e.g. no worker threads): build on this thread from now on.
        this.#workerBuilds = false;
      },
    );
    // A size crossed during the build is handled now; a failure of that (synchronous) rebuild is reported, not
    // left as an unhandled rejection nobody awaits.
    const next = done.then(() => this.#rebalance()).catch((error: unknown) => this.#options.onBuildError?.(error));
    this.#pending = { changes, done: next };
  }

  #switchTo(next: VectorIndex, start: number): void {
    const from = this.#index;
    this.#index = next;
    this.#options.onRebuild?.({ from: from.kind, to: next.kind, size: next.size, ms: performance.now() - start });
  }
}
