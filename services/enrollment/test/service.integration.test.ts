// The enrollment service in-process against the real test stack (MariaDB, NATS JetStream, fake-gcs-server) and the
// real detection and embedding services with their ONNX models, called over gRPC with faces-dev photos.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  createEnrollmentClient,
  type EnrollmentClient,
  EVENTS_STREAM,
  EventSubject,
  events,
  type FaceDeleted__Output,
  type FaceEnrolled__Output,
  type Subject__Output,
  type SubjectDeleted__Output,
} from '@visor/contracts';
import { connectNats, type NatsHandle } from '@visor/events';
import { mysqlFaceSource } from '@visor/matching-service/src/faces.ts';
import { createLogger, createRegistry, fromGrpcError } from '@visor/runtime';
import { createObjectStore, type ObjectStore, type Pool } from '@visor/store';
import {
  createTestDatabase,
  describeWithDataset,
  nextStreamSeq,
  readLabels,
  readStreamEvents,
  requireEnv,
  type TestDatabase,
} from '@visor/testkit';
import { type EnrollmentApp, startEnrollmentService } from '../src/app.ts';
import { mysqlEnrollmentStore } from '../src/store.ts';
import { enrollmentConfig, enrollmentEnv, enrollmentPool, outboxDrained, type Peers, startPeers } from './helpers.ts';

const code = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (err: unknown) => fromGrpcError(err).code,
  );

