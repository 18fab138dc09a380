// ./visor bench <benchmark> [--json]: runs a benchmark, prints its result (JSON with --json) on stdout and its
// progress on stderr. Benchmarks live in @visor/bench; this module only parses arguments and prints.
import { parseArgs } from 'node:util';

const USAGE = `usage:
  ./visor bench pipeline [--json] [--images N] [--concurrency 1,4,16] [--max-batch N] [--max-wait-ms MS]
                         [--threads N] [--warmup N] [--rounds N]
      raw in-process detect+embed vs the same through the detection and embedding services (gRPC), throughput
      with micro-batching on and off, and each service's RSS; images from $VISOR_DATASETS_DIR (../shared/datasets)
  ./visor bench match [--sizes 100000,1000000] [--dim 128] [--queries 500] [--random-queries 100]
                      [--similarity 0.7] [--seed N] [--probe-fraction F]
      matching index search speed and recall, exact vs approximate (packages/bench/src/match.ts); JSON on stdout
  ./visor bench api [--json] [--seconds 60] [--concurrency 16] [--subjects N] [--enrol-photos 2] [--rounds 3]
      POST /v1/verify through the gateway and all services (child processes, fresh database) at concurrency 1 vs
      the same work in-process, then sustained load with autocannon; needs MariaDB, NATS and fake-gcs-server from
      VISOR_MYSQL_URL, VISOR_NATS_URL, STORAGE_EMULATOR_HOST, VISOR_GCS_BUCKET, else the test instance's
      (started when down); photos from $VISOR_DATASETS_DIR/faces-dev
  ./visor bench group [--json] [--faces 120,80,60,40,30,24] [--width 1600] [--height 1200] [--runs 3]
      group mode on synthetic class photos (lfw-dev portraits shrunk to each face width, in a grid): faces found
      and time with its tiles and over the whole frame only
`;

const progress = (line: string) => process.stderr.write(`bench: ${line}\n`);

// Loaded on demand: the benchmarks pull in ONNX Runtime and the service clients.
const loadBench = () => import('@visor/bench');

