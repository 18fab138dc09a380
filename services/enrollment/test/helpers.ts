// Test harness for the enrollment integration tests: the real detection and embedding services in-process, a
// throw-away MySQL database, the service in-process or as a child process, and a reader of the JetStream stream.
// Candidates for @visor/testkit (startPeers, createTestDatabase, readStreamEvents, eventually).
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DeliverPolicy } from '@nats-io/jetstream';
import { EVENTS_STREAM, EVENTS_STREAM_SUBJECTS } from '@visor/contracts';
import { loadDetectionConfig } from '@visor/detection-service/src/config.ts';
import { startDetectionService } from '@visor/detection-service/src/main.ts';
import { loadEmbeddingConfig } from '@visor/embedding-service/src/config.ts';
import { startEmbeddingService } from '@visor/embedding-service/src/main.ts';
import { ensureStream, type NatsHandle } from '@visor/events';
import { createPool, type Pool } from '@visor/store';
import { requireEnv } from '@visor/testkit';
import { type EnrollmentConfig, loadEnrollmentConfig } from '../src/config.ts';

export const MAIN_TS = fileURLToPath(new URL('../src/main.ts', import.meta.url));

/** Polls `probe` until it returns true; the test's own timeout bounds the wait (no timed assertion). */
export async function eventually(probe: () => Promise<boolean> | boolean, intervalMs = 50): Promise<void> {
  for (;;) {
    if (await probe()) return;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

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

export type TestDatabase = { url: string; pool: Pool; drop: () => Promise<void> };

/** A fresh database on the test MariaDB, dropped by drop(). */
export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const mysqlUrl = requireEnv('VISOR_MYSQL_URL');
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = createPool(mysqlUrl, { connectionLimit: 1 });
  await admin.query(`CREATE DATABASE \`${name}\``);
  const url = new URL(mysqlUrl);
  url.pathname = `/${name}`;
  const pool = createPool(url.toString(), { connectionLimit: 4 });
  return {
    url: url.toString(),
    pool,
    drop: async () => {
      await pool.end();
      await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.end();
    },
  };
}

/** The environment of an enrollment process against the test stack. */
export function enrollmentEnv(
  db: TestDatabase,
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

export type ChildService = { process: ChildProcess; grpcAddress: string; exited: Promise<NodeJS.Signals | number> };

/** A port that was free a moment ago (the config schema refuses port 0, so a child process needs a real one). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** The service as its own process (`node src/main.ts`); resolves once it logs that it is ready. */
export async function spawnEnrollment(env: Record<string, string>): Promise<ChildService> {
  const ports = { VISOR_GRPC_PORT: String(await freePort()), VISOR_HTTP_PORT: String(await freePort()) };
  const child = spawn(process.execPath, [MAIN_TS], {
    cwd: path.dirname(MAIN_TS),
    env: { ...process.env, ...env, ...ports, VISOR_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<NodeJS.Signals | number>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code ?? 0)),
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const grpcAddress = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      for (const line of buffered.split('\n')) {
        if (!line.includes('enrollment service ready')) continue;
        try {
          resolve(String(JSON.parse(line).grpc));
        } catch {
          // a partial line; the next chunk completes it
        }
      }
    });
    exited.then((how) => reject(new Error(`enrollment exited (${how}) before it was ready:\n${stderr}`)));
  });
  return { process: child, grpcAddress, exited };
}

export type StreamEvent = { subject: string; msgId: string | undefined; data: Uint8Array; seq: number };

/** Next sequence the events stream will assign: read events from here to see only this test's. */
export async function nextStreamSeq(nats: NatsHandle): Promise<number> {
  await ensureStream(nats.jsm, { name: EVENTS_STREAM, subjects: [...EVENTS_STREAM_SUBJECTS] });
  return (await nats.jsm.streams.info(EVENTS_STREAM)).state.last_seq + 1;
}

/** Every message stored in the events stream from `fromSeq` on, read with an ordered consumer. */
export async function readStreamEvents(nats: NatsHandle, fromSeq: number): Promise<StreamEvent[]> {
  const consumer = await nats.js.consumers.get(EVENTS_STREAM, {
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: fromSeq,
  });
  const out: StreamEvent[] = [];
  let pending = (await consumer.info()).num_pending;
  while (pending > 0) {
    const batch = await consumer.fetch({ max_messages: Math.min(pending, 256), expires: 5_000 });
    for await (const m of batch) {
      out.push({ subject: m.subject, msgId: m.headers?.get('Nats-Msg-Id'), data: m.data, seq: m.seq });
      pending--;
      if (pending === 0) break;
    }
  }
  return out;
}

/** Waits until the relay has published every committed event of this database. */
export async function outboxDrained(pool: Pool): Promise<void> {
  await eventually(async () => {
    const [rows] = await pool.query('SELECT COUNT(*) AS n FROM enrollment_outbox WHERE published_at IS NULL');
    return Number((rows as Array<{ n: number }>)[0]?.n) === 0;
  });
}
