// Environment of the enrollment service, validated once at start-up.
import { commonConfig, loadConfig, mysqlUrl, natsUrl, port, z } from '@visor/runtime';
import type { QualityGate } from './quality.ts';

const positiveInt = () => z.coerce.number().int().positive();
const fraction = () => z.coerce.number().min(0).max(1);
const bool = () => z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const configSchema = z.object({
  ...commonConfig,
  VISOR_GRPC_PORT: port().default(50054),
  VISOR_HTTP_PORT: port().default(9104),
  VISOR_MYSQL_URL: mysqlUrl(),
  VISOR_NATS_URL: natsUrl(),
  VISOR_GCS_BUCKET: z.string().min(1),
  /** host:port of the detection and embedding services. */
  VISOR_DETECTION_ADDR: z.string().min(1),
  VISOR_EMBEDDING_ADDR: z.string().min(1),
  /** Deadline of each Detect / Embed call. */
  VISOR_PEER_TIMEOUT_MS: positiveInt().default(30_000),
  /** Most images in one AddFaces call (more is INVALID_ARGUMENT). */
  VISOR_ENROLL_MAX_IMAGES: positiveInt().default(10),
  /** Largest encoded image accepted, per image. */
  VISOR_ENROLL_MAX_IMAGE_BYTES: positiveInt().default(10 * 1024 * 1024),
  /** Images of one call detected at once (each is a Detect call holding a decoded image on the detection side). */
  VISOR_ENROLL_DETECT_CONCURRENCY: positiveInt().default(2),
  /** Retention for tenants without a tenant_settings row. */
  VISOR_ENROLL_RETAIN_IMAGES_DEFAULT: bool().default(true),
  /**
   * Enrolment quality gate, applied to the measurements Detect returns: refuse faces that would make a poor template
   * (every later comparison against the subject uses it). Sharpness depends on resolution and compression; 0.1
   * refuses severe blur only (see README for the measured refusal rates).
   */
  VISOR_ENROLL_MIN_FACE_PX: positiveInt().default(80),
  VISOR_ENROLL_MIN_SHARPNESS: fraction().default(0.1),
  VISOR_ENROLL_MAX_YAW_DEG: z.coerce.number().positive().default(35),
  VISOR_ENROLL_MAX_PITCH_DEG: z.coerce.number().positive().default(30),
  VISOR_ENROLL_MAX_ROLL_DEG: z.coerce.number().positive().default(30),
  VISOR_ENROLL_MIN_BRIGHTNESS: fraction().default(0.12),
  VISOR_ENROLL_MAX_BRIGHTNESS: fraction().default(0.92),
  /** Idempotency keys are remembered this long. */
  VISOR_IDEMPOTENCY_TTL_HOURS: positiveInt().default(24),
  /** How long an uploaded, not yet committed image may live before the sweeper erases it as an orphan. */
  VISOR_ORPHAN_GRACE_MS: positiveInt().default(10 * 60_000),
  VISOR_SWEEP_INTERVAL_MS: positiveInt().default(60_000),
  VISOR_OUTBOX_POLL_MS: positiveInt().default(1_000),
  /** Test hook: exit abruptly (SIGKILL) right after an AddFaces transaction commits, before the relay publishes. */
  VISOR_TEST_CRASH_AFTER_COMMIT: bool().default(false),
});

export type EnrollmentConfig = z.output<typeof configSchema>;

export function loadEnrollmentConfig(env: Record<string, string | undefined> = process.env): EnrollmentConfig {
  return loadConfig(configSchema, env);
}

/** The enrolment quality gate the config sets. */
export function qualityGateOf(config: EnrollmentConfig): QualityGate {
  return {
    minFacePx: config.VISOR_ENROLL_MIN_FACE_PX,
    minSharpness: config.VISOR_ENROLL_MIN_SHARPNESS,
    maxYawDeg: config.VISOR_ENROLL_MAX_YAW_DEG,
    maxPitchDeg: config.VISOR_ENROLL_MAX_PITCH_DEG,
    maxRollDeg: config.VISOR_ENROLL_MAX_ROLL_DEG,
    minBrightness: config.VISOR_ENROLL_MIN_BRIGHTNESS,
    maxBrightness: config.VISOR_ENROLL_MAX_BRIGHTNESS,
  };
}
