// The gateway assembled from its config: MySQL (migrations, keys, audit) + NATS (outbox relay) + gRPC clients →
// REST server. main.ts runs it as the process; tests start it in-process.
import {
  createDetectionClient,
  createEmbeddingClient,
  createEnrollmentClient,
  createMatchingClient,
  EVENTS_STREAM,
  EVENTS_STREAM_SUBJECTS,
  waitForReady,
} from '@visor/contracts';
import { connectNats, ensureStream, publish } from '@visor/events';
import { Lifecycle, type Logger, type Registry } from '@visor/runtime';
import { createPool, pingPool, startOutboxRelay } from '@visor/store';
import { createSecurity, securityMetrics } from './audit.ts';
import { createAuthenticator } from './auth.ts';
import type { GatewayConfig } from './config.ts';
import { Lockout } from './lockout.ts';
import { TokenBucketLimiter } from './ratelimit.ts';
import { buildServer } from './server.ts';
import { migrateGateway, mysqlAuditLog, mysqlKeyStore, OUTBOX_TABLE } from './store.ts';

export type GatewayApp = { port: number; url: string; stop: () => Promise<void> };

export async function startGateway(
  config: GatewayConfig,
  deps: { logger: Logger; registry: Registry; lifecycle?: Lifecycle },
): Promise<GatewayApp> {
  const { logger, registry } = deps;
  const lifecycle = deps.lifecycle ?? new Lifecycle();

  // Several statements per query: an audit row and its event commit in one round trip (see @visor/store).
  const pool = createPool(config.VISOR_MYSQL_URL, { multipleStatements: true });
  lifecycle.onShutdown('mysql', () => pool.end());
  await migrateGateway(pool, (message) => logger.info(message));

  const nats = await connectNats(config.VISOR_NATS_URL, { name: 'gateway' });
  lifecycle.onShutdown('nats', () => nats.close());
  await ensureStream(nats.jsm, { name: EVENTS_STREAM, subjects: [...EVENTS_STREAM_SUBJECTS] });
  const relay = await startOutboxRelay({
    pool,
    table: OUTBOX_TABLE,
    minIntervalMs: config.VISOR_OUTBOX_MIN_INTERVAL_MS,
    publish: (subject, payload, options) => publish(nats.js, subject, payload, options),
    onError: (err) => logger.warn({ err }, 'outbox relay: publish failed, will retry'),
  });
  lifecycle.onShutdown('outbox relay', () => relay.stop());

  const peers = {
    detection: createDetectionClient(config.VISOR_DETECTION_ADDR),
    embedding: createEmbeddingClient(config.VISOR_EMBEDDING_ADDR),
    matching: createMatchingClient(config.VISOR_MATCHING_ADDR),
    enrollment: createEnrollmentClient(config.VISOR_ENROLLMENT_ADDR),
  };
  lifecycle.onShutdown('grpc clients', () => {
    for (const client of Object.values(peers)) client.close();
  });

  const security = createSecurity(mysqlAuditLog(pool, relay.notify), securityMetrics(registry));
  const lockout = new Lockout({
    maxFailures: config.VISOR_LOCKOUT_MAX_FAILURES,
    windowMs: config.VISOR_LOCKOUT_WINDOW_MS,
    lockMs: config.VISOR_LOCKOUT_DURATION_MS,
  });
  const pruner = setInterval(() => lockout.prune(), 60_000);
  pruner.unref();
  lifecycle.onShutdown('lockout pruner', () => clearInterval(pruner));

  const timeoutMs = config.VISOR_GATEWAY_RPC_TIMEOUT_MS;
  const reachable = (client: (typeof peers)[keyof typeof peers]) => async () => {
    await waitForReady(client, 1_500);
    return true;
  };
  const app = await buildServer({
    authenticator: createAuthenticator(mysqlKeyStore(pool), {
      cacheMs: config.VISOR_API_KEY_CACHE_MS,
      onTouchError: (err) => logger.warn({ err }, 'could not update api_keys.last_used_at'),
    }),
    limiter: new TokenBucketLimiter({
      ratePerSecond: config.VISOR_RATE_LIMIT_PER_SECOND,
      burst: config.VISOR_RATE_LIMIT_BURST,
    }),
    authFailures: new TokenBucketLimiter({
      ratePerSecond: config.VISOR_AUTH_FAILURES_PER_SECOND,
      burst: config.VISOR_AUTH_FAILURES_BURST,
    }),
    recognition: { peers, security, lockout, timeoutMs, identifyMinFacePx: config.VISOR_IDENTIFY_MIN_FACE_PX },
    subjects: { enrollment: peers.enrollment, timeoutMs },
    settings: { enrollment: peers.enrollment, timeoutMs },
    limits: {
      maxImageBytes: config.VISOR_MAX_IMAGE_BYTES,
      maxImages: config.VISOR_MAX_IMAGES_PER_REQUEST,
      maxJsonBytes: config.VISOR_MAX_JSON_BYTES,
    },
    trustProxy: config.VISOR_TRUST_PROXY,
    registry,
    logger,
    lifecycle,
    readiness: {
      mysql: () => pingPool(pool),
      nats: () => !nats.nc.isClosed(),
      detection: reachable(peers.detection),
      embedding: reachable(peers.embedding),
      matching: reachable(peers.matching),
      enrollment: reachable(peers.enrollment),
    },
  });
  await app.listen({ port: config.VISOR_HTTP_PORT, host: config.VISOR_HTTP_HOST });
  // Registered last, so it closes first: stop taking requests, finish in-flight ones, then the rest.
  lifecycle.onShutdown('http', () => app.close());
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.VISOR_HTTP_PORT;
  logger.info({ port }, 'gateway listening');
  return { port, url: `http://${config.VISOR_HTTP_HOST}:${port}`, stop: () => lifecycle.shutdown(logger) };
}
