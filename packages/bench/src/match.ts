// `visor bench match`: search latency, recall and memory of the index the matching service would use, on seeded
// synthetic galleries of random unit vectors. Queries are noisy copies of gallery vectors (a genuine probe of an
// enrolled person, so recall@1 against exact search is meaningful) plus random vectors (a stranger).
import { availableParallelism, loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  DEFAULT_APPROXIMATE_ABOVE,
  dot,
  GalleryIndex,
  gaussian,
  type IndexKind,
  IvfIndex,
  type IvfOptions,
  randomUnitVector,
  seededRandom,
  TopK,
} from '@visor/index';

export type MatchBenchOptions = {
  /** Gallery sizes (default 100,000 and 1,000,000). */
  sizes?: number[];
  /** Vector dimension (default 128, the default embedder's). */
  dim?: number;
  /** Noisy-copy queries per size (default 500). */
  queries?: number;
  /** Random (stranger) queries per size (default 100). */
  randomQueries?: number;
  /** Cosine similarity between a noisy query and the gallery vector it copies (default 0.7). */
  querySimilarity?: number;
  /** Candidates asked for per query, as Identify's default top_k (default 5). */
  topK?: number;
  seed?: number;
  /** The service's switch point from exact to IVF (default the service's). */
  approximateAbove?: number;
  ivf?: Omit<IvfOptions, 'onProgress'>;
  /** Also measure exact search at sizes where the service would use IVF (default: only at 100,000). */
  exactReferenceMaxSize?: number;
  /** Progress lines (default stderr). */
  progress?: (line: string) => void;
};

export type MatchBenchRow = {
  size: number;
  index: IndexKind;
  /** True for the index the service uses at this size, false for a reference measurement. */
  service_choice: boolean;
  /** Wall-clock latency per query. */
  p50_ms: number;
  p99_ms: number;
  /** CPU time of the process per query: what the wall clock would show on an otherwise idle core. */
  p50_cpu_ms: number;
  p99_cpu_ms: number;
  /** Share of noisy-copy queries whose top-1 equals exact search's top-1. */
  recall_at_1: number;
  /** The same over random queries (strangers: no neighbour scores near a threshold, see README). */
  recall_at_1_random: number;
  build_s: number;
  bytes_per_vector: number;
  /** The approximate index's parameters. */
  params?: Record<string, number | string>;
};

export type MatchBenchResult = {
  bench: 'match';
  dim: number;
  seed: number;
  query_similarity: number;
  queries: number;
  random_queries: number;
  top_k: number;
  approximate_above: number;
  results: MatchBenchRow[];
  node: string;
  /** 1-minute load average and core count while the benchmark ran: latency on shared cores includes waiting. */
  load_average: number;
  cpus: number;
};

