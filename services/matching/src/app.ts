// The service assembled from its config: MySQL + NATS → load the index → follow the events → gRPC + HTTP side
// port. main.ts runs it as the process; the integration tests start and stop it in-process.
import { hostname } from 'node:os';
import { EVENTS_STREAM, EVENTS_STREAM_SUBJECTS } from '@visor/contracts';
import { connectNats, consumeDurable, ensureStream } from '@visor/events';
import {
  grpcListen,
  httpListen,
  Lifecycle,
  type Logger,
  type Registry,
  startGrpcServer,
  startHttpServer,
} from '@visor/runtime';
import { createPool, pingPool } from '@visor/store';
import type { MatchingConfig } from './config.ts';
import { eventHandler, MATCHING_EVENT_SUBJECTS } from './events.ts';
import { mysqlFaceSource } from './faces.ts';
import { Matcher, type ModelRef } from './matching.ts';
import { matchingMetrics } from './metrics.ts';
import { matchingRegistration } from './server.ts';
import { type RegistryThresholds, thresholdResolver } from './thresholds.ts';

export type MatchingApp = {
  grpcPort: number;
  httpPort: number;
  matcher: Matcher;
  durable: string;
  /** Graceful stop: gRPC drains, the consumer settles its message, connections close. */
  stop: () => Promise<void>;
};

export type ModelRegistryAccess = { thresholds: RegistryThresholds | undefined; defaultModel: ModelRef | undefined };

export async function startMatchingService(
  config: MatchingConfig,
  deps: { logger: Logger; registry: Registry; lifecycle?: Lifecycle; models: ModelRegistryAccess },
): Promise<MatchingApp> {
  const { logger, registry } = deps;
  const lifecycle = deps.lifecycle ?? new Lifecycle();
  let matcher: Matcher | undefined;
  let ready = false;
  const metrics = matchingMetrics(registry, () => matcher);

  const http = await startHttpServer({
    ...httpListen(config),
    registry,
    lifecycle,
    readiness: { index: () => ready },
  });

  const pool = createPool(config.VISOR_MYSQL_URL);
  lifecycle.onShutdown('mysql', () => pool.end());
  await pingPool(pool);
  const nats = await connectNats(config.VISOR_NATS_URL, { name: 'matching' });
  lifecycle.onShutdown('nats', () => nats.close());

  matcher = new Matcher({
    thresholds: thresholdResolver({
      registry: deps.models.thresholds,
      far: config.VISOR_MATCH_FAR,
      fallback: config.VISOR_MATCH_THRESHOLD,
      logger,
    }),
    defaultModel: deps.models.defaultModel,
    defaultTopK: config.VISOR_MATCH_DEFAULT_TOP_K,
    approximateAbove: config.VISOR_MATCH_APPROXIMATE_ABOVE,
    ivf: config.VISOR_MATCH_PROBE_FRACTION ? { probeFraction: config.VISOR_MATCH_PROBE_FRACTION } : undefined,
    onRebuild: (info) => logger.info(info, 'gallery index rebuilt'),
    onBuildError: ({ error, ...gallery }) =>
      logger.error({ err: error, ...gallery }, 'gallery index build failed: serving from the previous index'),
  });

  // The publishers own the stream's limits; matching only creates it when it is missing, so it never rewrites them.
  const streamExists = await nats.jsm.streams.info(EVENTS_STREAM).then(
    () => true,
    () => false,
  );
  if (!streamExists) await ensureStream(nats.jsm, { name: EVENTS_STREAM, subjects: [...EVENTS_STREAM_SUBJECTS] });
  const durable =
    config.VISOR_MATCHING_DURABLE ?? `matching-${hostname().replace(/[^A-Za-z0-9_-]/g, '-')}`.slice(0, 64);

  // Load first, then consume. Events published during the load stay in the stream for the durable (at first start
  // it replays the stream from the beginning; after that it resumes at its ack floor), and applying an event whose
  // effect the load already saw is a no-op.
  const faces = mysqlFaceSource(pool, {
    onMissingTable: (err) =>
      logger.warn({ err }, 'faces/subjects tables do not exist yet (the enrollment service creates them): empty index'),
  });
  const started = performance.now();
  const loaded = await matcher.load(faces, (n) => logger.info({ faces: n }, 'loading faces'));
  logger.info(
    { faces: loaded, galleries: matcher.stats().length, ms: Math.round(performance.now() - started) },
    'index loaded',
  );

  const consumer = await consumeDurable({
    js: nats.js,
    jsm: nats.jsm,
    stream: EVENTS_STREAM,
    durable,
    inactiveThresholdMs: config.VISOR_MATCHING_DURABLE_INACTIVE_MS,
    filterSubjects: MATCHING_EVENT_SUBJECTS,
    handler: eventHandler({ matcher, faces, logger, metrics }),
    onError: (err, message) => logger.error({ err, subject: message.subject, seq: message.seq }, 'event handler threw'),
  });
  lifecycle.onShutdown('consumer', () => consumer.stop());
  consumer.done.catch((err) => {
    logger.error({ err }, 'event consumer stopped: the index no longer follows enrolments');
    ready = false;
  });
  logger.info({ durable, stream: EVENTS_STREAM }, 'following enrolment events');

  const grpc = await startGrpcServer({
    ...grpcListen(config),
    services: [matchingRegistration(matcher, metrics)],
    logger,
    registry,
    lifecycle,
  });
  ready = true;
  return {
    grpcPort: grpc.port,
    httpPort: http.port,
    matcher,
    durable,
    stop: () => lifecycle.shutdown(logger),
  };
}

/** The model registry (thresholds, default embedder); without it the service runs on VISOR_MATCH_THRESHOLD. */
export async function loadModelRegistry(logger: Logger): Promise<ModelRegistryAccess> {
  try {
    const models = await import('@visor/models');
    const registry = models.loadRegistry();
    const embedder = models.resolveModel('embedder', undefined, registry);
    return {
      thresholds: (model) => models.resolveModel('embedder', `${model.name}@${model.version}`, registry).thresholds,
      defaultModel: { name: embedder.name, version: embedder.version },
    };
  } catch (err) {
    logger.warn({ err }, 'model registry unavailable: requests must name their model, thresholds from config');
    return { thresholds: undefined, defaultModel: undefined };
  }
}
