// The service assembled from its config: MySQL (migrations) + GCS + NATS outbox relay + detection/embedding peers →
// domain → gRPC + HTTP side port. main.ts runs it as the process; integration tests start and stop it in-process.
import { fileURLToPath } from 'node:url';
import { EVENTS_STREAM, EVENTS_STREAM_SUBJECTS, SERVER_MESSAGE_LIMITS } from '@visor/contracts';
import { connectNats, ensureStream, publish } from '@visor/events';
import {
  counter,
  grpcListen,
  httpListen,
  Lifecycle,
  type Logger,
  type Registry,
  startGrpcServer,
  startHttpServer,
} from '@visor/runtime';
import { createObjectStore, createPool, migrate, pingPool, startOutboxRelay } from '@visor/store';
import { Gauge } from 'prom-client';
import { type EnrollmentConfig, qualityGateOf } from './config.ts';
import { createEnrollment, type Enrollment } from './enrollment.ts';
import { connectPeers } from './peers.ts';
import { enrollmentRegistration } from './server.ts';
import { backlog, MIGRATIONS_TABLE, mysqlEnrollmentStore, OUTBOX_TABLE, purgeIdempotencyKeys } from './store.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url));

export type EnrollmentApp = {
  grpcAddress: string;
  httpUrl: string;
  enrollment: Enrollment;
  /** Graceful stop: gRPC drains, the relay publishes what is pending, connections close. */
  stop: () => Promise<void>;
};

export async function startEnrollmentService(
  config: EnrollmentConfig,
  deps: { logger: Logger; registry: Registry; lifecycle?: Lifecycle; afterCommit?: () => void },
): Promise<EnrollmentApp> {
  const { logger, registry } = deps;
  const lifecycle = deps.lifecycle ?? new Lifecycle();
  const state = { migrated: false, relayRunning: false };
  const pool = createPool(config.VISOR_MYSQL_URL);
  lifecycle.onShutdown('mysql', () => pool.end());
  const images = counter(registry, 'visor_enroll_images_total', 'AddFaces images by outcome', ['outcome']);
  new Gauge({
    name: 'visor_enroll_backlog',
    help: 'Committed events not yet published (outbox) and image erasures already due (erasures)',
    labelNames: ['queue'],
    registers: [registry],
    // Read at scrape time: a growing outbox means NATS is unreachable, growing erasures mean GCS deletes fail.
    async collect() {
      if (!state.migrated) return;
      try {
        const b = await backlog(pool);
        this.set({ queue: 'outbox' }, b.outboxPending);
        this.set({ queue: 'erasures' }, b.erasuresDue);
      } catch {
        // MySQL down: readiness says so; the gauge keeps its last values
      }
    },
  });

  const peers = connectPeers({
    detectionAddr: config.VISOR_DETECTION_ADDR,
    embeddingAddr: config.VISOR_EMBEDDING_ADDR,
    timeoutMs: config.VISOR_PEER_TIMEOUT_MS,
  });
  lifecycle.onShutdown('peers', () => peers.close());

  const objects = createObjectStore({ bucket: config.VISOR_GCS_BUCKET });

  const http = await startHttpServer({
    ...httpListen(config),
    registry,
    lifecycle,
    readiness: {
      mysql: () => pingPool(pool),
      migrations: () => state.migrated,
      gcs: () => objects.ping(),
      outboxRelay: () => state.relayRunning,
      detection: peers.ready.detection,
      embedding: peers.ready.embedding,
    },
  });

  await pingPool(pool);
  const applied = await migrate(pool, MIGRATIONS_DIR, {
    table: MIGRATIONS_TABLE,
    log: (message) => logger.info(message),
  });
  state.migrated = true;
  logger.info({ applied: applied.applied.length, skipped: applied.skipped }, 'migrations up to date');

  const nats = await connectNats(config.VISOR_NATS_URL, { name: 'enrollment' });
  lifecycle.onShutdown('nats', () => nats.close());
  await ensureStream(nats.jsm, { name: EVENTS_STREAM, subjects: [...EVENTS_STREAM_SUBJECTS] });
  // Started before the gRPC server: events committed by a previous process that died before publishing go first.
  const relay = await startOutboxRelay({
    pool,
    table: OUTBOX_TABLE,
    pollMs: config.VISOR_OUTBOX_POLL_MS,
    publish: (subject, payload, options) => publish(nats.js, subject, payload, options),
    onError: (err) => logger.warn({ err }, 'outbox relay: publish failed, will retry'),
  });
  state.relayRunning = true;
  lifecycle.onShutdown('outbox relay', async () => {
    state.relayRunning = false;
    await relay.stop();
    // What committed during the drain goes out now rather than at the next start.
    await relay.drain().catch((err: unknown) => logger.warn({ err }, 'outbox not fully drained at shutdown'));
  });

  const store = mysqlEnrollmentStore(pool);
  const enrollment = createEnrollment({
    store,
    objects,
    detector: peers.detector,
    embedder: peers.embedder,
    gate: qualityGateOf(config),
    limits: {
      maxImages: config.VISOR_ENROLL_MAX_IMAGES,
      maxImageBytes: config.VISOR_ENROLL_MAX_IMAGE_BYTES,
      detectConcurrency: config.VISOR_ENROLL_DETECT_CONCURRENCY,
      orphanGraceMs: config.VISOR_ORPHAN_GRACE_MS,
    },
    retainImagesDefault: config.VISOR_ENROLL_RETAIN_IMAGES_DEFAULT,
    onOutbox: () => relay.notify(),
    afterCommit: deps.afterCommit,
    onImage: (outcome) => images.inc({ outcome }),
    log: logger,
  });

  // Housekeeping: orphaned or not-yet-erased images, expired idempotency keys.
  let sweeping: Promise<void> | undefined;
  const sweep = async () => {
    try {
      const erased = await enrollment.sweepErasures();
      if (erased > 0) logger.info({ erased }, 'erased orphaned or pending images');
      await purgeIdempotencyKeys(pool, config.VISOR_IDEMPOTENCY_TTL_HOURS * 3600_000);
    } catch (err) {
      logger.warn({ err }, 'sweep failed');
    }
  };
  const timer = setInterval(() => {
    sweeping ??= sweep().finally(() => {
      sweeping = undefined;
    });
  }, config.VISOR_SWEEP_INTERVAL_MS);
  timer.unref();
  lifecycle.onShutdown('sweeper', async () => {
    clearInterval(timer);
    await sweeping;
  });

  const grpc = await startGrpcServer({
    ...grpcListen(config),
    services: [enrollmentRegistration(enrollment)],
    logger,
    registry,
    lifecycle,
    serverOptions: SERVER_MESSAGE_LIMITS,
  });
  logger.info({ grpc: grpc.address, http: http.url }, 'enrollment service ready');
  return { grpcAddress: grpc.address, httpUrl: http.url, enrollment, stop: () => lifecycle.shutdown(logger) };
}
