// Matching service wiring: config → MySQL + NATS → load the index → follow the events → gRPC. Ready (/readyz,
// gRPC health) only once the initial load is done and the durable consumer runs.
import { hostname } from 'node:os';
import { EVENTS_STREAM, EVENTS_STREAM_SUBJECTS } from '@visor/contracts';
import { connectNats, consumeDurable, ensureStream } from '@visor/events';
import {
  createLogger,
  getRegistry,
  installSignalHandlers,
  onShutdown,
  startGrpcServer,
  startHttpServer,
} from '@visor/runtime';
import { createPool, pingPool } from '@visor/store';
import { loadMatchingConfig } from './config.ts';
import { eventHandler } from './events.ts';
import { mysqlFaceSource } from './faces.ts';
import { Matcher, type ModelRef } from './matching.ts';
import { matchingMetrics } from './metrics.ts';
import { matchingRegistration } from './server.ts';
import { type RegistryThresholds, thresholdResolver } from './thresholds.ts';

async function run(): Promise<void> {
  const config = loadMatchingConfig();
  const logger = createLogger(config.VISOR_SERVICE_NAME ?? 'matching', { level: config.VISOR_LOG_LEVEL });
  installSignalHandlers({ logger, timeoutMs: config.VISOR_SHUTDOWN_GRACE_MS + 5_000 });
  const registry = getRegistry();
  let matcher: Matcher | undefined;
  let ready = false;
  const metrics = matchingMetrics(registry, () => matcher);

  await startHttpServer({
    port: config.VISOR_HTTP_PORT,
    host: config.VISOR_HTTP_HOST,
    registry,
    readiness: { index: () => ready },
  });

  const pool = createPool(config.VISOR_MYSQL_URL);
  onShutdown('mysql', () => pool.end());
  await pingPool(pool);
  const nats = await connectNats(config.VISOR_NATS_URL, { name: 'matching' });
  onShutdown('nats', () => nats.close());

  const { registryThresholds, defaultModel } = await loadRegistry(logger);
  matcher = new Matcher({
    thresholds: thresholdResolver({
      registry: registryThresholds,
      far: config.VISOR_MATCH_FAR,
      fallback: config.VISOR_MATCH_THRESHOLD,
      logger,
    }),
    defaultModel,
    defaultTopK: config.VISOR_MATCH_DEFAULT_TOP_K,
    approximateAbove: config.VISOR_MATCH_APPROXIMATE_ABOVE,
    ivf: config.VISOR_MATCH_PROBE_FRACTION ? { probeFraction: config.VISOR_MATCH_PROBE_FRACTION } : undefined,
    onRebuild: (info) => logger.info(info, 'gallery index rebuilt'),
  });

  // The durable consumer exists before the load starts, so events published during the load are kept for us
  // (and applying them again after the load is harmless: every apply is idempotent).
  await ensureStream(nats.jsm, { name: EVENTS_STREAM, subjects: [...EVENTS_STREAM_SUBJECTS] });
  const durable =
    config.VISOR_MATCHING_DURABLE ?? `matching-${hostname().replace(/[^A-Za-z0-9_-]/g, '-')}`.slice(0, 64);

  const faces = mysqlFaceSource(pool);
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
    handler: eventHandler({ matcher, faces, logger, metrics }),
    onError: (err, message) => logger.error({ err, subject: message.subject, seq: message.seq }, 'event handler threw'),
  });
  onShutdown('consumer', () => consumer.stop());
  consumer.done.catch((err) => {
    logger.error({ err }, 'event consumer stopped: the index no longer follows enrolments');
    ready = false;
  });
  logger.info({ durable, stream: EVENTS_STREAM }, 'following enrolment events');

  await startGrpcServer({
    port: config.VISOR_GRPC_PORT,
    host: config.VISOR_GRPC_HOST,
    services: [matchingRegistration(matcher, metrics)],
    logger,
    registry,
    graceMs: config.VISOR_SHUTDOWN_GRACE_MS,
  });
  ready = true;
}

/** The model registry (thresholds, default embedder); the service still runs without it, on VISOR_MATCH_THRESHOLD. */
async function loadRegistry(
  logger: ReturnType<typeof createLogger>,
): Promise<{ registryThresholds: RegistryThresholds | undefined; defaultModel: ModelRef | undefined }> {
  try {
    const models = await import('@visor/models');
    const registry = models.loadRegistry();
    const embedder = models.resolveModel('embedder', undefined, registry);
    return {
      registryThresholds: (model) =>
        models.resolveModel('embedder', `${model.name}@${model.version}`, registry).thresholds,
      defaultModel: { name: embedder.name, version: embedder.version },
    };
  } catch (err) {
    logger.warn(
      { err },
      'model registry unavailable: requests must name their model; thresholds from VISOR_MATCH_THRESHOLD',
    );
    return { registryThresholds: undefined, defaultModel: undefined };
  }
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
