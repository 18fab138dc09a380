// Test harness for the enrollment integration tests: the real detection and embedding services in-process, and the
// service's pool, environment and in-process config against the test stack. The generic parts (throw-away
// databases, services as child processes, polling, reading the events stream) are @visor/testkit's.
import { loadDetectionConfig } from '@visor/detection-service/src/config.ts';
import { startDetectionService } from '@visor/detection-service/src/main.ts';
import { loadEmbeddingConfig } from '@visor/embedding-service/src/config.ts';
import { startEmbeddingService } from '@visor/embedding-service/src/main.ts';
import { createPool, type Pool } from '@visor/store';
import { eventually, requireEnv, type TestDatabase } from '@visor/testkit';
import { type EnrollmentConfig, loadEnrollmentConfig } from '../src/config.ts';

export type Peers = { detectionAddr: string; embeddingAddr: string; close: () => Promise<void> };

/** Detection and embedding on ephemeral ports with the real ONNX models (needs the ORT jest environment). */
export async function startPeers(): Promise<Peers> {
  const base = { VISOR_GRPC_PORT: '1', VISOR_HTTP_PORT: '1', VISOR_LOG_LEVEL: 'warn' };
  const modelsDir = process.env.VISOR_MODELS_DIR ? { VISOR_MODELS_DIR: process.env.VISOR_MODELS_DIR } : {};
  // Port 0: the OS picks (the schemas' minimum of 1 is for operators, not tests).
  const detection = await startDetectionService({
    ...loadDetectionConfig({ ...base, ...modelsDir }),
    VISOR_GRPC_PORT: 0,
    VISOR_HTTP_PORT: 0,
  });
  const embedding = await startEmbeddingService({
    ...loadEmbeddingConfig({ ...base, ...modelsDir }),
    VISOR_GRPC_PORT: 0,
    VISOR_HTTP_PORT: 0,
  });
  return {
    detectionAddr: detection.grpcAddress,
    embeddingAddr: embedding.grpcAddress,
    close: async () => {
      await embedding.close();
      await detection.close();
    },
  };
}

/** The service's own pool settings, for createTestDatabase. */
export const enrollmentPool = (url: string): Pool => createPool(url, { connectionLimit: 4 });

/** The environment of an enrollment process against the test stack. */
export function enrollmentEnv(
  db: TestDatabase<Pool>,
  peers: Peers,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    VISOR_MYSQL_URL: db.url,
    VISOR_NATS_URL: requireEnv('VISOR_NATS_URL'),
    VISOR_GCS_BUCKET: requireEnv('VISOR_GCS_BUCKET'),
    STORAGE_EMULATOR_HOST: requireEnv('STORAGE_EMULATOR_HOST'),
    VISOR_DETECTION_ADDR: peers.detectionAddr,
    VISOR_EMBEDDING_ADDR: peers.embeddingAddr,
    VISOR_LOG_LEVEL: 'warn',
    VISOR_PEER_TIMEOUT_MS: '120000',
    ...extra,
  };
}

/** In-process config on ephemeral ports. */
export function enrollmentConfig(env: Record<string, string>): EnrollmentConfig {
  const config = loadEnrollmentConfig({ ...env, VISOR_GRPC_PORT: '1', VISOR_HTTP_PORT: '1' });
  return { ...config, VISOR_GRPC_PORT: 0, VISOR_HTTP_PORT: 0 };
}

/** Waits until the relay has published every committed event of this database. */
export async function outboxDrained(pool: Pool): Promise<void> {
  await eventually(async () => {
    const [rows] = await pool.query('SELECT COUNT(*) AS n FROM enrollment_outbox WHERE published_at IS NULL');
    return Number((rows as Array<{ n: number }>)[0]?.n) === 0;
  });
}
