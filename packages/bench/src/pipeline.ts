// `./visor bench pipeline`: the same images, in one run, (a) through the vision pipeline in-process, (b) through the
// detection and embedding services over gRPC at concurrency 1, then throughput at several concurrencies with the
// embedding service's micro-batching on and off, and each service's memory.
import { type ChildProcess, fork } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  type AlignedCrop__Output,
  createDetectionClient,
  createEmbeddingClient,
  type DetectionClient,
  type EmbeddingClient,
  waitForReady,
} from '@visor/contracts';
import { tuneCollectorForInference } from '@visor/runtime';
import { SERVICE_PROCESS_ENV } from '@visor/testkit';
import { createPipeline, type Pipeline } from '@visor/vision';
import { type C1Breakdown, c1Breakdown, metricSum, type RawStageTotals } from './breakdown.ts';
import { type BenchImage, loadBenchImages } from './images.ts';
import { type MachineInfo, machineInfo } from './machine.ts';
import { defaultModels } from './models.ts';
import { type ChildService, procCpuMs, startChildService } from './services.ts';
import { mean, percentile, pool, round } from './stats.ts';

export interface PipelineBenchOptions {
  datasetsDir: string;
  images: number;
  concurrency: number[];
  /** Embedding service batching when on; off is a max batch of 1. */
  maxBatch: number;
  maxWaitMs: number;
  intraOpThreads: number;
  /** Images run untimed before each measured pass. */
  warmup: number;
  /** Throughput passes are cut into this many rounds alternating batched and unbatched. */
  rounds: number;
  progress: (line: string) => void;
}

export const DEFAULT_PIPELINE_OPTIONS: Omit<PipelineBenchOptions, 'datasetsDir' | 'progress'> = {
  images: 200,
  concurrency: [1, 4, 16],
  maxBatch: 16,
  maxWaitMs: 0,
  intraOpThreads: 1,
  warmup: 10,
  rounds: 4,
};

type PerMode = { batched: number; unbatched: number };

export interface PipelineBenchResult {
  command: string;
  images: number;
  datasets: string[];
  faces: number;
  /** Faces the in-process pipeline found; equal to `faces` unless the two paths disagree. */
  faces_raw: number;
  raw_ms_p50: number;
  raw_ms_p90: number;
  raw_ms_mean: number;
  service_ms_p50: number;
  service_ms_p90: number;
  service_ms_mean: number;
  overhead_ratio: number;
  /** Means per image of the concurrency-1 pass: where the services' extra time goes (breakdown.ts). */
  c1_breakdown_ms: C1Breakdown;
  /**
   * CPU time per image: the in-process pipeline's worker and detection + embedding, each a process total over the
   * pass; the benchmark's own process during its gRPC calls (the client side). Immune to other load on the machine,
   * unlike the latencies.
   */
  cpu_ms_per_image: { raw: number; services: number; client: number };
  /** Services' CPU time over the in-process pipeline's (the client's share excluded). */
  cpu_overhead_ratio: number;
  /** ONNX Runtime alone, in-process: CPU ms per crop at batch 1 and at the service's max batch; their ratio. */
  ort_cpu_ms_per_crop: Record<string, number>;
  /** Images in, faces detected and embedded per second, end to end (Detect then Embed per image). */
  throughput_fps: Record<string, PerMode>;
  batching_gain: Record<string, number>;
  /** Embed calls of one crop each, the embedding service alone: where batching acts. */
  embed_throughput_fps: Record<string, PerMode>;
  embed_batching_gain: Record<string, number>;
  /**
   * The same passes per CPU-second the services used (detection + embedding; embedding alone for embed-only): what a
   * core delivers, independent of how much of the machine other processes took during the run.
   */
  faces_per_cpu_second: Record<string, PerMode>;
  cpu_batching_gain: Record<string, number>;
  embed_crops_per_cpu_second: Record<string, PerMode>;
  embed_cpu_batching_gain: Record<string, number>;
  /** Mean crops per ONNX Runtime run in the batched service, per pass. */
  mean_batch_size: { pipeline: Record<string, number>; embed_only: Record<string, number> };
  rss_mb: { detection: number; embedding: number; embedding_unbatched: number };
  peak_rss_mb: { detection: number; embedding: number; embedding_unbatched: number };
  config: {
    max_batch: number;
    max_wait_ms: number;
    intra_op_threads: number;
    warmup_images: number;
    rounds: number;
  };
  machine: MachineInfo;
}

/** Same detection defaults as the detection service (min face 20 px, at most 64 faces, auto mode). */
const DETECT = { mode: 'auto' as const, minFacePx: 20, maxFaces: 64 };

