// The matching service against the real MariaDB and NATS JetStream of the test stack: initial load from the faces
// table, enrolment and deletion events, redelivery, and a restart that must not lose events published meanwhile.
import { randomBytes, randomUUID } from 'node:crypto';
import {
  createMatchingClient,
  EVENTS_STREAM,
  EventSubject,
  events,
  type IdentifyResponse__Output,
  type MatchingClient,
} from '@visor/contracts';
import { connectNats, type NatsHandle, publish } from '@visor/events';
import { gaussian, randomUnitVector, seededRandom, toFloat32Le } from '@visor/index';
import { createLogger, createRegistry } from '@visor/runtime';
import { createPool, type Pool } from '@visor/store';
import { requireEnv } from '@visor/testkit';
import { type MatchingApp, startMatchingService } from '../src/app.ts';
import { loadMatchingConfig } from '../src/config.ts';

const DIM = 128;
const model = { name: 'itest-model', version: '1' };
const THRESHOLD = 0.5;

// The layout the enrollment service owns (see services/matching/README.md); created here in a per-test database.
const SCHEMA = [
  `CREATE TABLE subjects (
     id VARCHAR(64) NOT NULL PRIMARY KEY,
     tenant_id VARCHAR(64) NOT NULL,
     external_id VARCHAR(255) NULL,
     created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
   )`,
  `CREATE TABLE faces (
     id VARCHAR(64) NOT NULL PRIMARY KEY,
     tenant_id VARCHAR(64) NOT NULL,
     subject_id VARCHAR(64) NOT NULL,
     model_name VARCHAR(64) NOT NULL,
     model_version VARCHAR(64) NOT NULL,
     embedding BLOB NOT NULL,
     created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     deleted_at DATETIME(3) NULL,
     KEY faces_tenant_model (tenant_id, model_name, model_version)
   )`,
];

const normal = gaussian(seededRandom(2026));
function unitVector(): Float32Array {
  const v = new Float32Array(DIM);
  randomUnitVector(normal, v);
  return v;
}