describeWithDataset('faces-dev', 'enrollment service (real MariaDB, NATS, GCS, detection, embedding)', (dir) => {
  const run = Math.random().toString(36).slice(2, 8);
  const tenant = `t-${run}`;
  const otherTenant = `u-${run}`;
  const labels = readLabels(dir);
  const image = (file: string) => readFileSync(path.join(dir, file));
  // Two single-face photos of one person, and a photo of two people.
  const identity = labels.find((l) => l.identity !== '' && labels.filter((m) => m.identity === l.identity).length >= 2)
    ?.identity as string;
  const [photoA, photoB] = labels.filter((l) => l.identity === identity && l.faces === 1).map((l) => l.file);
  const group = labels.find((l) => (l.faces ?? 0) === 2)?.file as string;

  let peers: Peers;
  let db: TestDatabase<Pool>;
  let app: EnrollmentApp;
  let client: EnrollmentClient;
  let nats: NatsHandle;
  let objects: ObjectStore;
  let firstSeq: number;

  beforeAll(async () => {
    peers = await startPeers();
    db = await createTestDatabase('visor_enrollment_it', enrollmentPool);
    objects = createObjectStore({ bucket: requireEnv('VISOR_GCS_BUCKET') });
    await objects.ensureBucket();
    nats = await connectNats(requireEnv('VISOR_NATS_URL'), { name: 'enrollment-it' });
    firstSeq = await nextStreamSeq(nats, EVENTS_STREAM);
    app = await startEnrollmentService(enrollmentConfig(enrollmentEnv(db, peers)), {
      logger: createLogger('enrollment-it', { level: 'silent' }),
      registry: createRegistry({ defaultMetrics: false }),
    });
    client = createEnrollmentClient(app.grpcAddress, { defaultTimeoutMs: 120_000 });
  }, 180_000);

  afterAll(async () => {
    client?.close();
    await app?.stop();
    await nats?.close();
    await db?.drop();
    await peers?.close();
  });

  const create = async (externalId: string, tenantId = tenant): Promise<Subject__Output> => {
    const r = await client.createSubject({ tenantId, externalId, displayName: externalId, metadata: { run } });
    if (!r.subject) throw new Error('no subject');
    return r.subject;
  };

  type Published =
    | { type: 'enrolled'; id: string; msgId: string | undefined; event: FaceEnrolled__Output }
    | { type: 'faceDeleted'; id: string; msgId: string | undefined; event: FaceDeleted__Output }
    | { type: 'subjectDeleted'; id: string; msgId: string | undefined; event: SubjectDeleted__Output };

  /** Events of this test run for `subjectId`, decoded, once the outbox is drained. */
  async function eventsOf(subjectId: string): Promise<Published[]> {
    await outboxDrained(db.pool);
    return (await readStreamEvents(nats, EVENTS_STREAM, firstSeq)).flatMap((m): Published[] => {
      if (m.subject === EventSubject.faceEnrolled) {
        const e = events.faceEnrolled.decode(m.data);
        return e.subjectId === subjectId ? [{ type: 'enrolled', id: e.faceId, msgId: m.msgId, event: e }] : [];
      }
      if (m.subject === EventSubject.faceDeleted) {
        const e = events.faceDeleted.decode(m.data);
        return e.subjectId === subjectId ? [{ type: 'faceDeleted', id: e.faceId, msgId: m.msgId, event: e }] : [];
      }
      if (m.subject === EventSubject.subjectDeleted) {
        const e = events.subjectDeleted.decode(m.data);
        return e.subjectId === subjectId ? [{ type: 'subjectDeleted', id: e.subjectId, msgId: m.msgId, event: e }] : [];
      }
      return [];
    });
  }

  test('the probes report ready: MySQL, migrations, outbox relay, detection and embedding', async () => {
    const res = await fetch(`${app.httpUrl}/readyz`);
    expect(await res.json()).toEqual({ ready: true, reasons: {} });
  });

  test('enrols a subject with two photos: images in GCS, rows in MySQL, FaceEnrolled on JetStream', async () => {
    const subject = await create('person-1');
    const r = await client.addFaces({
      tenantId: tenant,
      subjectId: subject.subjectId,
      images: [{ image: { inline: image(photoA as string) } }, { image: { inline: image(photoB as string) } }],
    });
    expect(r.results.map((x) => [x.imageIndex, x.outcome, x.rejection?.message ?? ''])).toEqual([
      [0, 'face', ''],
      [1, 'face', ''],
    ]);
    const faces = r.results.map((x) => x.face);
    for (const face of faces) {
      const key = face?.image?.gcsObjectKey as string;
      expect(key).toBe(`tenants/${tenant}/subjects/${subject.subjectId}/${face?.faceId}.png`);
      expect((await objects.get(key))?.bytes.length).toBeGreaterThan(0);
      expect(face?.model?.name).not.toBe('');
      expect(face?.quality?.faceSizePx).toBeGreaterThan(0);
    }
    const [rows] = await db.pool.query('SELECT id, LENGTH(embedding) AS bytes FROM faces WHERE subject_id = ?', [
      subject.subjectId,
    ]);
    const rowsBytes = (id: string | undefined) =>
      Number((rows as Array<{ id: string; bytes: number }>).find((x) => x.id === id)?.bytes);
    expect((rows as Array<{ id: string; bytes: number }>).map((x) => x.id).sort()).toEqual(
      faces.map((f) => f?.faceId).sort(),
    );
    const got = await client.getSubject({ tenantId: tenant, subjectId: subject.subjectId });
    expect(got.subject?.faceCount).toBe(2);
    expect(got.faces.map((f) => f.faceId).sort()).toEqual(faces.map((f) => f?.faceId).sort());

    // The matching service loads its index from these tables at start: its own reader must see the faces.
    const source = mysqlFaceSource(db.pool);
    const loaded = [];
    for await (const record of source.loadAll({ tenantId: tenant })) loaded.push(record);
    expect(loaded.map((f) => [f.faceId, f.subjectId, f.externalId, f.vector.length]).sort()).toEqual(
      faces.map((f) => [f?.faceId, subject.subjectId, 'person-1', rowsBytes(f?.faceId) / 4]).sort(),
    );

    const published = await eventsOf(subject.subjectId);
    expect(published.map((e) => e.id).sort()).toEqual(faces.map((f) => f?.faceId).sort());
    for (const e of published) {
      const enrolled = e.event as FaceEnrolled__Output;
      expect(e.msgId).toBe(enrolled.eventId);
      expect(enrolled.tenantId).toBe(tenant);
      expect(enrolled.embedding?.float32Le.length).toBe((enrolled.embedding?.dimension ?? 0) * 4);
      expect(enrolled.embedding?.dimension).toBeGreaterThan(0);
    }
  });

  test('UpdateTenantSettings retain_images=false: the next AddFaces stores no image, the face is still enrolled and matchable; true stores again', async () => {
    // A tenant of its own, so the setting cannot leak into the other tests.
    const settingsTenant = `s-${run}`;
    const got = await client.getTenantSettings({ tenantId: settingsTenant });
    expect(got.settings?.retainImages).toBe(true);
    expect(got.settings?._retainImages).toBe('retainImages');
    const off = await client.updateTenantSettings({ tenantId: settingsTenant, settings: { retainImages: false } });
    expect(off.settings).toMatchObject({ retainImages: false, _retainImages: 'retainImages' });
    // Absent field: unchanged, not reset to false or to the default.
    const same = await client.updateTenantSettings({ tenantId: settingsTenant, settings: {} });
    expect(same.settings?.retainImages).toBe(false);
    expect((await client.getTenantSettings({ tenantId: settingsTenant })).settings?.retainImages).toBe(false);

    const subject = await create('person-no-image', settingsTenant);
    const prefix = `tenants/${settingsTenant}/subjects/${subject.subjectId}/`;
    const r = await client.addFaces({
      tenantId: settingsTenant,
      subjectId: subject.subjectId,
      images: [{ image: { inline: image(photoA as string) } }],
    });
    const bare = r.results[0]?.face;
    expect(bare?.faceId).toBeTruthy();
    expect(bare?.image?.gcsObjectKey ?? '').toBe('');
    expect(await objects.list(prefix)).toEqual([]);
    const [rows] = await db.pool.query('SELECT image_object_key AS k FROM faces WHERE id = ?', [bare?.faceId]);
    expect(rows).toEqual([{ k: null }]);
    // Matchable: the matching service's loader reads the template, and FaceEnrolled carries it.
    const loaded = [];
    for await (const record of mysqlFaceSource(db.pool).loadAll({ tenantId: settingsTenant })) loaded.push(record);
    expect(loaded.map((f) => [f.faceId, f.subjectId])).toEqual([[bare?.faceId, subject.subjectId]]);
    expect(loaded[0]?.vector.length).toBeGreaterThan(0);
    const published = await eventsOf(subject.subjectId);
    expect(published.map((e) => [e.type, e.id])).toEqual([['enrolled', bare?.faceId]]);

    await client.updateTenantSettings({ tenantId: settingsTenant, settings: { retainImages: true } });
    const again = await client.addFaces({
      tenantId: settingsTenant,
      subjectId: subject.subjectId,
      images: [{ image: { inline: image(photoB as string) } }],
    });
    const kept = again.results[0]?.face;
    expect(kept?.image?.gcsObjectKey).toBe(`${prefix}${kept?.faceId}.png`);
    expect(await objects.list(prefix)).toEqual([kept?.image?.gcsObjectKey]);
    expect(
      (await client.getSubject({ tenantId: settingsTenant, subjectId: subject.subjectId })).subject?.faceCount,
    ).toBe(2);
  });

  test('UpdateTenantSettings purge_images erases the tenant’s stored images through the erasure registry; faces stay', async () => {
    const purgeTenant = `p-${run}`;
    const subject = await create('person-purged', purgeTenant);
    const prefix = `tenants/${purgeTenant}/subjects/${subject.subjectId}/`;
    await client.addFaces({
      tenantId: purgeTenant,
      subjectId: subject.subjectId,
      images: [{ image: { inline: image(photoA as string) } }, { image: { inline: image(photoB as string) } }],
    });
    expect(await objects.list(prefix)).toHaveLength(2);
    // Purging while retaining is a contradiction, refused before anything changes.
    expect(await code(client.updateTenantSettings({ tenantId: purgeTenant, purgeImages: true }))).toBe(
      'invalid_argument',
    );
    expect(await objects.list(prefix)).toHaveLength(2);

    const r = await client.updateTenantSettings({
      tenantId: purgeTenant,
      settings: { retainImages: false },
      purgeImages: true,
    });
    expect([r.settings?.retainImages, r.purgedImages]).toEqual([false, 2]);
    expect(await objects.list(prefix)).toEqual([]);
    const got = await client.getSubject({ tenantId: purgeTenant, subjectId: subject.subjectId });
    expect(got.faces).toHaveLength(2);
    expect(got.faces.map((f) => f.image?.gcsObjectKey ?? '')).toEqual(['', '']);
    const [pending] = await db.pool.query('SELECT COUNT(*) AS n FROM object_erasures WHERE object_key LIKE ?', [
      `${prefix}%`,
    ]);
    expect(Number((pending as Array<{ n: number }>)[0]?.n)).toBe(0);
    // The templates are untouched: the matching service's loader still reads both.
    const loaded = [];
    for await (const record of mysqlFaceSource(db.pool).loadAll({ tenantId: purgeTenant })) loaded.push(record);
    expect(loaded).toHaveLength(2);
  });

  test('tenant settings refuse a malformed tenant id with INVALID_ARGUMENT', async () => {
    expect(await code(client.getTenantSettings({ tenantId: '' }))).toBe('invalid_argument');
    expect(await code(client.updateTenantSettings({ tenantId: '../x', settings: { retainImages: false } }))).toBe(
      'invalid_argument',
    );
  });

  test('a group photo is refused with multiple_faces unless a face index is given', async () => {
    const subject = await create('person-group');
    const r = await client.addFaces({
      tenantId: tenant,
      subjectId: subject.subjectId,
      images: [
        { image: { inline: image(group) } },
        { image: { inline: image(group) }, faceIndex: 0 },
        { image: { inline: image(group) }, faceIndex: 99 },
      ],
    });
    expect(r.results.map((x) => x.rejection?.reasons ?? x.outcome)).toEqual([
      ['REJECTION_REASON_MULTIPLE_FACES'],
      'face',
      ['REJECTION_REASON_FACE_INDEX_OUT_OF_RANGE'],
    ]);
    expect(r.results.map((x) => x.rejection?.code ?? x.outcome)).toEqual([
      'multiple_faces',
      'face',
      'invalid_argument',
    ]);
    // only the enrolled face was stored
    expect(await objects.list(`tenants/${tenant}/subjects/${subject.subjectId}/`)).toEqual([
      r.results[1]?.face?.image?.gcsObjectKey,
    ]);
  });

  test('a non-image is refused as unsupported_image and nothing is stored', async () => {
    const subject = await create('person-pdf');
    const r = await client.addFaces({
      tenantId: tenant,
      subjectId: subject.subjectId,
      images: [{ image: { inline: Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\n') } }],
    });
    expect(r.results[0]?.rejection?.reasons).toEqual(['REJECTION_REASON_UNREADABLE_IMAGE']);
    expect(r.results[0]?.rejection?.code).toBe('unsupported_image');
    expect(r.results[0]?.rejection?.message).not.toMatch(/^unsupported_image/);
    // a JPEG header on garbage reaches the decoder, which refuses it too
    const corrupt = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 7)]);
    const r2 = await client.addFaces({
      tenantId: tenant,
      subjectId: subject.subjectId,
      images: [{ image: { inline: corrupt } }],
    });
    expect(r2.results[0]?.rejection?.reasons).toEqual(['REJECTION_REASON_UNREADABLE_IMAGE']);
    expect(r2.results[0]?.rejection?.code).toBe('corrupt_image');
    // and so is a real photo cut off half way (an interrupted upload)
    const photo = image(photoA as string);
    const r3 = await client.addFaces({
      tenantId: tenant,
      subjectId: subject.subjectId,
      images: [{ image: { inline: photo.subarray(0, Math.floor(photo.length / 2)) } }],
    });
    expect(r3.results[0]?.rejection?.reasons).toEqual(['REJECTION_REASON_UNREADABLE_IMAGE']);
    expect(r3.results[0]?.rejection?.code).toBe('corrupt_image');
    expect(await objects.list(`tenants/${tenant}/subjects/${subject.subjectId}/`)).toEqual([]);
    expect((await client.getSubject({ tenantId: tenant, subjectId: subject.subjectId })).faces).toEqual([]);
  });

  test('an idempotent retry returns the same faces; the key with another request is already_exists', async () => {
    const subject = await create('person-retry');
    const request = {
      tenantId: tenant,
      subjectId: subject.subjectId,
      idempotencyKey: `key-${run}`,
      images: [{ image: { inline: image(photoA as string) } }],
    };
    const first = await client.addFaces(request);
    const again = await client.addFaces(request);
    expect(again).toEqual(first);
    expect(first.results[0]?.face?.faceId).toBeTruthy();
    expect((await client.getSubject({ tenantId: tenant, subjectId: subject.subjectId })).faces).toHaveLength(1);
    const other = { ...request, images: [{ image: { inline: image(photoB as string) } }] };
    await expect(client.addFaces(other)).rejects.toMatchObject({ details: expect.stringMatching(/different request/) });
    expect(await code(client.addFaces(other))).toBe('already_exists');
    expect((await eventsOf(subject.subjectId)).filter((e) => e.type === 'enrolled')).toHaveLength(1);
  });

  test('tenants are isolated: another tenant sees not_found, never the subject', async () => {
    const subject = await create('person-private');
    expect(await code(create('person-private'))).toBe('already_exists');
    expect(await code(create('person-private', otherTenant))).toBe('ok');
    const as = { tenantId: otherTenant, subjectId: subject.subjectId };
    expect(await code(client.getSubject(as))).toBe('not_found');
    expect(await code(client.deleteSubject(as))).toBe('not_found');
    expect(await code(client.addFaces({ ...as, images: [{ image: { inline: image(photoA as string) } }] }))).toBe(
      'not_found',
    );
    const listed = await client.listSubjects({ tenantId: otherTenant });
    expect(listed.subjects.map((s) => s.externalId)).toEqual(['person-private']);
    expect(listed.subjects[0]?.subjectId).not.toBe(subject.subjectId);
    // nor can it enrol from the first tenant's images by object key
    const theirs = await client.addFaces({
      ...as,
      subjectId: listed.subjects[0]?.subjectId as string,
      images: [{ image: { gcsObjectKey: `tenants/${tenant}/subjects/x/y.png` } }],
    });
    expect(theirs.results[0]?.rejection?.reasons).toEqual(['REJECTION_REASON_IMAGE_NOT_FOUND']);
    expect(theirs.results[0]?.rejection?.code).toBe('not_found');
  });

  test('lists a tenant’s subjects oldest first, page by page', async () => {
    const all: string[] = [];
    let pageToken = '';
    do {
      const page = await client.listSubjects({ tenantId: tenant, pageSize: 2, pageToken });
      expect(page.subjects.length).toBeLessThanOrEqual(2);
      all.push(...page.subjects.map((s) => s.externalId));
      pageToken = page.nextPageToken;
    } while (pageToken !== '');
    expect(all).toEqual(['person-1', 'person-group', 'person-pdf', 'person-retry', 'person-private']);
  });

  test('RemoveFace deletes the row and the image and publishes FaceDeleted', async () => {
    const subject = await create('person-remove');
    const r = await client.addFaces({
      tenantId: tenant,
      subjectId: subject.subjectId,
      images: [{ image: { inline: image(photoA as string) } }],
    });
    const face = r.results[0]?.face;
    const key = face?.image?.gcsObjectKey as string;
    await client.removeFace({ tenantId: tenant, subjectId: subject.subjectId, faceId: face?.faceId as string });
    expect(await objects.get(key)).toBeUndefined();
    expect((await client.getSubject({ tenantId: tenant, subjectId: subject.subjectId })).faces).toEqual([]);
    expect((await eventsOf(subject.subjectId)).map((e) => e.type)).toEqual(['enrolled', 'faceDeleted']);
    expect(
      await code(client.removeFace({ tenantId: tenant, subjectId: subject.subjectId, faceId: face?.faceId as string })),
    ).toBe('not_found');
  });

  test('DeleteSubject erases the GCS images and the rows and publishes SubjectDeleted', async () => {
    const subject = await create('person-delete');
    const r = await client.addFaces({
      tenantId: tenant,
      subjectId: subject.subjectId,
      images: [{ image: { inline: image(photoA as string) } }, { image: { inline: image(photoB as string) } }],
    });
    const faceIds = r.results.map((x) => x.face?.faceId as string).sort();
    const prefix = `tenants/${tenant}/subjects/${subject.subjectId}/`;
    expect(await objects.list(prefix)).toHaveLength(2);
    expect(await client.deleteSubject({ tenantId: tenant, subjectId: subject.subjectId })).toEqual({ deletedFaces: 2 });
    expect(await objects.list(prefix)).toEqual([]);
    const [rows] = await db.pool.query('SELECT COUNT(*) AS n FROM faces WHERE subject_id = ?', [subject.subjectId]);
    expect(Number((rows as Array<{ n: number }>)[0]?.n)).toBe(0);
    expect(await code(client.getSubject({ tenantId: tenant, subjectId: subject.subjectId }))).toBe('not_found');
    const published = await eventsOf(subject.subjectId);
    expect(published.map((e) => e.type)).toEqual(['enrolled', 'enrolled', 'subjectDeleted']);
    const deleted = published[2]?.event as SubjectDeleted__Output;
    expect([...deleted.faceIds].sort()).toEqual(faceIds);
    const [pending] = await db.pool.query('SELECT COUNT(*) AS n FROM object_erasures');
    expect(Number((pending as Array<{ n: number }>)[0]?.n)).toBe(0);
    const metrics = await (await fetch(`${app.httpUrl}/metrics`)).text();
    expect(metrics).toContain('visor_enroll_backlog{queue="outbox"} 0');
    expect(metrics).toContain('visor_enroll_backlog{queue="erasures"} 0');
    expect(metrics).toMatch(/visor_enroll_images_total\{outcome="enrolled"\} [1-9]/);
  });

  test('the sweeper erases an image whose enrolment never committed, once its grace period is over', async () => {
    const store = mysqlEnrollmentStore(db.pool);
    const key = `tenants/${tenant}/subjects/orphan/${run}.png`;
    await objects.put(key, image(photoA as string), 'image/png');
    // What AddFaces registers before uploading; the process then "died" before the commit cleared it.
    await store.scheduleErasures([key], new Date(Date.now() + 3_600_000));
    await app.enrollment.sweepErasures();
    expect(await objects.get(key)).toBeDefined();
    await store.scheduleErasures([key], new Date(Date.now() - 1_000));
    expect(await app.enrollment.sweepErasures()).toBe(1);
    expect(await objects.get(key)).toBeUndefined();
    expect(await store.dueErasures(new Date(Date.now() + 7_200_000), 10)).toEqual([]);
  });
});