type OrtSettings = { intraOpNumThreads: number; graphOptimizationLevel: 'all' };

/** What the in-process side's process is started with (JSON in VISOR_BENCH_RAW_WORKER). */
interface RawWorkerSpec {
  datasetsDir: string;
  images: number;
  ortOptions: OrtSettings;
}

/** The in-process side, (a): the whole vision pipeline on one image at a time, in a process of its own. */
interface RawWorker {
  /** Runs image `index` of the benchmark's images; `ms` is timed in the worker around `pipeline.process`. */
  process(index: number): Promise<{ ms: number; faces: number; stages?: RawStageTotals }>;
  /** CPU time of the worker process so far (all its threads), in ms. */
  cpuMs(): number;
  close(): Promise<void>;
}

type RawReply = { id: number; ms: number; faces: number; stages?: RawStageTotals; error?: string };

/**
 * The benchmark process is (b)'s caller, the part the gateway plays in production: it gets the gateway's
 * collector settings. Call from the `./visor bench pipeline` process, never from a test runner.
 */
export function tuneBenchClientCollector(): void {
  tuneCollectorForInference();
}

/**
 * (a) runs in its own process (this file, forked), like each service. In the benchmark's process, the garbage of
 * the in-process pipeline (decoded images, resampled copies) was collected while the gRPC client waited for the
 * services, so (b) paid for (a)'s collections: measured ad hoc, 6.5 vs 2.2 ms of GC pauses and 10.5 vs 4.6 ms of
 * client CPU per image with and without the in-process side interleaved. Each side now pays its own, and each
 * side's CPU time is its own processes' total over the pass (collections between calls included, as for the
 * services).
 */
async function startRawWorker(spec: RawWorkerSpec): Promise<RawWorker> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [], {
    // The services' process environment here too: like for like on both sides.
    env: { ...process.env, ...SERVICE_PROCESS_ENV, VISOR_BENCH_RAW_WORKER: JSON.stringify(spec) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve: (r: RawReply) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  const failAll = (err: Error) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  const ready = new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => {
      const err = new Error(`the in-process benchmark worker exited with ${code}`);
      reject(err);
      failAll(err);
    });
    child.on('message', (m: RawReply | { ready: true }) => {
      if ('ready' in m) return resolve();
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (m.error) p?.reject(new Error(m.error));
      else p?.resolve(m);
    });
  });
  await ready;
  const pid = child.pid ?? 0;
  return {
    process: (index) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        child.send({ id, index });
      }),
    cpuMs: () => procCpuMs(pid),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The worker's side of startRawWorker. */
async function rawWorkerMain(spec: RawWorkerSpec): Promise<void> {
  // The collector settings of the detection and embedding services, so that both sides run on the same V8
  // settings (they cut this process's full collections from 38 to 15 per 200 images, 1–2 ms CPU per image).
  tuneCollectorForInference();
  const images = loadBenchImages(spec.datasetsDir, spec.images);
  const pipeline = await createPipeline({ ...defaultModels(), ortOptions: spec.ortOptions });
  process.on('message', async ({ id, index }: { id: number; index: number }) => {
    const img = images[index];
    const t = performance.now();
    const r = await pipeline.process(img.bytes, DETECT);
    const ms = performance.now() - t;
    const reply: RawReply = r.ok
      ? { id, ms, faces: r.value.faces.length, stages: r.value.timingMs }
      : { id, ms, faces: 0, error: `${img.file}: ${r.code} ${r.message}` };
    process.send?.(reply);
  });
  const exit = () => void pipeline.close().finally(() => process.exit(0));
  process.once('SIGTERM', exit);
  // The benchmark process went away without closing this one.
  process.once('disconnect', exit);
  process.send?.({ ready: true });
}

async function throughService(
  det: DetectionClient,
  emb: EmbeddingClient,
  img: BenchImage,
): Promise<{ ms: number; detectMs: number; crops: AlignedCrop__Output[] }> {
  const t = performance.now();
  const r = await det.detect({ image: { inline: img.bytes }, options: { mode: 'DETECTION_MODE_AUTO' } });
  const detectMs = performance.now() - t;
  const crops = r.faces.flatMap((f) => (f.crop ? [f.crop] : []));
  if (crops.length > 0) {
    const e = await emb.embed({ crops });
    if (e.embeddings.length !== crops.length) throw new Error(`${img.file}: ${e.embeddings.length} embeddings`);
  }
  return { ms: performance.now() - t, detectMs, crops };
}

const scrape = async (svc: ChildService) => (await fetch(`${svc.httpUrl}/metrics`)).text();