const quantile = (sorted: number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;

const round = (x: number, digits = 3): number => Number(x.toFixed(digits));

/** A forced GC makes memory deltas mean something; the flag can be turned on at run time. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  gc?.();
}

/** Heap plus typed-array memory after full collections; ArrayBuffer backing stores are freed off-thread, hence the waits. */
async function memoryNow(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    collectGarbage();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

type Workload = { gallery: Float32Array; queries: Float32Array; truth: Int32Array; near: number };

function makeWorkload(
  size: number,
  dim: number,
  near: number,
  far: number,
  similarity: number,
  seed: number,
): Workload {
  const normal = gaussian(seededRandom(seed));
  const gallery = new Float32Array(size * dim);
  for (let i = 0; i < size; i++) randomUnitVector(normal, gallery, i * dim, dim);
  const pick = seededRandom(seed + 1);
  const queries = new Float32Array((near + far) * dim);
  const noise = new Float32Array(dim);
  const orth = Math.sqrt(1 - similarity * similarity);
  for (let q = 0; q < near; q++) {
    const source = Math.floor(pick() * size);
    randomUnitVector(normal, noise);
    // Remove the noise's component along the source so cos(query, source) is `similarity` exactly.
    const along = dot(noise, 0, gallery, source * dim, dim);
    let n2 = 0;
    for (let j = 0; j < dim; j++) {
      const v = (noise[j] as number) - along * (gallery[source * dim + j] as number);
      noise[j] = v;
      n2 += v * v;
    }
    const inv = 1 / Math.sqrt(n2);
    for (let j = 0; j < dim; j++) {
      queries[q * dim + j] = similarity * (gallery[source * dim + j] as number) + orth * (noise[j] as number) * inv;
    }
  }
  for (let q = near; q < near + far; q++) randomUnitVector(normal, queries, q * dim, dim);
  // Ground truth by a plain exact scan of the raw vectors, independent of the index code under test.
  const truth = new Int32Array(near + far);
  for (let q = 0; q < near + far; q++) {
    const heap = new TopK(1);
    for (let i = 0; i < size; i++) heap.push(dot(gallery, i * dim, queries, q * dim, dim), i);
    truth[q] = (heap.sorted()[0] as { item: number }).item;
  }
  return { gallery, queries, truth, near };
}

function measure(
  gallery: GalleryIndex,
  w: Workload,
  dim: number,
  topK: number,
): { p50: number; p99: number; p50Cpu: number; p99Cpu: number; recall: number; recallRandom: number } {
  const total = w.truth.length;
  const times: number[] = [];
  const cpu: number[] = [];
  let hitsNear = 0;
  let hitsFar = 0;
  // Warm-up so the JIT has compiled the scan before timing.
  for (let q = 0; q < Math.min(20, total); q++) gallery.identify(w.queries.subarray(q * dim, (q + 1) * dim), topK);
  for (let q = 0; q < total; q++) {
    const query = w.queries.subarray(q * dim, (q + 1) * dim);
    const startCpu = process.cpuUsage();
    const start = performance.now();
    const found = gallery.identify(query, topK);
    times.push(performance.now() - start);
    const used = process.cpuUsage(startCpu);
    cpu.push((used.user + used.system) / 1000);
    if (found[0]?.faceId === `f${w.truth[q]}`) {
      if (q < w.near) hitsNear++;
      else hitsFar++;
    }
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return {
    p50: quantile(times, 0.5),
    p99: quantile(times, 0.99),
    p50Cpu: quantile(cpu, 0.5),
    p99Cpu: quantile(cpu, 0.99),
    recall: w.near > 0 ? hitsNear / w.near : 1,
    recallRandom: total > w.near ? hitsFar / (total - w.near) : 1,
  };
}

/** IVF build progress as a line per phase step of 10 %. */
function buildProgress(options: MatchBenchOptions): (phase: string, done: number, total: number) => void {
  const log = options.progress ?? ((line: string) => process.stderr.write(`${line}\n`));
  let last = '';
  return (phase, done, total) => {
    const step = `${phase} ${Math.floor((10 * done) / total) * 10}%`;
    if (step !== last) log(`match bench:   ivf ${step}`);
    last = step;
  };
}

async function buildGallery(
  w: Workload,
  size: number,
  dim: number,
  approximateAbove: number,
  options: MatchBenchOptions,
): Promise<{ gallery: GalleryIndex; buildS: number; bytes: number }> {
  const before = await memoryNow();
  const start = performance.now();
  const gallery = new GalleryIndex({
    dim,
    approximateAbove,
    ivf: { ...options.ivf, onProgress: buildProgress(options) },
  });
  // One subject per face, as in the worst case for Identify's one-candidate-per-subject grouping.
  gallery.addAll(
    (function* () {
      for (let i = 0; i < size; i++) {
        yield { faceId: `f${i}`, subjectId: `s${i}`, vector: w.gallery.subarray(i * dim, (i + 1) * dim) };
      }
    })(),
  );
  // The gallery builds IVF in a worker thread (as in the service); the build time runs until it has switched.
  await gallery.settled();
  const buildS = (performance.now() - start) / 1000;
  return { gallery, buildS, bytes: (await memoryNow()) - before };
}

export async function runMatchBench(options: MatchBenchOptions = {}): Promise<MatchBenchResult> {
  const sizes = options.sizes ?? [100_000, 1_000_000];
  const dim = options.dim ?? 128;
  const near = options.queries ?? 500;
  const far = options.randomQueries ?? 100;
  const similarity = options.querySimilarity ?? 0.7;
  const topK = options.topK ?? 5;
  const seed = options.seed ?? 42;
  const approximateAbove = options.approximateAbove ?? DEFAULT_APPROXIMATE_ABOVE;
  const exactMax = options.exactReferenceMaxSize ?? 100_000;
  const log = options.progress ?? ((line: string) => process.stderr.write(`${line}\n`));
  const results: MatchBenchRow[] = [];

  for (const size of sizes) {
    log(
      `match bench: size ${size}: generating ${size} vectors of dim ${dim} and ${near + far} queries (exact ground truth)`,
    );
    let w: Workload | undefined = makeWorkload(size, dim, near, far, similarity, seed + size);
    const variants: Array<{ threshold: number; serviceChoice: boolean }> = [
      { threshold: approximateAbove, serviceChoice: true },
    ];
    const serviceKind = size > approximateAbove ? 'approximate' : 'exact';
    if (serviceKind === 'approximate' && size <= exactMax)
      variants.push({ threshold: Number.POSITIVE_INFINITY, serviceChoice: false });
    for (const variant of variants) {
      const kind = variant.threshold < size ? 'ivf' : 'exact';
      log(`match bench: size ${size}: building ${kind} index`);
      const { gallery, buildS, bytes } = await buildGallery(w, size, dim, variant.threshold, options);
      log(`match bench: size ${size}: built ${kind} in ${buildS.toFixed(1)} s; searching`);
      const m = measure(gallery, w, dim, topK);
      const row: MatchBenchRow = {
        size,
        index: gallery.kind,
        service_choice: variant.serviceChoice,
        p50_ms: round(m.p50),
        p99_ms: round(m.p99),
        p50_cpu_ms: round(m.p50Cpu),
        p99_cpu_ms: round(m.p99Cpu),
        recall_at_1: round(m.recall, 4),
        recall_at_1_random: round(m.recallRandom, 4),
        build_s: round(buildS, 2),
        bytes_per_vector: Math.round(bytes / size),
      };
      const index = gallery.index;
      if (index instanceof IvfIndex)
        row.params = {
          nlist: index.nlist,
          nprobe: index.nprobe,
          spill: index.spill,
          pq_bytes: index.pqM,
          rerank: index.rerank,
        };
      results.push(row);
      log(`match bench: ${JSON.stringify(row)}`);
    }
    w = undefined;
  }
  return {
    bench: 'match',
    dim,
    seed,
    query_similarity: similarity,
    queries: near,
    random_queries: far,
    top_k: topK,
    approximate_above: approximateAbove,
    results,
    node: process.version,
    load_average: round(loadavg()[0] ?? 0, 2),
    cpus: availableParallelism(),
  };
}
