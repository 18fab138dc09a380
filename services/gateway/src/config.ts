// Environment of the gateway, validated once at start.
import { commonConfig, loadConfig, mysqlUrl, natsUrl, port, z } from '@visor/runtime';
import { IDENTIFY_MIN_FACE_PX } from './recognition.ts';

const address = () => z.string().regex(/^[^\s:]+:\d{1,5}$/, 'host:port');

export const configSchema = z.object({
  ...commonConfig,
  VISOR_HTTP_PORT: port().default(8080),
  VISOR_MYSQL_URL: mysqlUrl(),
  VISOR_NATS_URL: natsUrl(),
  VISOR_DETECTION_ADDR: address().default('127.0.0.1:50051'),
  VISOR_EMBEDDING_ADDR: address().default('127.0.0.1:50052'),
  VISOR_MATCHING_ADDR: address().default('127.0.0.1:50053'),
  VISOR_ENROLLMENT_ADDR: address().default('127.0.0.1:50054'),
  /** Deadline of each downstream gRPC call. */
  VISOR_GATEWAY_RPC_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
  /** Identify reports narrower faces without searching them (recognition.ts, IDENTIFY_MIN_FACE_PX). */
  VISOR_IDENTIFY_MIN_FACE_PX: z.coerce.number().int().min(1).default(IDENTIFY_MIN_FACE_PX),
  /**
   * How long an API key read from MySQL is reused before it is read again; a revocation (./visor keys revoke)
   * takes effect on every replica within this time. 0 reads the key on every request.
   */
  VISOR_API_KEY_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
  /**
   * The outbox relay publishes the AuthAttempt / SecurityAlert events at most this often (a batch per interval
   * instead of a MySQL transaction and a wake-up per request): events reach NATS up to this much after the answer.
   * They are committed with the audit row before the answer either way. 0 = publish after every request.
   */
  VISOR_OUTBOX_MIN_INTERVAL_MS: z.coerce.number().int().min(0).max(10_000).default(500),
  /** Per-key token bucket: sustained requests per second and burst size. */
  VISOR_RATE_LIMIT_PER_SECOND: z.coerce.number().gt(0).default(10),
  VISOR_RATE_LIMIT_BURST: z.coerce.number().int().min(1).default(30),
  /**
   * Proxies whose X-Forwarded-For is believed, as Fastify's trustProxy addresses/CIDRs (comma-separated); unset =
   * none, and the client address is the TCP peer.
   */
  VISOR_TRUST_PROXY: z.string().min(1).optional(),
  /** Failed authentications per client address (sustained per second, burst) before it gets 429 unread. */
  VISOR_AUTH_FAILURES_PER_SECOND: z.coerce.number().gt(0).default(1),
  VISOR_AUTH_FAILURES_BURST: z.coerce.number().int().min(1).default(20),
  /** Failed verifications of one subject within the window that lock it, and for how long. */
  VISOR_LOCKOUT_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  VISOR_LOCKOUT_WINDOW_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(5 * 60_000),
  VISOR_LOCKOUT_DURATION_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(15 * 60_000),
  /** Upload limits. */
  VISOR_MAX_IMAGE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(10 * 1024 * 1024),
  VISOR_MAX_IMAGES_PER_REQUEST: z.coerce.number().int().min(1).max(20).default(5),
  VISOR_MAX_JSON_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(64 * 1024),
});

export type GatewayConfig = z.output<typeof configSchema>;

export const loadGatewayConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfig(configSchema, env);