async function batchCounters(svc: ChildService): Promise<{ sum: number; count: number }> {
  const text = await scrape(svc);
  return { sum: metricSum(text, 'visor_embed_batch_size_sum'), count: metricSum(text, 'visor_embed_batch_size_count') };
}

export async function runPipelineBench(options: PipelineBenchOptions): Promise<PipelineBenchResult> {
  const { progress } = options;
  const loadavgStart = os.loadavg();
  const images = loadBenchImages(options.datasetsDir, options.images);
  const datasets = [...new Set(images.map((i) => i.dataset))];
  progress(`${images.length} images from ${datasets.join(' + ')}`);
  const warm = images.slice(0, Math.min(options.warmup, images.length));
  const ortOptions = { intraOpNumThreads: options.intraOpThreads, graphOptimizationLevel: 'all' as const };

  // (a) in-process and (b) through the services, interleaved image by image (alternating which goes first) so
  // that changes in the machine's load during the run hit both sides alike.
  let raw: RawWorker | undefined;
  let pipeline: Pipeline | undefined;
  const serviceEnv = {
    VISOR_ORT_INTRA_OP_THREADS: String(options.intraOpThreads),
    // The benchmark measures the services alone: no NATS follower, no object store client.
    VISOR_NATS_URL: undefined,
    VISOR_GCS_BUCKET: undefined,
  };
  progress('starting detection and embedding services (batched and unbatched) …');
  const services: ChildService[] = [];
  try {
    raw = await startRawWorker({ datasetsDir: options.datasetsDir, images: images.length, ortOptions });
    const rawWorker = raw;
    const detection = await startChildService('detection', serviceEnv);
    services.push(detection);
    const batched = await startChildService('embedding', {
      ...serviceEnv,
      VISOR_EMBED_MAX_BATCH: String(options.maxBatch),
      VISOR_EMBED_MAX_WAIT_MS: String(options.maxWaitMs),
    });
    services.push(batched);
    const unbatched = await startChildService('embedding', { ...serviceEnv, VISOR_EMBED_MAX_BATCH: '1' });
    services.push(unbatched);

    // The clients' default channel options give Detect responses (67.5 KB per face) a wide HTTP/2 window.
    const clientOptions = { defaultTimeoutMs: 120_000 };
    const det = createDetectionClient(detection.grpcAddress, clientOptions);
    const embB = createEmbeddingClient(batched.grpcAddress, clientOptions);
    const embU = createEmbeddingClient(unbatched.grpcAddress, clientOptions);
    await Promise.all([waitForReady(det), waitForReady(embB), waitForReady(embU)]);

    for (const i of warm.keys()) await rawWorker.process(i);
    for (const img of warm) await throughService(det, embB, img);
    progress('raw in-process pipeline and services at concurrency 1, image by image …');
    const rawMs: number[] = [];
    let rawFaces = 0;
    // CPU time: wall-clock latency on a shared machine also measures the neighbours; CPU time does not.
    const cpuNow = () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    };
    let clientCpuMs = 0;
    const serviceCpuBefore = detection.cpuMs() + batched.cpuMs();
    const rawCpuBefore = rawWorker.cpuMs();
    const metricsBefore = { detection: await scrape(detection), embedding: await scrape(batched) };
    const rawStages: RawStageTotals = { decode: 0, detect: 0, align: 0, embed: 0 };
    const clientMs = { detect: 0, embed: 0 };
    const c1: number[] = [];
    const crops: AlignedCrop__Output[] = [];
    for (const [i, img] of images.entries()) {
      const viaRaw = async () => {
        const r = await rawWorker.process(i);
        rawMs.push(r.ms);
        rawFaces += r.faces;
        for (const k of Object.keys(rawStages) as (keyof RawStageTotals)[]) rawStages[k] += r.stages?.[k] ?? 0;
      };
      const viaService = async () => {
        const cpu = cpuNow();
        const r = await throughService(det, embB, img);
        clientCpuMs += cpuNow() - cpu;
        c1.push(r.ms);
        clientMs.detect += r.detectMs;
        clientMs.embed += r.ms - r.detectMs;
        crops.push(...r.crops);
      };
      if (i % 2 === 0) {
        await viaRaw();
        await viaService();
      } else {
        await viaService();
        await viaRaw();
      }
      if ((i + 1) % 50 === 0) progress(`  ${i + 1}/${images.length}`);
    }
    const serviceCpuMs = detection.cpuMs() + batched.cpuMs() - serviceCpuBefore;
    const rawCpuMs = rawWorker.cpuMs() - rawCpuBefore;
    const breakdown = c1Breakdown({
      images: images.length,
      raw: rawStages,
      detection: { before: metricsBefore.detection, after: await scrape(detection), clientMs: clientMs.detect },
      embedding: { before: metricsBefore.embedding, after: await scrape(batched), clientMs: clientMs.embed },
    });
    progress(`c1 overhead per image (ms): ${JSON.stringify(breakdown.overhead)}`);
    await rawWorker.close();

    // ONNX Runtime alone, below, runs in this process (the client's work is done).
    const inProcess = await createPipeline({ ...defaultModels(), ortOptions });
    pipeline = inProcess;

    // The ceiling of what batching can give: ONNX Runtime alone, in-process, CPU time per crop at batch 1 vs a full
    // batch, on the crops the services produced.
    const chips = crops.map((c) => ({ data: new Uint8Array(c.data), width: c.width, height: c.height }));
    const cpuPerCrop = async (batch: number) => {
      const cpu = cpuNow();
      for (let i = 0; i < chips.length; i += batch) await inProcess.embed(chips.slice(i, i + batch));
      return (cpuNow() - cpu) / chips.length;
    };
    await cpuPerCrop(options.maxBatch);
    const ortB1 = await cpuPerCrop(1);
    const ortBn = await cpuPerCrop(options.maxBatch);
    const ortB1Again = await cpuPerCrop(1);
    const ortBatch = {
      batch_1: round((ortB1 + ortB1Again) / 2),
      [`batch_${options.maxBatch}`]: round(ortBn),
      gain: round((ortB1 + ortB1Again) / 2 / ortBn, 3),
    };
    progress(`ORT alone: ${ortBatch.batch_1} ms CPU per crop at batch 1, ${round(ortBn)} at batch ${options.maxBatch}`);
    const rawResult = { ms: rawMs, faces: rawFaces };
    progress(`raw: p50 ${round(percentile(rawResult.ms, 50))} ms, ${rawResult.faces} faces`);
    progress(`services: p50 ${round(percentile(c1, 50))} ms, ${crops.length} faces`);

    // (c) Throughput, batching on and off, interleaved so drift in the machine's load hits both alike.
    const throughput: Record<string, PerMode> = {};
    const embedThroughput: Record<string, PerMode> = {};
    const meanBatch: PipelineBenchResult['mean_batch_size'] = { pipeline: {}, embed_only: {} };
    const throughputPerCpu: Record<string, PerMode> = {};
    const embedPerCpu: Record<string, PerMode> = {};
    // Each pass is cut into rounds that alternate batched/unbatched, so load drift on the machine hits both alike.
    const rounds = Math.max(1, Math.min(options.rounds, images.length));
    const slices = <T>(items: T[]): T[][] =>
      Array.from({ length: rounds }, (_, r) =>
        items.slice(Math.floor((r * items.length) / rounds), Math.floor(((r + 1) * items.length) / rounds)),
      );
    const modes = ['batched', 'unbatched'] as const;
    const clientOf = { batched: embB, unbatched: embU };
    for (const c of options.concurrency) {
      const key = `c${c}`;
      const tally = {
        pipeline: { batched: { n: 0, s: 0, cpu: 0 }, unbatched: { n: 0, s: 0, cpu: 0 } },
        embed: { batched: { n: 0, s: 0, cpu: 0 }, unbatched: { n: 0, s: 0, cpu: 0 } },
      };
      const serviceOf = { batched, unbatched };
      const before = await batchCounters(batched);
      for (const [r, chunk] of slices(images).entries()) {
        for (const mode of r % 2 === 0 ? modes : [...modes].reverse()) {
          const t = performance.now();
          const cpu = detection.cpuMs() + serviceOf[mode].cpuMs();
          const faces = await pool(
            chunk.length,
            c,
            async (i) => (await throughService(det, clientOf[mode], chunk[i])).crops.length,
          );
          tally.pipeline[mode].s += (performance.now() - t) / 1000;
          tally.pipeline[mode].cpu += (detection.cpuMs() + serviceOf[mode].cpuMs() - cpu) / 1000;
          tally.pipeline[mode].n += faces.reduce((sum, n) => sum + n, 0);
        }
      }
      const middle = await batchCounters(batched);
      for (const [r, chunk] of slices(crops).entries()) {
        for (const mode of r % 2 === 0 ? modes : [...modes].reverse()) {
          const t = performance.now();
          const cpu = serviceOf[mode].cpuMs();
          await pool(chunk.length, c, (i) => clientOf[mode].embed({ crops: [chunk[i]] }));
          tally.embed[mode].s += (performance.now() - t) / 1000;
          tally.embed[mode].cpu += (serviceOf[mode].cpuMs() - cpu) / 1000;
          tally.embed[mode].n += chunk.length;
        }
      }
      const after = await batchCounters(batched);
      const rate = (x: { n: number; s: number }) => round(x.s > 0 ? x.n / x.s : 0, 1);
      const perCpu = (x: { n: number; cpu: number }) => round(x.cpu > 0 ? x.n / x.cpu : 0, 1);
      throughputPerCpu[key] = { batched: perCpu(tally.pipeline.batched), unbatched: perCpu(tally.pipeline.unbatched) };
      embedPerCpu[key] = { batched: perCpu(tally.embed.batched), unbatched: perCpu(tally.embed.unbatched) };
      throughput[key] = { batched: rate(tally.pipeline.batched), unbatched: rate(tally.pipeline.unbatched) };
      embedThroughput[key] = { batched: rate(tally.embed.batched), unbatched: rate(tally.embed.unbatched) };
      const meanOf = (a: { sum: number; count: number }, b: { sum: number; count: number }) =>
        b.count > a.count ? round((b.sum - a.sum) / (b.count - a.count)) : 0;
      meanBatch.pipeline[key] = meanOf(before, middle);
      meanBatch.embed_only[key] = meanOf(middle, after);
      progress(
        `${key}: end to end ${throughput[key].batched} vs ${throughput[key].unbatched} faces/s (batched vs not), ` +
          `embed only ${embedThroughput[key].batched} vs ${embedThroughput[key].unbatched} crops/s; per CPU-second ` +
          `${throughputPerCpu[key].batched} vs ${throughputPerCpu[key].unbatched} faces, ` +
          `${embedPerCpu[key].batched} vs ${embedPerCpu[key].unbatched} crops`,
      );
    }

    // (d) Memory after the load above.
    const [dm, bm, um] = [detection.memory(), batched.memory(), unbatched.memory()];
    for (const client of [det, embB, embU]) client.close();

    const gain = (t: Record<string, PerMode>) =>
      Object.fromEntries(Object.entries(t).map(([k, v]) => [k, round(v.batched / v.unbatched, 3)]));
    return {
      command: './visor bench pipeline --json',
      images: images.length,
      datasets,
      faces: crops.length,
      faces_raw: rawResult.faces,
      raw_ms_p50: round(percentile(rawResult.ms, 50)),
      raw_ms_p90: round(percentile(rawResult.ms, 90)),
      raw_ms_mean: round(mean(rawResult.ms)),
      service_ms_p50: round(percentile(c1, 50)),
      service_ms_p90: round(percentile(c1, 90)),
      service_ms_mean: round(mean(c1)),
      overhead_ratio: round(percentile(c1, 50) / percentile(rawResult.ms, 50), 3),
      c1_breakdown_ms: breakdown,
      cpu_ms_per_image: {
        raw: round(rawCpuMs / images.length),
        services: round(serviceCpuMs / images.length),
        client: round(clientCpuMs / images.length),
      },
      cpu_overhead_ratio: round(serviceCpuMs / rawCpuMs, 3),
      ort_cpu_ms_per_crop: ortBatch,
      throughput_fps: throughput,
      batching_gain: gain(throughput),
      embed_throughput_fps: embedThroughput,
      embed_batching_gain: gain(embedThroughput),
      faces_per_cpu_second: throughputPerCpu,
      cpu_batching_gain: gain(throughputPerCpu),
      embed_crops_per_cpu_second: embedPerCpu,
      embed_cpu_batching_gain: gain(embedPerCpu),
      mean_batch_size: meanBatch,
      rss_mb: { detection: round(dm.rssMb, 1), embedding: round(bm.rssMb, 1), embedding_unbatched: round(um.rssMb, 1) },
      peak_rss_mb: {
        detection: round(dm.peakMb, 1),
        embedding: round(bm.peakMb, 1),
        embedding_unbatched: round(um.peakMb, 1),
      },
      config: {
        max_batch: options.maxBatch,
        max_wait_ms: options.maxWaitMs,
        intra_op_threads: options.intraOpThreads,
        warmup_images: warm.length,
        rounds,
      },
      machine: machineInfo(loadavgStart),
    };
  } finally {
    await pipeline?.close();
    await raw?.close();
    await Promise.all(services.map((s) => s.stop()));
  }
}

if (import.meta.main && process.env.VISOR_BENCH_RAW_WORKER) {
  void rawWorkerMain(JSON.parse(process.env.VISOR_BENCH_RAW_WORKER) as RawWorkerSpec);
}