async function pipeline(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      json: { type: 'boolean', default: false },
      images: { type: 'string' },
      concurrency: { type: 'string' },
      'max-batch': { type: 'string' },
      'max-wait-ms': { type: 'string' },
      threads: { type: 'string' },
      warmup: { type: 'string' },
      rounds: { type: 'string' },
      'datasets-dir': { type: 'string' },
    },
  });
  const bench = await loadBench();
  bench.tuneBenchClientCollector();
  const d = bench.DEFAULT_PIPELINE_OPTIONS;
  const result = await bench.runPipelineBench({
    datasetsDir: values['datasets-dir'] ?? bench.defaultDatasetsDir(),
    images: bench.nonNegativeInt('images', values.images, d.images),
    concurrency: values.concurrency
      ? values.concurrency.split(',').map((c) => bench.nonNegativeInt('concurrency', c, 1))
      : d.concurrency,
    maxBatch: bench.nonNegativeInt('max-batch', values['max-batch'], d.maxBatch),
    maxWaitMs: bench.nonNegativeInt('max-wait-ms', values['max-wait-ms'], d.maxWaitMs),
    intraOpThreads: bench.nonNegativeInt('threads', values.threads, d.intraOpThreads),
    warmup: bench.nonNegativeInt('warmup', values.warmup, d.warmup),
    rounds: bench.nonNegativeInt('rounds', values.rounds, d.rounds),
    progress,
  });
  if (values.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    const lines = [
      `images ${result.images} (${result.datasets.join(' + ')}), faces ${result.faces}`,
      `raw in-process   p50 ${result.raw_ms_p50} ms   p90 ${result.raw_ms_p90} ms`,
      `through services p50 ${result.service_ms_p50} ms   p90 ${result.service_ms_p90} ms   ratio ${result.overhead_ratio}`,
      ...Object.entries(result.throughput_fps).map(
        ([c, t]) =>
          `${c.padEnd(4)} faces/s batched ${t.batched}  unbatched ${t.unbatched}  (embed only: ${result.embed_throughput_fps[c]?.batched} vs ${result.embed_throughput_fps[c]?.unbatched})`,
      ),
      `RSS MB: detection ${result.rss_mb.detection}, embedding ${result.rss_mb.embedding} (unbatched ${result.rss_mb.embedding_unbatched})`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  return 0;
}

async function api(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      json: { type: 'boolean', default: false },
      seconds: { type: 'string' },
      concurrency: { type: 'string' },
      subjects: { type: 'string' },
      'enrol-photos': { type: 'string' },
      rounds: { type: 'string' },
      'datasets-dir': { type: 'string' },
    },
  });
  const bench = await loadBench();
  const d = bench.DEFAULT_API_OPTIONS;
  const result = await bench.runApiBench({
    datasetsDir: values['datasets-dir'] ?? bench.defaultDatasetsDir(),
    seconds: bench.nonNegativeInt('seconds', values.seconds, d.seconds),
    concurrency: bench.nonNegativeInt('concurrency', values.concurrency, d.concurrency),
    subjects: bench.nonNegativeInt('subjects', values.subjects, d.subjects),
    enrolPhotos: bench.nonNegativeInt('enrol-photos', values['enrol-photos'], d.enrolPhotos),
    rounds: bench.nonNegativeInt('rounds', values.rounds, d.rounds),
    progress,
  });
  if (values.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    const s = result.sustained;
    const lines = [
      `${result.subjects} subjects, ${result.probes.used} probes (${result.c1_samples} samples at concurrency 1)`,
      `verify through the gateway p50 ${result.verify_ms_p50} ms, in-process p50 ${result.raw_pipeline_ms_p50} ms, ratio ${result.overhead_ratio}`,
      `sustained c${s.concurrency} ${s.seconds} s: ${s.requests} requests, ${s.errors} errors, ${s.rps}/s, p50 ${s.p50_ms} ms, p99 ${s.p99_ms} ms`,
      `RSS MB: ${Object.entries(result.rss_mb)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  return 0;
}

async function group(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      json: { type: 'boolean', default: false },
      faces: { type: 'string' },
      width: { type: 'string' },
      height: { type: 'string' },
      runs: { type: 'string' },
      'datasets-dir': { type: 'string' },
    },
  });
  const bench = await loadBench();
  const d = bench.DEFAULT_GROUP_OPTIONS;
  const result = await bench.runGroupBench({
    datasetsDir: values['datasets-dir'] ?? bench.defaultDatasetsDir(),
    faceWidths: values.faces ? values.faces.split(',').map((f) => bench.nonNegativeInt('faces', f, 1)) : d.faceWidths,
    width: bench.nonNegativeInt('width', values.width, d.width),
    height: bench.nonNegativeInt('height', values.height, d.height),
    runs: bench.nonNegativeInt('runs', values.runs, d.runs),
    progress,
  });
  if (values.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    const lines = [
      `${result.canvas}, ${result.portraits}, ${result.tiles_per_frame} tiles per frame`,
      ...result.frames.map(
        (f) =>
          `${String(f.face_px).padStart(4)} px: ${f.tiled.found}/${f.faces} found with tiles (+${f.tiled.extra}) in ` +
          `${f.tiled.ms_p50} ms; whole frame only ${f.whole_frame_only.found} (+${f.whole_frame_only.extra}) in ` +
          `${f.whole_frame_only.ms_p50} ms`,
      ),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  return 0;
}

async function match(args: string[]): Promise<number> {
  const bench = await loadBench();
  const result = await bench.runMatchBench({ ...bench.parseMatchBenchArgs(args), progress });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  return 0;
}

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  try {
    switch (sub) {
      case 'pipeline':
        return await pipeline(rest);
      case 'match':
        return await match(rest);
      case 'api':
        return await api(rest);
      case 'group':
        return await group(rest);
      default:
        process.stderr.write(
          sub && sub !== 'help' && sub !== '--help' ? `visor bench: unknown benchmark '${sub}'\n${USAGE}` : USAGE,
        );
        return sub && sub !== 'help' && sub !== '--help' ? 2 : 0;
    }
  } catch (err) {
    process.stderr.write(`visor bench: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
