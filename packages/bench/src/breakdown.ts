// Where the services' extra time per image goes at concurrency 1: the in-process pipeline's own stage timings next to
// the services' stage histograms, their gRPC handling times and the client's time per call. Every figure is a mean
// per image over the same pass, so the three parts of the overhead add up to services minus in-process.
import { round } from './stats.ts';

/** Sum of every sample of a Prometheus text exposition whose name is `name` and whose labels include `labels`. */
export function metricSum(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = new Map([...(match[2] ?? '').matchAll(/([a-zA-Z_]\w*)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => have.get(k) === v)) sum += Number(match[3]);
  }
  return sum;
}

/** The in-process pipeline's stages, ms summed over the pass (`Pipeline.process`'s `timingMs`). */
export interface RawStageTotals {
  decode: number;
  detect: number;
  align: number;
  embed: number;
}

/** One service's side of the pass: its /metrics text before and after, and the client's ms summed over its calls. */
export interface ServiceSide {
  before: string;
  after: string;
  clientMs: number;
}

export interface C1Breakdown {
  /** In-process, per image: its stages (align includes the quality measures, as in the detection service). */
  raw: RawStageTotals & { total: number };
  services: {
    detect_call: { client: number; server: number; decode: number; detect: number; align: number };
    embed_call: { client: number; server: number; embed: number; batch_wait: number };
    total: number;
  };
  /**
   * services.total − raw.total, in three parts: `stages`, the same stages slower (or faster) inside the services;
   * `handlers`, the rest of each call's server-side handling time (request receipt, mapping, response serialisation
   * up to the status); `transport`, the client's time per call beyond the server's (HTTP/2, wake-ups, the client's
   * own encoding and decoding).
   */
  overhead: { stages: number; handlers: number; transport: number };
}

const STAGE = 'visor_stage_seconds_sum';
const HANDLING = 'grpc_server_handling_seconds_sum';

/** Seconds a counter grew by between two scrapes, as ms per image. */
function grewMs(side: ServiceSide, name: string, labels: Record<string, string>, images: number): number {
  return ((metricSum(side.after, name, labels) - metricSum(side.before, name, labels)) * 1000) / images;
}

export function c1Breakdown(o: {
  images: number;
  raw: RawStageTotals;
  detection: ServiceSide;
  embedding: ServiceSide;
}): C1Breakdown {
  const n = o.images;
  const raw = { decode: o.raw.decode / n, detect: o.raw.detect / n, align: o.raw.align / n, embed: o.raw.embed / n };
  const d = o.detection;
  const e = o.embedding;
  const detectCall = {
    client: d.clientMs / n,
    server: grewMs(d, HANDLING, { grpc_method: 'Detect' }, n),
    decode: grewMs(d, STAGE, { stage: 'decode' }, n),
    detect: grewMs(d, STAGE, { stage: 'detect' }, n),
    align: grewMs(d, STAGE, { stage: 'align' }, n),
  };
  const embedCall = {
    client: e.clientMs / n,
    server: grewMs(e, HANDLING, { grpc_method: 'Embed' }, n),
    embed: grewMs(e, STAGE, { stage: 'embed' }, n),
    batch_wait: grewMs(e, STAGE, { stage: 'batch_wait' }, n),
  };
  const rawTotal = raw.decode + raw.detect + raw.align + raw.embed;
  const serviceStages = detectCall.decode + detectCall.detect + detectCall.align + embedCall.embed;
  const roundAll = <T extends Record<string, number>>(x: T): T =>
    Object.fromEntries(Object.entries(x).map(([k, v]) => [k, round(v)])) as T;
  return {
    raw: roundAll({ ...raw, total: rawTotal }),
    services: {
      detect_call: roundAll(detectCall),
      embed_call: roundAll(embedCall),
      total: round(detectCall.client + embedCall.client),
    },
    overhead: {
      stages: round(serviceStages - rawTotal),
      handlers: round(detectCall.server + embedCall.server - serviceStages),
      transport: round(detectCall.client - detectCall.server + embedCall.client - embedCall.server),
    },
  };
}
