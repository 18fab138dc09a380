// The outbox guarantee, with real MariaDB and NATS JetStream: the service runs as its own process and is SIGKILLed
// right after the AddFaces transaction commits (VISOR_TEST_CRASH_AFTER_COMMIT), before anything is published. The
// next start must publish the FaceEnrolled event, and exactly once: a second "crash" between publish and marking the
// row published makes the relay send it again, and JetStream's dedup on the event id must drop the copy.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createEnrollmentClient, EVENTS_STREAM, EventSubject, events } from '@visor/contracts';
import { connectNats, type NatsHandle } from '@visor/events';
import { createLogger, createRegistry, fromGrpcError } from '@visor/runtime';
import { createObjectStore, type Pool } from '@visor/store';
import {
  createTestDatabase,
  describeWithDataset,
  nextStreamSeq,
  readLabels,
  readStreamEvents,
  requireEnv,
  type ServiceProcess,
  startServiceProcess,
  type TestDatabase,
} from '@visor/testkit';
import { type EnrollmentApp, startEnrollmentService } from '../src/app.ts';
import { enrollmentConfig, enrollmentEnv, enrollmentPool, outboxDrained, type Peers, startPeers } from './helpers.ts';

type OutboxRow = { msg_id: string; subject: string; published_at: Date | null };

describeWithDataset('faces-dev', 'enrollment crash between commit and publish', (dir) => {
  const tenant = `crash-${Math.random().toString(36).slice(2, 8)}`;
  const photo = readFileSync(
    path.join(dir, readLabels(dir).find((l) => /^[a-z]+$/.test(l.identity) && l.faces === 1)?.file as string),
  );
  let peers: Peers;
  let db: TestDatabase<Pool>;
  let nats: NatsHandle;
  let app: EnrollmentApp | undefined;
  let child: ServiceProcess | undefined;

  beforeAll(async () => {
    peers = await startPeers();
    db = await createTestDatabase('visor_enrollment_crash', enrollmentPool);
    await createObjectStore({ bucket: requireEnv('VISOR_GCS_BUCKET') }).ensureBucket();
    nats = await connectNats(requireEnv('VISOR_NATS_URL'), { name: 'enrollment-crash-test' });
  }, 180_000);

  afterAll(async () => {
    await child?.stop();
    await app?.stop();
    await nats?.close();
    await db?.drop();
    await peers?.close();
  });

  const outbox = async (): Promise<OutboxRow[]> => {
    const [rows] = await db.pool.query('SELECT msg_id, subject, published_at FROM enrollment_outbox ORDER BY id');
    return rows as OutboxRow[];
  };
  const startInProcess = () =>
    startEnrollmentService(enrollmentConfig(enrollmentEnv(db, peers)), {
      logger: createLogger('enrollment-crash-test', { level: 'silent' }),
      registry: createRegistry({ defaultMetrics: false }),
    });
  const enrolledEvents = async (fromSeq: number) =>
    (await readStreamEvents(nats, EVENTS_STREAM, fromSeq))
      .filter((m) => m.subject === EventSubject.faceEnrolled)
      .map((m) => ({ msgId: m.msgId, event: events.faceEnrolled.decode(m.data) }))
      .filter((e) => e.event.tenantId === tenant);

  test('a FaceEnrolled committed by a process killed before publishing is published once after restart', async () => {
    const fromSeq = await nextStreamSeq(nats, EVENTS_STREAM);
    child = await startServiceProcess('enrollment', enrollmentEnv(db, peers, { VISOR_TEST_CRASH_AFTER_COMMIT: '1' }));
    const client = createEnrollmentClient(child.grpcAddress, { defaultTimeoutMs: 120_000 });
    let subjectId: string;
    try {
      const created = await client.createSubject({ tenantId: tenant, externalId: 'victim', displayName: 'Victim' });
      subjectId = created.subject?.subjectId as string;
      const call = client.addFaces({ tenantId: tenant, subjectId, images: [{ image: { inline: photo } }] });
      // The process dies inside the call: the client sees the connection drop, not an answer.
      expect(
        fromGrpcError(
          await call.then(
            () => undefined,
            (err: unknown) => err,
          ),
        ).code,
      ).toBe('unavailable');
      expect(await child.exited).toBe('SIGKILL');
    } finally {
      client.close();
      child.process.kill('SIGKILL');
      child = undefined;
    }

    // Committed: the face row and its outbox row exist; nothing reached JetStream.
    const [faces] = await db.pool.query('SELECT id FROM faces WHERE tenant_id = ?', [tenant]);
    const faceIds = (faces as Array<{ id: string }>).map((f) => f.id);
    expect(faceIds).toHaveLength(1);
    const pending = await outbox();
    expect(pending.map((r) => [r.subject, r.published_at])).toEqual([[EventSubject.faceEnrolled, null]]);
    expect(await enrolledEvents(fromSeq)).toEqual([]);

    // Restart: the relay sends what the dead process committed.
    app = await startInProcess();
    await outboxDrained(db.pool);
    let published = await enrolledEvents(fromSeq);
    expect(published.map((e) => [e.event.faceId, e.event.subjectId, e.msgId])).toEqual([
      [faceIds[0], subjectId, pending[0]?.msg_id],
    ]);
    expect(published[0]?.event.eventId).toBe(pending[0]?.msg_id);

    // A crash after publishing but before marking the row: the relay publishes the same event id again...
    await app.stop();
    app = undefined;
    await db.pool.query('UPDATE enrollment_outbox SET published_at = NULL');
    app = await startInProcess();
    await outboxDrained(db.pool);
    // ...and JetStream keeps one copy.
    published = await enrolledEvents(fromSeq);
    expect(published.map((e) => e.event.faceId)).toEqual(faceIds);
    await app.stop();
    app = undefined;
  });

  test('SIGTERM stops the process gracefully (exit 0) after the relay has published what was committed', async () => {
    child = await startServiceProcess('enrollment', enrollmentEnv(db, peers));
    const client = createEnrollmentClient(child.grpcAddress, { defaultTimeoutMs: 120_000 });
    try {
      const created = await client.createSubject({ tenantId: tenant, externalId: 'graceful', displayName: 'G' });
      const added = await client.addFaces({
        tenantId: tenant,
        subjectId: created.subject?.subjectId as string,
        images: [{ image: { inline: photo } }],
      });
      expect(added.results[0]?.outcome).toBe('face');
    } finally {
      client.close();
    }
    child.process.kill('SIGTERM');
    expect(await child.exited).toBe(0);
    expect((await outbox()).filter((r) => r.published_at === null)).toEqual([]);
  });
});
