// Enrolment to identification across services: enrollment writes rows + outbox events, the matching service (its
// durable JetStream consumer) makes the faces searchable, and a DeleteSubject makes them disappear again. Real
// MariaDB, NATS, fake-gcs-server, detection and embedding models, matching with the registry's thresholds.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  createDetectionClient,
  createEmbeddingClient,
  createEnrollmentClient,
  createMatchingClient,
  type DetectionClient,
  type EmbeddingClient,
  type EnrollmentClient,
  EVENTS_STREAM,
  type MatchingClient,
} from '@visor/contracts';
import { connectNats, type NatsHandle } from '@visor/events';
import { loadModelRegistry, type MatchingApp, startMatchingService } from '@visor/matching-service/src/app.ts';
import { loadMatchingConfig } from '@visor/matching-service/src/config.ts';
import { createLogger, createRegistry } from '@visor/runtime';
import { createObjectStore, type Pool } from '@visor/store';
import {
  createTestDatabase,
  describeWithDataset,
  eventually,
  readLabels,
  requireEnv,
  type TestDatabase,
} from '@visor/testkit';
import { type EnrollmentApp, startEnrollmentService } from '../src/app.ts';
import { enrollmentConfig, enrollmentEnv, enrollmentPool, type Peers, startPeers } from './helpers.ts';

describeWithDataset('faces-dev', 'enrolment → matching (real services and stack)', (dir) => {
  const run = Math.random().toString(36).slice(2, 8);
  const tenant = `e2e-${run}`;
  const durable = `enrollment-e2e-${run}`;
  const logger = createLogger('enrollment-e2e', { level: 'silent' });
  const labels = readLabels(dir).filter((l) => l.identity !== '' && l.faces === 1);
  const photosOf = (identity: string) => labels.filter((l) => l.identity === identity).map((l) => l.file);
  // Two people with at least three single-face photos each: two to enrol, one to search with.
  const [first, second] = [...new Set(labels.map((l) => l.identity))].filter((id) => photosOf(id).length >= 3);
  const image = (file: string) => readFileSync(path.join(dir, file));

  let peers: Peers;
  let db: TestDatabase<Pool>;
  let nats: NatsHandle;
  let enrollment: EnrollmentApp;
  let matching: MatchingApp;
  let enroll: EnrollmentClient;
  let match: MatchingClient;
  let detection: DetectionClient;
  let embedding: EmbeddingClient;

  beforeAll(async () => {
    peers = await startPeers();
    db = await createTestDatabase('visor_enrollment_e2e', enrollmentPool);
    await createObjectStore({ bucket: requireEnv('VISOR_GCS_BUCKET') }).ensureBucket();
    nats = await connectNats(requireEnv('VISOR_NATS_URL'), { name: 'enrollment-e2e' });
    enrollment = await startEnrollmentService(enrollmentConfig(enrollmentEnv(db, peers)), {
      logger,
      registry: createRegistry({ defaultMetrics: false }),
    });
    const matchingConfig = loadMatchingConfig({
      VISOR_MYSQL_URL: db.url,
      VISOR_NATS_URL: requireEnv('VISOR_NATS_URL'),
      VISOR_MATCHING_DURABLE: durable,
      VISOR_LOG_LEVEL: 'silent',
    });
    matching = await startMatchingService(
      { ...matchingConfig, VISOR_GRPC_PORT: 0, VISOR_HTTP_PORT: 0 },
      { logger, registry: createRegistry({ defaultMetrics: false }), models: await loadModelRegistry(logger) },
    );
    enroll = createEnrollmentClient(enrollment.grpcAddress, { defaultTimeoutMs: 120_000 });
    match = createMatchingClient(`127.0.0.1:${matching.grpcPort}`, { defaultTimeoutMs: 60_000 });
    detection = createDetectionClient(peers.detectionAddr, { defaultTimeoutMs: 120_000 });
    embedding = createEmbeddingClient(peers.embeddingAddr, { defaultTimeoutMs: 120_000 });
  }, 180_000);

  afterAll(async () => {
    for (const c of [enroll, match, detection, embedding]) c?.close();
    await matching?.stop();
    await enrollment?.stop();
    await nats?.jsm.consumers.delete(EVENTS_STREAM, durable).catch(() => {});
    await nats?.close();
    await db?.drop();
    await peers?.close();
  });

  /** The probe's embedding, as the gateway computes it for Identify. */
  async function embed(file: string) {
    const detected = await detection.detect({ image: { inline: image(file) } });
    const crop = detected.faces[0]?.crop;
    if (!crop) throw new Error(`no face in ${file}`);
    const r = await embedding.embed({ crops: [crop] });
    return { embedding: r.embeddings[0], model: r.model };
  }

  test('enrolled subjects become identifiable, and a deleted subject no longer is', async () => {
    const subjects: Record<string, string> = {};
    for (const identity of [first, second] as string[]) {
      const created = await enroll.createSubject({ tenantId: tenant, externalId: identity, displayName: identity });
      const subjectId = created.subject?.subjectId as string;
      subjects[identity] = subjectId;
      const added = await enroll.addFaces({
        tenantId: tenant,
        subjectId,
        images: photosOf(identity)
          .slice(0, 2)
          .map((file) => ({ image: { inline: image(file) } })),
      });
      expect(added.results.map((r) => r.outcome)).toEqual(['face', 'face']);
    }
    const probe = await embed(photosOf(first as string)[2] as string);
    const identify = () => match.identify({ tenantId: tenant, ...probe });

    // FaceEnrolled → matching's consumer → index: all four faces arrive, the first person is found by external id.
    const indexed = async () =>
      (await match.indexStats({ tenantId: tenant })).models.reduce((n, m) => n + Number(m.faces), 0);
    await eventually(async () => (await indexed()) === 4);
    const found = await identify();
    expect(found.candidates[0]?.subjectId).toBe(subjects[first as string]);
    expect(found.candidates[0]?.externalId).toBe(first);
    expect(found.candidates.map((c) => c.subjectId)).not.toContain(subjects[second as string]);
    const verify = (subjectId: string) => match.verify({ tenantId: tenant, subjectId, ...probe });
    expect((await verify(subjects[first as string] as string)).match).toBe(true);
    expect((await verify(subjects[second as string] as string)).match).toBe(false);

    // SubjectDeleted → the vectors leave the index.
    await enroll.deleteSubject({ tenantId: tenant, subjectId: subjects[first as string] as string });
    await eventually(async () => (await identify()).candidates.length === 0);
    expect((await identify()).candidates).toEqual([]);
  });
});
