// `./visor bench api`: 1:1 verification through the REST gateway and all the services behind it, against the same
// work done in-process, in one run: (a) POST /v1/verify at concurrency 1 vs (b) decode → detect → align → embed →
// exact cosine against the subject's templates in this process, interleaved probe by probe; then sustained verify
// load at a fixed concurrency with autocannon; then each service's memory.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadRegistry, modelId, modelsDir, resolveModel } from '@visor/models';
import { eventually, readLabels } from '@visor/testkit';
import { createPipeline, type Pipeline } from '@visor/vision';
import sharp from 'sharp';
import { type ApiClient, createApiClient, errorCode, multipart, type PreparedRequest } from './api-http.ts';
import { type SustainedResult, sustainedLoad } from './api-load.ts';
import { ensureInfrastructure, StackHandle } from './api-stack.ts';
import { type MachineInfo, machineInfo } from './machine.ts';
import { defaultModels } from './models.ts';
import { procCpuMs } from './services.ts';
import { mean, percentile, round } from './stats.ts';

export interface ApiBenchOptions {
  datasetsDir: string;
  /** Identities of faces-dev to enrol (those with at least two photos, in labels.csv order); 0 = all of them. */
  subjects: number;
  /** Photos enrolled per subject (fewer when the identity has fewer than this + 1); the others are probes. */
  enrolPhotos: number;
  /** Passes over the probes at concurrency 1. */
  rounds: number;
  /** Sustained load: connections and duration. */
  concurrency: number;
  seconds: number;
  progress: (line: string) => void;
}

export const DEFAULT_API_OPTIONS: Omit<ApiBenchOptions, 'datasetsDir' | 'progress'> = {
  subjects: 0,
  enrolPhotos: 2,
  rounds: 3,
  concurrency: 16,
  seconds: 60,
};

/** Gateway settings for the bench: the per-key limiter is raised so the load measures the stack, not the limiter. */
export const BENCH_GATEWAY_LIMITS = { ratePerSecond: 100_000, burst: 100_000 };

const SERVICE_NAMES = ['detection', 'embedding', 'matching', 'enrollment', 'gateway'] as const;
type ServiceName = (typeof SERVICE_NAMES)[number];
type PerService = Record<ServiceName, number>;

export interface ApiBenchResult {
  command: string;
  dataset: string;
  subjects: number;
  enrolled_faces: number;
  probes: {
    /** Photos of enrolled people that were not enrolled. */
    genuine: number;
    /** Answered 200 with match: true on the first pass; the only ones timed and used for the load. */
    used: number;
    /** Refused on the first pass, by error code (e.g. low_quality for the verify quality gate). */
    refused: Record<string, number>;
    /** Answered 200 but match: false on the first pass (a false reject at the calibrated threshold). */
    not_matched: number;
  };
  /** Samples behind each median: used probes × rounds. */
  c1_samples: number;
  /** Later passes of used probes that did not verify, by code (no_match or the error code); expected empty. */
  c1_errors: Record<string, number>;
  verify_ms_p50: number;
  verify_ms_p90: number;
  verify_ms_mean: number;
  raw_pipeline_ms_p50: number;
  raw_pipeline_ms_p90: number;
  raw_pipeline_ms_mean: number;
  /** Where the in-process time goes: decode, detect, align, embed, score (mean ms). */
  raw_stage_ms_mean: Record<string, number>;
  /** verify_ms_p50 / raw_pipeline_ms_p50. */
  overhead_ratio: number;
  /**
   * CPU time per verification at concurrency 1: the in-process pipeline; all five services together (and each);
   * the bench's HTTP client. Other load on the machine does not inflate these, unlike the latencies.
   */
  cpu_ms_per_verify: { raw: number; services: number; client: number; by_service: PerService };
  cpu_overhead_ratio: number;
  /** Largest |gateway score − in-process score| over the timed probes: both paths did the same work. */
  score_max_abs_diff: number;
  /** Probes where the in-process pipeline found a number of faces other than one. */
  raw_face_count_mismatches: number;
  sustained: SustainedResult & { services_cpu_ms_per_request: number; cpu_ms_per_request_by_service: PerService };
  rss_mb: PerService;
  peak_rss_mb: PerService;
  model: { gateway: string; raw: string };
  /** The matching service's decision threshold and where it came from (the registry, else VISOR_MATCH_THRESHOLD). */
  threshold: { value: number; source: string };
  gateway_config: { rate_limit_per_second: number; rate_limit_burst: number; lockout: string };
  infrastructure: string;
  machine: MachineInfo & {
    note: string;
  };
}

