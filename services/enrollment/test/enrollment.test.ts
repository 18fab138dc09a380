// Domain rules of enrollment.ts over in-memory ports: validation, tenant isolation, the quality gate, the saga's
// compensation and erasure registry, idempotent retries, and the events written to the outbox.
import { EventSubject, events } from '@visor/contracts';
import { VisorError } from '@visor/runtime';
import {
  createEnrollment,
  decodePageToken,
  type EnrollmentDeps,
  encodePageToken,
  PURGE_BATCH,
} from '../src/enrollment.ts';
import { DEFAULT_QUALITY_GATE, failedChecks } from '../src/quality.ts';
import { face, fakeDetector, fakeEmbedder, fakeObjects, fakeStore, GOOD_QUALITY, jpeg } from './fakes.ts';

const T1 = 'tenant-1';
const T2 = 'tenant-2';

function setup(overrides: Partial<EnrollmentDeps> = {}) {
  const store = fakeStore();
  const objects = fakeObjects();
  const detector = fakeDetector({
    1: [face()],
    2: [face({}, 300), face({}, 150)],
    3: [face({ faceSizePx: 40 }, 40)],
    4: [face({ sharpness: 0.05, yawDeg: 60, reasons: ['occluded'] })],
    // a selfie with a passer-by too small to enrol
    5: [face({}, 300), face({ faceSizePx: 30 }, 30)],
  });
  const embedder = fakeEmbedder();
  let clock = Date.parse('2026-11-22T10:00:00.000Z');
  let ids = 0;
  const enrollment = createEnrollment({
    store,
    objects,
    detector,
    embedder,
    gate: DEFAULT_QUALITY_GATE,
    now: () => new Date(clock),
    newId: () => `id-${String(++ids).padStart(4, '0')}`,
    ...overrides,
  });
  const advance = (ms: number) => {
    clock += ms;
  };
  return { store, objects, detector, embedder, enrollment, advance };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (err) {
    if (err instanceof VisorError) return err.code;
    throw err;
  }
}

const subjectInput = (externalId: string, tenantId = T1) => ({
  tenantId,
  externalId,
  displayName: `Person ${externalId}`,
  metadata: { team: 'a' },
});

describe('subjects', () => {
  test('external_id is unique per tenant, not across tenants', async () => {
    const { enrollment } = setup();
    const alice = await enrollment.createSubject(subjectInput('alice'));
    expect(alice).toMatchObject({ tenantId: T1, externalId: 'alice', faceCount: 0, metadata: { team: 'a' } });
    expect(await codeOf(enrollment.createSubject(subjectInput('alice')))).toBe('already_exists');
    expect(await codeOf(enrollment.createSubject(subjectInput('alice', T2)))).toBe('ok');
    // no external id: any number of them
    expect(await codeOf(enrollment.createSubject(subjectInput('')))).toBe('ok');
    expect(await codeOf(enrollment.createSubject(subjectInput('')))).toBe('ok');
  });

  test('bad tenant ids and oversized fields are invalid_argument', async () => {
    const { enrollment } = setup();
    expect(await codeOf(enrollment.createSubject(subjectInput('x', '')))).toBe('invalid_argument');
    expect(await codeOf(enrollment.createSubject(subjectInput('x', '../other')))).toBe('invalid_argument');
    expect(await codeOf(enrollment.createSubject(subjectInput('x'.repeat(256))))).toBe('invalid_argument');
    const metadata = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, 'v']));
    expect(await codeOf(enrollment.createSubject({ ...subjectInput('y'), metadata }))).toBe('invalid_argument');
  });

  test("another tenant's subject is not_found, whatever the call", async () => {
    const { enrollment } = setup();
    const alice = await enrollment.createSubject(subjectInput('alice'));
    expect(await codeOf(enrollment.getSubject(T2, alice.id))).toBe('not_found');
    expect(await codeOf(enrollment.deleteSubject(T2, alice.id))).toBe('not_found');
    expect(
      await codeOf(
        enrollment.addFaces({ tenantId: T2, subjectId: alice.id, images: [{ image: { inline: jpeg(1) } }] }),
      ),
    ).toBe('not_found');
    const [result] = await enrollment.addFaces({
      tenantId: T1,
      subjectId: alice.id,
      images: [{ image: { inline: jpeg(1) } }],
    });
    const faceId = result?.face?.id as string;
    expect(await codeOf(enrollment.removeFace(T2, alice.id, faceId))).toBe('not_found');
    expect(
      (await enrollment.listSubjects({ tenantId: T2, pageSize: 0, pageToken: '', externalId: '' })).subjects,
    ).toEqual([]);
    expect(await codeOf(enrollment.getSubject(T1, 'no such id!'))).toBe('not_found');
  });

  test('pages through subjects in creation order with an opaque token', async () => {
    const { enrollment } = setup();
    const created = [];
    for (let i = 0; i < 5; i++) created.push((await enrollment.createSubject(subjectInput(`p${i}`))).id);
    await enrollment.createSubject(subjectInput('other', T2));
    const seen: string[] = [];
    let pageToken = '';
    let pages = 0;
    do {
      const page = await enrollment.listSubjects({ tenantId: T1, pageSize: 2, pageToken, externalId: '' });
      seen.push(...page.subjects.map((s) => s.id));
      pageToken = page.nextPageToken;
      pages++;
    } while (pageToken !== '');
    expect(seen).toEqual(created);
    expect(pages).toBe(3);
    const byExternal = await enrollment.listSubjects({ tenantId: T1, pageSize: 0, pageToken: '', externalId: 'p3' });
    expect(byExternal.subjects.map((s) => s.id)).toEqual([created[3]]);
    expect(
      await codeOf(enrollment.listSubjects({ tenantId: T1, pageSize: 2, pageToken: 'junk', externalId: '' })),
    ).toBe('invalid_argument');
    expect(decodePageToken(encodePageToken(42))).toBe(42);
  });
});