/** Polls `probe` until it returns true; the test's own timeout bounds the wait (no timed assertion). */
async function eventually(probe: () => Promise<boolean>): Promise<void> {
  for (;;) {
    if (await probe()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('matching service (real MariaDB + NATS JetStream)', () => {
  const mysqlUrl = requireEnv('VISOR_MYSQL_URL');
  const natsUrl = requireEnv('VISOR_NATS_URL');
  const run = randomBytes(4).toString('hex');
  const database = `visor_matching_test_${run}`;
  const tenant = `tenant-${run}`;
  const durable = `matching-test-${run}`;
  const logger = createLogger('matching-test', { level: 'silent' });
  let admin: Pool;
  let pool: Pool;
  let nats: NatsHandle;
  let dbUrl: string;
  let app: MatchingApp | undefined;
  let client: MatchingClient | undefined;

  const start = async () => {
    const config = loadMatchingConfig({
      VISOR_MYSQL_URL: dbUrl,
      VISOR_NATS_URL: natsUrl,
      VISOR_MATCH_THRESHOLD: String(THRESHOLD),
      VISOR_MATCHING_DURABLE: durable,
      VISOR_LOG_LEVEL: 'silent',
    });
    // Ephemeral ports: the test must not collide with a running stack.
    app = await startMatchingService(
      { ...config, VISOR_GRPC_PORT: 0, VISOR_HTTP_PORT: 0 },
      {
        logger,
        registry: createRegistry({ defaultMetrics: false }),
        models: { thresholds: undefined, defaultModel: undefined },
      },
    );
    client = createMatchingClient(`127.0.0.1:${app.grpcPort}`);
  };
  const stop = async () => {
    client?.close();
    client = undefined;
    await app?.stop();
    app = undefined;
  };

  const identify = (vector: Float32Array): Promise<IdentifyResponse__Output> =>
    (client as MatchingClient).identify({
      tenantId: tenant,
      embedding: { float32Le: toFloat32Le(vector), dimension: DIM },
      model,
    });
  const faceCount = async () => {
    const stats = await (client as MatchingClient).indexStats({ tenantId: tenant });
    return Number(stats.models.find((m) => m.model?.name === model.name)?.faces ?? 0);
  };

  const enrolled = (subjectId: string, faceId: string, vector: Float32Array) =>
    events.faceEnrolled.encode({
      eventId: randomUUID(),
      tenantId: tenant,
      subjectId,
      faceId,
      model,
      embedding: { float32Le: toFloat32Le(vector), dimension: DIM },
    });

  async function insertFace(subjectId: string, faceId: string, vector: Float32Array, externalId?: string) {
    await pool.query('INSERT IGNORE INTO subjects (id, tenant_id, external_id) VALUES (?, ?, ?)', [
      subjectId,
      tenant,
      externalId ?? null,
    ]);
    await pool.query(
      'INSERT INTO faces (id, tenant_id, subject_id, model_name, model_version, embedding) VALUES (?, ?, ?, ?, ?, ?)',
      [faceId, tenant, subjectId, model.name, model.version, Buffer.from(toFloat32Le(vector))],
    );
  }

  beforeAll(async () => {
    admin = createPool(mysqlUrl, { connectionLimit: 1 });
    await admin.query(`CREATE DATABASE \`${database}\``);
    const url = new URL(mysqlUrl);
    url.pathname = `/${database}`;
    dbUrl = url.toString();
    pool = createPool(dbUrl);
    for (const statement of SCHEMA) await pool.query(statement);
    nats = await connectNats(natsUrl, { name: 'matching-test-publisher' });
  });

  afterAll(async () => {
    await stop();
    await nats?.jsm.consumers.delete(EVENTS_STREAM, durable).catch(() => {});
    await nats?.close();
    await pool?.end();
    await admin?.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await admin?.end();
  });

  const alice = unitVector();
  const bob = unitVector();
  const carol = unitVector();
  const dave = unitVector();

  test('loads the faces already in MySQL at start, and answers only above the threshold', async () => {
    await insertFace('alice', 'face-alice-1', alice, 'ext-alice');
    await insertFace('deleted', 'face-deleted-1', unitVector());
    await pool.query('UPDATE faces SET deleted_at = CURRENT_TIMESTAMP(3) WHERE id = ?', ['face-deleted-1']);
    await start();
    expect(await faceCount()).toBe(1);
    const found = await identify(alice);
    expect(found.threshold).toBeCloseTo(THRESHOLD, 5);
    expect(found.candidates.map((c) => [c.subjectId, c.externalId, c.faceId])).toEqual([
      ['alice', 'ext-alice', 'face-alice-1'],
    ]);
    // a stranger is nobody, not the nearest subject
    expect((await identify(unitVector())).candidates).toEqual([]);
    const verified = await (client as MatchingClient).verify({
      tenantId: tenant,
      subjectId: 'alice',
      embedding: { values: [...alice], dimension: DIM },
      model,
    });
    expect(verified.match).toBe(true);
    expect(verified.bestFaceId).toBe('face-alice-1');
  });

  test('a FaceEnrolled event makes the face identifiable; a redelivery is harmless', async () => {
    await insertFace('bob', 'face-bob-1', bob, 'ext-bob');
    // Two publishes with distinct message ids: JetStream stores and delivers both, like an outbox retry would.
    await publish(nats.js, EventSubject.faceEnrolled, enrolled('bob', 'face-bob-1', bob), { msgId: randomUUID() });
    await publish(nats.js, EventSubject.faceEnrolled, enrolled('bob', 'face-bob-1', bob), { msgId: randomUUID() });
    await eventually(async () => (await identify(bob)).candidates.length > 0);
    const found = await identify(bob);
    expect(found.candidates.map((c) => [c.subjectId, c.externalId])).toEqual([['bob', 'ext-bob']]);
    // a marker event published after the duplicate: once it is applied, the duplicate was too
    const marker = unitVector();
    await insertFace('marker', 'face-marker-1', marker);
    await publish(nats.js, EventSubject.faceEnrolled, enrolled('marker', 'face-marker-1', marker));
    await eventually(async () => (await faceCount()) === 3);
    expect(await faceCount()).toBe(3);
  });

  test('a SubjectDeleted event makes the subject disappear', async () => {
    // as the enrollment service does: rows first, then the event through the outbox
    await pool.query('UPDATE faces SET deleted_at = CURRENT_TIMESTAMP(3) WHERE subject_id = ?', ['bob']);
    await publish(
      nats.js,
      EventSubject.subjectDeleted,
      events.subjectDeleted.encode({
        eventId: randomUUID(),
        tenantId: tenant,
        subjectId: 'bob',
        faceIds: ['face-bob-1'],
      }),
    );
    await eventually(async () => (await identify(bob)).candidates.length === 0);
    expect(await faceCount()).toBe(2);
  });

  test('after a restart the durable consumer delivers what was published while the service was down', async () => {
    await stop();
    // Not in MySQL: only the events can bring dave and carol into the index, so finding carol proves the consumer
    // resumed. Carol comes last in the stream, so once she is in, dave has come and gone.
    await publish(nats.js, EventSubject.faceEnrolled, enrolled('dave', 'face-dave-1', dave));
    await publish(
      nats.js,
      EventSubject.faceDeleted,
      events.faceDeleted.encode({ eventId: randomUUID(), tenantId: tenant, subjectId: 'dave', faceId: 'face-dave-1' }),
    );
    await publish(nats.js, EventSubject.faceEnrolled, enrolled('carol', 'face-carol-1', carol));
    await start();
    await eventually(async () => (await identify(carol)).candidates.length > 0);
    expect((await identify(carol)).candidates[0]?.subjectId).toBe('carol');
    expect(await faceCount()).toBe(3);
    expect((await identify(dave)).candidates).toEqual([]);
    expect((await identify(alice)).candidates[0]?.subjectId).toBe('alice');
  });
});