type Photo = { file: string; bytes: Buffer };
type Subject = { identity: string; id: string; templates: Float32Array[]; enrolled: Photo[]; probes: Photo[] };

/** Same detection settings as the detection service's defaults for a verify probe (AUTO mode). */
const DETECT = { mode: 'auto' as const, minFacePx: 20, maxFaces: 64 };

/** faces-dev identities with at least two photos, in labels.csv order, with their photos' paths. */
function identities(dir: string): Array<{ identity: string; files: string[] }> {
  const byIdentity = new Map<string, string[]>();
  for (const row of readLabels(dir)) {
    if (!row.identity) continue;
    byIdentity.set(row.identity, [...(byIdentity.get(row.identity) ?? []), row.file]);
  }
  return [...byIdentity].filter(([, files]) => files.length >= 2).map(([identity, files]) => ({ identity, files }));
}

/** The matching service's verify score: the better of the best single template and the subjects' mean template. */
function subjectScore(templates: readonly Float32Array[], probe: Float32Array): number {
  const dim = probe.length;
  const meanVec = new Float64Array(dim);
  let best = Number.NEGATIVE_INFINITY;
  for (const t of templates) {
    let s = 0;
    for (let j = 0; j < dim; j++) {
      s += (t[j] as number) * (probe[j] as number);
      meanVec[j] = (meanVec[j] as number) + (t[j] as number);
    }
    best = Math.max(best, s);
  }
  if (templates.length === 1) return best;
  let n2 = 0;
  let s = 0;
  for (let j = 0; j < dim; j++) {
    n2 += (meanVec[j] as number) ** 2;
    s += (meanVec[j] as number) * (probe[j] as number);
  }
  return Math.max(best, n2 > 0 ? s / Math.sqrt(n2) : -1);
}

function procMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  return m ? round(Number(m[1]) / 1024, 1) : Number.NaN;
}

type Probe = { subject: Subject; photo: Photo; request: PreparedRequest };

type Sample = {
  probe: number;
  status: number;
  code: string;
  match: boolean;
  model: string;
  threshold: number;
  gatewayMs: number;
  gatewayScore: number;
  servicesCpuMs: number[];
  clientCpuMs: number;
  rawMs: number;
  rawCpuMs: number;
  rawScore: number;
  rawFaces: number;
  rawStages: Record<string, number>;
};

const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