describe('AddFaces', () => {
  test('stores the image, the face row and a FaceEnrolled event carrying the embedding', async () => {
    const { enrollment, store, objects } = setup();
    const alice = await enrollment.createSubject(subjectInput('alice'));
    const results = await enrollment.addFaces({
      tenantId: T1,
      subjectId: alice.id,
      images: [{ image: { inline: jpeg(1) } }],
    });
    expect(results).toHaveLength(1);
    const enrolled = results[0]?.face;
    if (!enrolled) throw new Error('not enrolled');
    expect(enrolled.imageKey).toBe(`tenants/${T1}/subjects/${alice.id}/${enrolled.id}.jpg`);
    expect(objects.data.get(enrolled.imageKey as string)).toEqual(jpeg(1));
    expect(enrolled.model).toEqual({ name: 'fake', version: '1' });
    expect(store.faces.get(enrolled.id)?.embedding.length).toBe(16);
    expect(store.erasures.size).toBe(0);
    expect(store.outbox).toHaveLength(1);
    const [message] = store.outbox;
    expect(message?.subject).toBe(EventSubject.faceEnrolled);
    const event = events.faceEnrolled.decode(message?.payload as Uint8Array);
    expect(event).toMatchObject({ eventId: message?.msgId, tenantId: T1, subjectId: alice.id, faceId: enrolled.id });
    expect(event.embedding?.dimension).toBe(4);
    expect(event.embedding?.float32Le.length).toBe(16);
    expect((await enrollment.getSubject(T1, alice.id)).subject.faceCount).toBe(1);
  });

  test('each image gets a face or a rejection with its reason, in request order, in one Embed call', async () => {
    const { enrollment, embedder, store } = setup();
    const alice = await enrollment.createSubject(subjectInput('alice'));
    const results = await enrollment.addFaces({
      tenantId: T1,
      subjectId: alice.id,
      images: [
        { image: { inline: jpeg(1) } },
        { image: { inline: jpeg(2) } },
        { image: { inline: jpeg(2) }, faceIndex: 1 },
        { image: { inline: jpeg(2) }, faceIndex: 2 },
        { image: { inline: jpeg(9) } },
        { image: { inline: new TextEncoder().encode('%PDF-1.7 not an image') } },
        { image: { inline: jpeg(3) } },
        { image: { inline: jpeg(4) } },
        { image: { objectKey: `tenants/${T2}/uploads/x.jpg` } },
      ],
    });
    const outcome = results.map((r) => r.face?.box.width ?? r.rejection?.reasons.join('+'));
    expect(outcome).toEqual([
      200,
      'multiple_faces',
      150,
      'face_index_out_of_range',
      'no_face',
      'unreadable_image',
      'low_quality',
      'low_quality',
      'image_not_found',
    ]);
    expect(results.map((r) => r.imageIndex)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(results.map((r) => r.rejection?.code ?? 'enrolled')).toEqual([
      'enrolled',
      'multiple_faces',
      'enrolled',
      'invalid_argument',
      'no_face',
      'unsupported_image',
      'low_quality',
      'low_quality',
      'not_found',
    ]);
    // the code travels in its own field, not as a prefix of the human-readable message
    expect(results[5]?.rejection?.message).toBe('not a JPEG, PNG or WebP image');
    expect(results[6]?.rejection?.quality?.reasons).toEqual(['too_small']);
    expect(results[7]?.rejection?.quality?.reasons).toEqual(['blurry', 'pose', 'occluded']);
    expect(embedder.calls).toBe(1);
    expect(store.outbox).toHaveLength(2);
  });

  test('bytes the detector cannot decode are rejected with its code (corrupt_image, image_too_large)', async () => {
    const refusals: Record<number, VisorError> = {
      7: new VisorError('corrupt_image', 'cannot decode jpeg: premature end of data'),
      8: new VisorError('image_too_large', '9000x9000 pixels, the limit is 40 megapixels'),
    };
    const detector = {
      async detect(bytes: Uint8Array) {
        const refusal = refusals[bytes[bytes.length - 1] as number];
        if (refusal) throw refusal;
        return [face()];
      },
    };
    const { enrollment, store } = setup({ detector });
    const alice = await enrollment.createSubject(subjectInput('alice'));
    const results = await enrollment.addFaces({
      tenantId: T1,
      subjectId: alice.id,
      images: [{ image: { inline: jpeg(7) } }, { image: { inline: jpeg(8) } }, { image: { inline: jpeg(1) } }],
    });
    expect(results.map((r) => [r.rejection?.reasons, r.rejection?.code, r.rejection?.message])).toEqual([
      [['unreadable_image'], 'corrupt_image', 'cannot decode jpeg: premature end of data'],
      [['image_too_large'], 'image_too_large', '9000x9000 pixels, the limit is 40 megapixels'],
      [undefined, undefined, undefined],
    ]);
    expect(store.outbox).toHaveLength(1);
  });

  test('a face too small to enrol does not make a photo ambiguous, but face_index still counts it', async () => {
    const { enrollment } = setup();
    const alice = await enrollment.createSubject(subjectInput('alice'));
    const results = await enrollment.addFaces({
      tenantId: T1,
      subjectId: alice.id,
      images: [{ image: { inline: jpeg(5) } }, { image: { inline: jpeg(5) }, faceIndex: 1 }],
    });
    expect(results[0]?.face?.box.width).toBe(300);
    expect(results[1]?.rejection?.quality?.reasons).toEqual(['too_small']);
  });

  test('an image already in the tenant’s bucket prefix can be enrolled by key', async () => {
    const { enrollment, objects } = setup();
    const alice = await enrollment.createSubject(subjectInput('alice'));
    objects.data.set(`tenants/${T1}/uploads/a.jpg`, jpeg(1));
    const [r] = await enrollment.addFaces({
      tenantId: T1,
      subjectId: alice.id,
      images: [{ image: { objectKey: `tenants/${T1}/uploads/a.jpg` } }],
    });
    expect(r?.face?.imageKey).toMatch(new RegExp(`^tenants/${T1}/subjects/${alice.id}/`));
  });

  test('with retention off no image is stored and the face has no image key', async () => {
    const { enrollment, store, objects } = setup();
    store.retain.set(T1, false);
    const alice = await enrollment.createSubject(subjectInput('alice'));
    const [r] = await enrollment.addFaces({
      tenantId: T1,
      subjectId: alice.id,
      images: [{ image: { inline: jpeg(1) } }],
    });
    expect(r?.face?.imageKey).toBeUndefined();
    expect(objects.data.size).toBe(0);
    expect(store.outbox).toHaveLength(1);
  });

  test('too many or no images is invalid_argument', async () => {
    const { enrollment } = setup({ limits: { maxImages: 2 } });
    const alice = await enrollment.createSubject(subjectInput('alice'));
    const images = Array.from({ length: 3 }, () => ({ image: { inline: jpeg(1) } }));
    expect(await codeOf(enrollment.addFaces({ tenantId: T1, subjectId: alice.id, images }))).toBe('invalid_argument');
    expect(await codeOf(enrollment.addFaces({ tenantId: T1, subjectId: alice.id, images: [] }))).toBe(
      'invalid_argument',
    );
  });

  test('a failed commit deletes the images this call wrote (compensation)', async () => {
    const { enrollment, store, objects } = setup();
    const alice = await enrollment.createSubject(subjectInput('alice'));
    store.failCommit = new Error('database went away');
    await expect(
      enrollment.addFaces({
        tenantId: T1,
        subjectId: alice.id,
        images: [{ image: { inline: jpeg(1) } }, { image: { inline: jpeg(2) }, faceIndex: 0 }],
      }),
    ).rejects.toThrow('database went away');
    expect(objects.data.size).toBe(0);
    expect(store.erasures.size).toBe(0);
    expect(store.faces.size).toBe(0);
    expect(store.outbox).toHaveLength(0);
  });

  test('a subject deleted during the call: not_found and no images left behind', async () => {
    const { enrollment, store, objects } = setup();
    const alice = await enrollment.createSubject(subjectInput('alice'));
    store.beforeCommit = () => store.subjects.delete(alice.id);
    expect(
      await codeOf(
        enrollment.addFaces({ tenantId: T1, subjectId: alice.id, images: [{ image: { inline: jpeg(1) } }] }),
      ),
    ).toBe('not_found');
    expect(objects.data.size).toBe(0);
  });

  test('an upload orphaned by a crash before the commit is erased by the sweeper after the grace period', async () => {
    const { enrollment, store, objects, advance } = setup({ limits: { orphanGraceMs: 60_000 } });
    const alice = await enrollment.createSubject(subjectInput('alice'));
    // The "crash": compensation cannot run either (storage down), as when the process dies.
    store.failCommit = new Error('killed');
    objects.failDeletes = true;
    await expect(
      enrollment.addFaces({ tenantId: T1, subjectId: alice.id, images: [{ image: { inline: jpeg(1) } }] }),
    ).rejects.toThrow('killed');
    expect(objects.data.size).toBe(1);
    objects.failDeletes = false;
    expect(await enrollment.sweepErasures()).toBe(0);
    expect(objects.data.size).toBe(1);
    advance(60_000);
    expect(await enrollment.sweepErasures()).toBe(1);
    expect(objects.data.size).toBe(0);
    expect(store.erasures.size).toBe(0);
  });

  test('same idempotency key and request: the first response again, nothing enrolled twice', async () => {
    const { enrollment, store, detector } = setup();
    const alice = await enrollment.createSubject(subjectInput('alice'));
    const request = {
      tenantId: T1,
      subjectId: alice.id,
      idempotencyKey: 'k-1',
      images: [{ image: { inline: jpeg(1) } }, { image: { inline: jpeg(9) } }],
    };
    const first = await enrollment.addFaces(request);
    const again = await enrollment.addFaces({ ...request, images: request.images.map((i) => ({ ...i })) });
    expect(again).toEqual(first);
    expect(store.faces.size).toBe(1);
    expect(store.outbox).toHaveLength(1);
    expect(detector.calls).toBe(2);
    // same key, different request
    const other = { ...request, images: [{ image: { inline: jpeg(2) }, faceIndex: 0 }] };
    await expect(enrollment.addFaces(other)).rejects.toMatchObject({
      code: 'already_exists',
      details: { reason: 'idempotency_key_reused' },
    });
    // the key is per tenant
    const bob = await enrollment.createSubject(subjectInput('bob', T2));
    expect(await codeOf(enrollment.addFaces({ ...request, tenantId: T2, subjectId: bob.id }))).toBe('ok');
  });

  test('two concurrent calls with one key: the loser undoes its uploads and answers with the winner’s response', async () => {
    const { enrollment, store, objects } = setup();
    const alice = await enrollment.createSubject(subjectInput('alice'));
    const request = {
      tenantId: T1,
      subjectId: alice.id,
      idempotencyKey: 'race',
      images: [{ image: { inline: jpeg(1) } }],
    };
    const [a, b] = await Promise.all([enrollment.addFaces(request), enrollment.addFaces(request)]);
    expect(b).toEqual(a);
    expect(store.faces.size).toBe(1);
    expect([...objects.data.keys()]).toEqual([a[0]?.face?.imageKey]);
  });
});

describe('deletes', () => {
  test('DeleteSubject erases the images, the rows and publishes SubjectDeleted with the face ids', async () => {
    const { enrollment, store, objects } = setup();
    const alice = await enrollment.createSubject(subjectInput('alice'));
    const bob = await enrollment.createSubject(subjectInput('bob'));
    const added = await enrollment.addFaces({
      tenantId: T1,
      subjectId: alice.id,
      images: [{ image: { inline: jpeg(1) } }, { image: { inline: jpeg(2) }, faceIndex: 0 }],
    });
    await enrollment.addFaces({ tenantId: T1, subjectId: bob.id, images: [{ image: { inline: jpeg(1) } }] });
    expect(objects.data.size).toBe(3);
    expect(await enrollment.deleteSubject(T1, alice.id)).toEqual({ deletedFaces: 2 });
    expect([...objects.data.keys()].every((k) => k.includes(bob.id))).toBe(true);
    expect(objects.data.size).toBe(1);
    expect(await codeOf(enrollment.getSubject(T1, alice.id))).toBe('not_found');
    const last = store.outbox[store.outbox.length - 1];
    expect(last?.subject).toBe(EventSubject.subjectDeleted);
    const event = events.subjectDeleted.decode(last?.payload as Uint8Array);
    expect(event.faceIds.sort()).toEqual(added.map((r) => r.face?.id).sort());
    expect(store.erasures.size).toBe(0);
    expect(await codeOf(enrollment.deleteSubject(T1, alice.id))).toBe('not_found');
  });

  test('an erasure that fails after the delete committed is retried by the sweeper', async () => {
    const { enrollment, store, objects } = setup();
    const alice = await enrollment.createSubject(subjectInput('alice'));
    await enrollment.addFaces({ tenantId: T1, subjectId: alice.id, images: [{ image: { inline: jpeg(1) } }] });
    objects.failDeletes = true;
    expect(await enrollment.deleteSubject(T1, alice.id)).toEqual({ deletedFaces: 1 });
    expect(objects.data.size).toBe(1);
    expect([...store.erasures.keys()]).toEqual([`tenants/${T1}/subjects/${alice.id}/`]);
    objects.failDeletes = false;
    expect(await enrollment.sweepErasures()).toBe(1);
    expect(objects.data.size).toBe(0);
  });

  test('RemoveFace deletes the row and the image and publishes FaceDeleted', async () => {
    const { enrollment, store, objects } = setup();
    const alice = await enrollment.createSubject(subjectInput('alice'));
    const [r] = await enrollment.addFaces({
      tenantId: T1,
      subjectId: alice.id,
      images: [{ image: { inline: jpeg(1) } }],
    });
    const faceId = r?.face?.id as string;
    await enrollment.removeFace(T1, alice.id, faceId);
    expect(objects.data.size).toBe(0);
    expect(store.faces.size).toBe(0);
    const last = store.outbox[store.outbox.length - 1];
    expect(last?.subject).toBe(EventSubject.faceDeleted);
    expect(events.faceDeleted.decode(last?.payload as Uint8Array)).toMatchObject({ faceId, subjectId: alice.id });
    expect(await codeOf(enrollment.removeFace(T1, alice.id, faceId))).toBe('not_found');
  });
});

describe('quality gate', () => {
  test('passes a good face and names every failed check', () => {
    expect(failedChecks(GOOD_QUALITY, DEFAULT_QUALITY_GATE)).toEqual([]);
    expect(
      failedChecks(
        {
          ...GOOD_QUALITY,
          faceSizePx: 10,
          sharpness: 0,
          rollDeg: -45,
          brightness: 0.99,
          reasons: ['cropped', 'blurry'],
        },
        DEFAULT_QUALITY_GATE,
      ),
    ).toEqual(['too_small', 'blurry', 'pose', 'too_bright', 'cropped']);
    expect(failedChecks({ ...GOOD_QUALITY, brightness: 0.01 }, DEFAULT_QUALITY_GATE)).toEqual(['too_dark']);
    expect(failedChecks({ ...GOOD_QUALITY, sharpness: Number.NaN }, DEFAULT_QUALITY_GATE)).toEqual(['blurry']);
  });
});

describe('tenant settings', () => {
  test('unset retention reads as the server default; an update stores a value and returns the effective settings', async () => {
    const { enrollment, store } = setup({ retainImagesDefault: false });
    expect(await enrollment.getTenantSettings(T1)).toEqual({ retainImages: false });
    expect(store.retain.has(T1)).toBe(false);
    expect(await enrollment.updateTenantSettings(T1, { retainImages: true })).toEqual({
      settings: { retainImages: true },
      purgedImages: 0,
    });
    expect(await enrollment.getTenantSettings(T1)).toEqual({ retainImages: true });
    // The other tenant still gets the default.
    expect(await enrollment.getTenantSettings(T2)).toEqual({ retainImages: false });
  });

  test('an update without fields changes nothing and still answers with the effective settings', async () => {
    const { enrollment, store } = setup();
    expect(await enrollment.updateTenantSettings(T1, {})).toEqual({
      settings: { retainImages: true },
      purgedImages: 0,
    });
    expect(store.retain.has(T1)).toBe(false);
  });

  test('turning retention off applies to the next AddFaces and keeps images already stored', async () => {
    const { enrollment, objects } = setup();
    const alice = await enrollment.createSubject(subjectInput('alice'));
    const [kept] = await enrollment.addFaces({
      tenantId: T1,
      subjectId: alice.id,
      images: [{ image: { inline: jpeg(1) } }],
    });
    expect(kept?.face?.imageKey).toBeDefined();
    await enrollment.updateTenantSettings(T1, { retainImages: false });
    const [bare] = await enrollment.addFaces({
      tenantId: T1,
      subjectId: alice.id,
      images: [{ image: { inline: jpeg(1) } }],
    });
    expect(bare?.face).toBeDefined();
    expect(bare?.face?.imageKey).toBeUndefined();
    expect([...objects.data.keys()]).toEqual([kept?.face?.imageKey]);
  });

  test('purgeImages erases every stored image of the tenant in batches; faces and templates stay', async () => {
    const { enrollment, objects, store } = setup({ limits: { maxImages: PURGE_BATCH + 1 } });
    const alice = await enrollment.createSubject(subjectInput('alice'));
    const bob = await enrollment.createSubject(subjectInput('bob', T2));
    const many = Array.from({ length: PURGE_BATCH + 1 }, () => ({ image: { inline: jpeg(1) } }));
    await enrollment.addFaces({ tenantId: T1, subjectId: alice.id, images: many });
    await enrollment.addFaces({ tenantId: T2, subjectId: bob.id, images: [{ image: { inline: jpeg(1) } }] });
    expect(objects.data.size).toBe(PURGE_BATCH + 2);

    const result = await enrollment.updateTenantSettings(T1, { retainImages: false }, { purgeImages: true });
    expect(result).toEqual({ settings: { retainImages: false }, purgedImages: PURGE_BATCH + 1 });
    // Only the other tenant's image is left; every erasure record was cleared once its object was gone.
    expect([...objects.data.keys()].every((k) => k.startsWith(`tenants/${T2}/`))).toBe(true);
    expect(objects.data.size).toBe(1);
    expect(store.erasures.size).toBe(0);
    const { faces } = await enrollment.getSubject(T1, alice.id);
    expect(faces).toHaveLength(PURGE_BATCH + 1);
    expect(faces.every((f) => f.imageKey === undefined)).toBe(true);
    // Nothing left: a second purge is a no-op.
    expect((await enrollment.updateTenantSettings(T1, {}, { purgeImages: true })).purgedImages).toBe(0);
  });

  test('a purge whose deletes fail leaves the erasures scheduled for the sweeper, which finishes them', async () => {
    const { enrollment, objects, store } = setup();
    const alice = await enrollment.createSubject(subjectInput('alice'));
    await enrollment.addFaces({ tenantId: T1, subjectId: alice.id, images: [{ image: { inline: jpeg(1) } }] });
    objects.failDeletes = true;
    const result = await enrollment.updateTenantSettings(T1, { retainImages: false }, { purgeImages: true });
    expect(result.purgedImages).toBe(1);
    expect(objects.data.size).toBe(1);
    expect(store.erasures.size).toBe(1);
    objects.failDeletes = false;
    expect(await enrollment.sweepErasures()).toBe(1);
    expect(objects.data.size).toBe(0);
    expect(store.erasures.size).toBe(0);
  });

  test('purgeImages while images are retained is invalid_argument and changes nothing', async () => {
    const { enrollment, objects, store } = setup();
    const alice = await enrollment.createSubject(subjectInput('alice'));
    await enrollment.addFaces({ tenantId: T1, subjectId: alice.id, images: [{ image: { inline: jpeg(1) } }] });
    expect(await codeOf(enrollment.updateTenantSettings(T1, {}, { purgeImages: true }))).toBe('invalid_argument');
    expect(await codeOf(enrollment.updateTenantSettings(T1, { retainImages: true }, { purgeImages: true }))).toBe(
      'invalid_argument',
    );
    expect(store.retain.has(T1)).toBe(false);
    expect(objects.data.size).toBe(1);
  });

  test('a malformed tenant id is invalid_argument', async () => {
    const { enrollment } = setup();
    expect(await codeOf(enrollment.getTenantSettings('../x'))).toBe('invalid_argument');
    expect(await codeOf(enrollment.updateTenantSettings('', { retainImages: false }))).toBe('invalid_argument');
  });
});