export async function runApiBench(options: ApiBenchOptions): Promise<ApiBenchResult> {
  const { progress } = options;
  const loadavgStart = os.loadavg();
  const dir = path.join(options.datasetsDir, 'faces-dev');
  const all = identities(dir);
  const chosen = options.subjects > 0 ? all.slice(0, options.subjects) : all;
  if (chosen.length === 0) throw new Error(`${dir}/labels.csv names no identity with two or more photos`);
  if (options.enrolPhotos < 1 || options.rounds < 1 || options.concurrency < 1 || options.seconds < 1) {
    throw new Error('enrol photos, rounds, concurrency and seconds must all be at least 1');
  }
  progress(
    `load average ${loadavgStart.map((x) => x.toFixed(2)).join(' ')} on ${os.cpus().length} CPUs ` +
      '(a shared machine: latencies include other jobs; CPU times per request do not)',
  );

  // The matching service decides with the registry's calibrated threshold, else VISOR_MATCH_THRESHOLD (passed on to
  // it from this environment); with neither it refuses every verification, so say so before starting anything.
  const registry = loadRegistry();
  const embedder = resolveModel('embedder', undefined, registry);
  const far = process.env.VISOR_MATCH_FAR || '1e-3';
  const calibrated = embedder.thresholds?.far[far];
  const thresholdSource =
    typeof calibrated === 'number'
      ? `registry far=${far}`
      : process.env.VISOR_MATCH_THRESHOLD
        ? 'VISOR_MATCH_THRESHOLD'
        : '';
  if (!thresholdSource) {
    throw new Error(
      `models/registry.json has no calibrated threshold for ${modelId(embedder)} at far=${far}, so the matching ` +
        'service would refuse every verification: calibrate it (./visor calibrate) or set VISOR_MATCH_THRESHOLD',
    );
  }
  if (thresholdSource === 'VISOR_MATCH_THRESHOLD') {
    progress(
      `no calibrated threshold for ${modelId(embedder)}: matching uses VISOR_MATCH_THRESHOLD from the environment`,
    );
  }

  const infra = await ensureInfrastructure(progress);
  const handle = new StackHandle();
  let pipeline: Pipeline | undefined;
  let client: ApiClient | undefined;
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) {
      handle.killNow();
      process.exit(130);
    }
    interrupted = true;
    progress(`${signal}: stopping the services and dropping the database (again to kill at once) …`);
    void handle.stop(progress).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  // Whatever ends this process, no service outlives it.
  const onExit = () => handle.killNow();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('exit', onExit);
  try {
    // (b)'s side: the same models the services load by default, with the services' ONNX Runtime settings.
    pipeline = await createPipeline({
      ...defaultModels(registry, modelsDir({ ...process.env, ...infra.env })),
      ortOptions: { intraOpNumThreads: 1, graphOptimizationLevel: 'all' },
    });
    const raw = pipeline;
    // As the detection service does at start: no libvips operation cache (probes repeat across rounds, and a cache
    // hit would flatter the in-process side) and one decode thread.
    sharp.cache(false);
    sharp.concurrency(1);

    const stack = await handle.start(infra, BENCH_GATEWAY_LIMITS, progress);
    const url = stack.gatewayUrl;
    client = createApiClient(url, stack.key);
    const api = client.call;
    const pids = SERVICE_NAMES.map((name) => stack.services.get(name)?.process.pid ?? 0);
    const servicesCpu = () => pids.map((pid) => procCpuMs(pid));

    // Enrol each identity's first photos through the API; the in-process side embeds the same accepted photos.
    progress(`enrolling ${chosen.length} subjects (up to ${options.enrolPhotos} photos each) …`);
    const subjects: Subject[] = [];
    const read = (file: string): Photo => ({ file, bytes: readFileSync(path.join(dir, file)) });
    for (const { identity, files } of chosen) {
      const photos = files.map(read);
      const enrol = photos.slice(0, Math.min(options.enrolPhotos, photos.length - 1));
      const created = await api('POST', '/v1/subjects', { json: { externalId: identity, displayName: identity } });
      if (created.status !== 201)
        throw new Error(`POST /v1/subjects ${identity}: ${created.status} ${errorCode(created)}`);
      const id = (created.body as { id: string }).id;
      const added = await api('POST', `/v1/subjects/${id}/faces`, multipart({}, enrol));
      if (added.status !== 201) {
        progress(`  ${identity}: enrolment refused (${errorCode(added)}); left out`);
        continue;
      }
      const rejected = new Set(
        ((added.body as { rejected?: Array<{ index: number }> }).rejected ?? []).map((r) => r.index),
      );
      const enrolled = enrol.filter((_, i) => !rejected.has(i));
      const templates: Float32Array[] = [];
      for (const photo of enrolled) {
        const r = await raw.process(photo.bytes, DETECT);
        const embedding = r.ok ? r.value.faces[0]?.embedding : undefined;
        if (!embedding) throw new Error(`${photo.file}: enrolled through the API but no face in-process`);
        templates.push(embedding);
      }
      subjects.push({ identity, id, templates, enrolled, probes: photos.slice(enrol.length) });
    }
    const enrolledFaces = subjects.reduce((n, s) => n + s.enrolled.length, 0);
    progress(`  ${subjects.length} subjects, ${enrolledFaces} faces; waiting for the matching service's index …`);
    for (const s of subjects) {
      const probe = multipart({}, [s.enrolled[0] as Photo]);
      let last = '';
      await eventually(
        async () => {
          const res = await api('POST', '/v1/identify', probe);
          last = `${res.status} ${JSON.stringify(res.body)}`;
          const faces = (res.body as { faces?: Array<{ candidates: Array<{ subjectId: string }> }> }).faces ?? [];
          return res.status === 200 && faces.some((f) => f.candidates.some((c) => c.subjectId === s.id));
        },
        { intervalMs: 200, timeoutMs: 60_000, describe: () => `${s.identity} never identified: ${last}` },
      );
    }

    const probes: Probe[] = subjects.flatMap((subject) =>
      subject.probes.map((photo) => ({ subject, photo, request: multipart({ subjectId: subject.id }, [photo]) })),
    );
    if (probes.length === 0) throw new Error('no genuine probes: every photo was enrolled');

    const measure = async (index: number, gatewayFirst: boolean): Promise<Sample> => {
      const probe = probes[index] as Probe;
      const viaGateway = async () => {
        const cpu = cpuNow();
        const before = servicesCpu();
        const res = await api('POST', '/v1/verify', probe.request);
        const after = servicesCpu();
        const body = res.body as {
          match?: boolean;
          score?: number;
          threshold?: number;
          model?: { name: string; version: string };
        };
        return {
          status: res.status,
          code: res.status === 200 ? 'ok' : errorCode(res),
          match: res.status === 200 && body.match === true,
          model: body.model ? `${body.model.name}@${body.model.version}` : 'unknown',
          threshold: typeof body.threshold === 'number' ? body.threshold : Number.NaN,
          gatewayMs: res.ms,
          gatewayScore: typeof body.score === 'number' ? body.score : Number.NaN,
          servicesCpuMs: after.map((x, i) => x - (before[i] as number)),
          clientCpuMs: cpuNow() - cpu,
        };
      };
      const viaRaw = async () => {
        const cpu = cpuNow();
        const t = performance.now();
        const r = await raw.process(probe.photo.bytes, DETECT);
        const faces = r.ok ? r.value.faces : [];
        const embedding = faces[0]?.embedding;
        const scoring = performance.now();
        const rawScore = embedding ? subjectScore(probe.subject.templates, embedding) : Number.NaN;
        const end = performance.now();
        const rawStages = { ...(r.ok ? r.value.timingMs : {}), score: end - scoring };
        return { rawMs: end - t, rawCpuMs: cpuNow() - cpu, rawScore, rawFaces: faces.length, rawStages };
      };
      if (gatewayFirst) {
        const g = await viaGateway();
        return { probe: index, ...g, ...(await viaRaw()) };
      }
      const r = await viaRaw();
      return { probe: index, ...(await viaGateway()), ...r };
    };

    // Warm-up (untimed): first requests pay for lazy initialisation on both sides.
    for (let i = 0; i < Math.min(3, probes.length); i++) await measure(i, i % 2 === 0);

    // (a) vs (b), interleaved probe by probe and alternating which goes first, so load drift hits both alike.
    progress(`concurrency 1: ${probes.length} genuine probes × ${options.rounds} rounds, gateway vs in-process …`);
    const samples: Sample[] = [];
    let active = probes.map((_, i) => i);
    for (let round_ = 0; round_ < options.rounds; round_++) {
      for (const [k, i] of active.entries()) samples.push(await measure(i, (k + round_) % 2 === 0));
      if (round_ === 0) {
        // Only probes the gateway verified are timed and replayed under load: a refused probe does less work, and
        // repeated non-matches would lock the subject (5 failures in 5 min) and turn the load into 423s.
        active = active.filter((i) => samples.find((s) => s.probe === i)?.match === true);
        if (active.length === 0) throw new Error('no probe was verified on the first pass; see the gateway log');
      }
      progress(`  round ${round_ + 1}/${options.rounds} done`);
    }
    const first = samples.filter((_, n) => n < probes.length);
    const refused: Record<string, number> = {};
    for (const s of first) if (s.status !== 200) refused[s.code] = (refused[s.code] ?? 0) + 1;
    const used = new Set(active);
    // A verified probe that fails on a later pass is an error of the stack (nothing about the image changed).
    const laterErrors: Record<string, number> = {};
    for (const s of samples) {
      if (used.has(s.probe) && !s.match) {
        const code = s.status === 200 ? 'no_match' : s.code;
        laterErrors[code] = (laterErrors[code] ?? 0) + 1;
      }
    }
    const timed = samples.filter((s) => used.has(s.probe) && s.match);
    const gatewayMs = timed.map((s) => s.gatewayMs);
    const rawMs = timed.map((s) => s.rawMs);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const servicesCpuC1 = SERVICE_NAMES.map((_, i) => sum(timed.map((s) => s.servicesCpuMs[i] as number)));
    const perVerify = (x: number) => round(x / timed.length);
    const rawCpu = sum(timed.map((s) => s.rawCpuMs));
    progress(
      `  gateway p50 ${round(percentile(gatewayMs, 50))} ms, in-process p50 ${round(percentile(rawMs, 50))} ms ` +
        `(${timed.length} samples)`,
    );

    // Sustained load on the verified probes.
    progress(`sustained: ${options.concurrency} connections for ${options.seconds} s over ${active.length} probes …`);
    const before = servicesCpu();
    const sustained = await sustainedLoad({
      url,
      key: stack.key,
      route: '/v1/verify',
      bodies: active.map((i) => (probes[i] as Probe).request),
      concurrency: options.concurrency,
      seconds: options.seconds,
      timeoutSeconds: 30,
      progress,
      outcomeOf: (body) => {
        try {
          return (JSON.parse(body) as { match?: boolean }).match === true ? 'match' : 'no_match';
        } catch {
          return 'unparsable';
        }
      },
    });
    const sustainedCpu = servicesCpu().map((x, i) => x - (before[i] as number));
    const perRequest = (x: number) => round(sustained.requests > 0 ? x / sustained.requests : Number.NaN);
    progress(
      `  ${sustained.requests} requests, ${sustained.errors} errors, ${sustained.rps}/s, ` +
        `p50 ${sustained.p50_ms} ms, p99 ${sustained.p99_ms} ms`,
    );

    // Memory after the load.
    const memory = (field: 'VmRSS' | 'VmHWM') =>
      Object.fromEntries(SERVICE_NAMES.map((name, i) => [name, procMb(pids[i] as number, field)])) as PerService;
    const rss = memory('VmRSS');
    const peak = memory('VmHWM');
    const byService = (xs: number[], f: (x: number) => number) =>
      Object.fromEntries(SERVICE_NAMES.map((name, i) => [name, f(xs[i] as number)])) as PerService;

    // Leave nothing in the shared bucket: deleting a subject erases its stored images.
    let deleteFailures = 0;
    for (const s of subjects) if ((await api('DELETE', `/v1/subjects/${s.id}`)).status !== 204) deleteFailures++;
    if (deleteFailures > 0) progress(`could not delete ${deleteFailures} subjects (their images stay in the bucket)`);

    const flags = [
      options.seconds !== DEFAULT_API_OPTIONS.seconds ? ` --seconds ${options.seconds}` : '',
      options.concurrency !== DEFAULT_API_OPTIONS.concurrency ? ` --concurrency ${options.concurrency}` : '',
    ].join('');
    return {
      command: `./visor bench api --json${flags}`,
      dataset: 'faces-dev',
      subjects: subjects.length,
      enrolled_faces: enrolledFaces,
      probes: {
        genuine: probes.length,
        used: active.length,
        refused,
        not_matched: first.filter((s) => s.status === 200 && !s.match).length,
      },
      c1_samples: timed.length,
      c1_errors: laterErrors,
      verify_ms_p50: round(percentile(gatewayMs, 50)),
      verify_ms_p90: round(percentile(gatewayMs, 90)),
      verify_ms_mean: round(mean(gatewayMs)),
      raw_pipeline_ms_p50: round(percentile(rawMs, 50)),
      raw_pipeline_ms_p90: round(percentile(rawMs, 90)),
      raw_pipeline_ms_mean: round(mean(rawMs)),
      raw_stage_ms_mean: Object.fromEntries(
        Object.keys(timed[0]?.rawStages ?? {}).map((k) => [k, round(mean(timed.map((s) => s.rawStages[k] ?? 0)), 3)]),
      ),
      overhead_ratio: round(percentile(gatewayMs, 50) / percentile(rawMs, 50), 3),
      cpu_ms_per_verify: {
        raw: perVerify(rawCpu),
        services: perVerify(sum(servicesCpuC1)),
        client: perVerify(sum(timed.map((s) => s.clientCpuMs))),
        by_service: byService(servicesCpuC1, perVerify),
      },
      cpu_overhead_ratio: round(sum(servicesCpuC1) / rawCpu, 3),
      score_max_abs_diff: round(Math.max(...timed.map((s) => Math.abs(s.gatewayScore - s.rawScore))), 4),
      raw_face_count_mismatches: timed.filter((s) => s.rawFaces !== 1).length,
      sustained: {
        ...sustained,
        services_cpu_ms_per_request: perRequest(sum(sustainedCpu)),
        cpu_ms_per_request_by_service: byService(sustainedCpu, perRequest),
      },
      rss_mb: rss,
      peak_rss_mb: peak,
      model: { gateway: [...new Set(timed.map((s) => s.model))].join(', '), raw: modelId(embedder) },
      threshold: { value: timed[0]?.threshold ?? Number.NaN, source: thresholdSource },
      gateway_config: {
        rate_limit_per_second: BENCH_GATEWAY_LIMITS.ratePerSecond,
        rate_limit_burst: BENCH_GATEWAY_LIMITS.burst,
        lockout: 'default (5 failures in 5 min); only probes verified on the first pass are replayed',
      },
      infrastructure: infra.source,
      machine: {
        ...machineInfo(loadavgStart),
        note: 'shared machine: other jobs ran at the same time; see the load averages',
      },
    };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('exit', onExit);
    client?.close();
    await pipeline?.close();
    await handle.stop(progress);
  }
}
