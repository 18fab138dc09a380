// The REST adapter over fake services: auth, scopes, limits, multipart parsing, error shapes, lockout and audit.
import { events } from '@visor/contracts';
import { form, image, imagePart, type TestGateway, testGateway } from './fakes.ts';

const auth = (key: string) => ({ authorization: `Bearer ${key}` });

describe('gateway REST API (fake services)', () => {
  let gw: TestGateway;
  let keyA: string;
  let keyB: string;
  let enrolOnly: string;

  beforeEach(async () => {
    gw = await testGateway();
    keyA = gw.keys.add('tenant-a', ['admin']);
    keyB = gw.keys.add('tenant-b', ['admin']);
    enrolOnly = gw.keys.add('tenant-a', ['enrol']);
  });
  afterEach(() => gw.app.close());

  async function createSubject(key: string, externalId: string): Promise<string> {
    const res = await gw.app.inject({
      method: 'POST',
      url: '/v1/subjects',
      headers: auth(key),
      payload: { externalId },
    });
    expect(res.statusCode).toBe(201);
    return res.json().id;
  }

  it('refuses requests without a valid key with 401 unauthorized', async () => {
    for (const headers of [{}, { authorization: 'Bearer vsr_nope' }, { authorization: 'Basic abc' }]) {
      const res = await gw.app.inject({ method: 'GET', url: '/v1/subjects', headers });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    }
  });

  it('refuses a key without the route’s scope with 403 forbidden', async () => {
    const { payload, headers } = form([{ name: 'subjectId', value: 'x' }, imagePart(image(['alice']))]);
    const res = await gw.app.inject({
      method: 'POST',
      url: '/v1/verify',
      headers: { ...headers, ...auth(enrolOnly) },
      payload,
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('forbidden');
    expect(gw.peers.calls).toEqual([]);
  });

  it('creates, lists with a cursor, reads and deletes subjects; duplicates are 409', async () => {
    const res = await gw.app.inject({
      method: 'POST',
      url: '/v1/subjects',
      headers: auth(keyA),
      payload: { externalId: 'emp-1', displayName: 'Ann', metadata: { team: 'x' } },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      externalId: 'emp-1',
      displayName: 'Ann',
      metadata: { team: 'x' },
      faceCount: 0,
    });
    const dup = await gw.app.inject({
      method: 'POST',
      url: '/v1/subjects',
      headers: auth(keyA),
      payload: { externalId: 'emp-1' },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('already_exists');
    await createSubject(keyA, 'emp-2');
    await createSubject(keyA, 'emp-3');

    const page1 = await gw.app.inject({ method: 'GET', url: '/v1/subjects?limit=2', headers: auth(keyA) });
    expect(page1.json().subjects.map((s: { externalId: string }) => s.externalId)).toEqual(['emp-1', 'emp-2']);
    const cursor = page1.json().nextCursor;
    expect(typeof cursor).toBe('string');
    const page2 = await gw.app.inject({
      method: 'GET',
      url: `/v1/subjects?limit=2&cursor=${cursor}`,
      headers: auth(keyA),
    });
    expect(page2.json()).toEqual({ subjects: [expect.objectContaining({ externalId: 'emp-3' })], nextCursor: null });

    const id = res.json().id;
    const got = await gw.app.inject({ method: 'GET', url: `/v1/subjects/${id}`, headers: auth(keyA) });
    expect(got.json()).toMatchObject({ id, externalId: 'emp-1', faces: [] });
    const del = await gw.app.inject({ method: 'DELETE', url: `/v1/subjects/${id}`, headers: auth(keyA) });
    expect(del.statusCode).toBe(204);
    const gone = await gw.app.inject({ method: 'GET', url: `/v1/subjects/${id}`, headers: auth(keyA) });
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error.code).toBe('not_found');
  });

  it('validates subject bodies and list queries', async () => {
    for (const payload of [
      {},
      { externalId: '' },
      { externalId: 'x', metadata: { n: 1 } },
      { externalId: 'x', extra: 1 },
    ]) {
      const res = await gw.app.inject({ method: 'POST', url: '/v1/subjects', headers: auth(keyA), payload });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('invalid_argument');
    }
    const bad = await gw.app.inject({
      method: 'POST',
      url: '/v1/subjects',
      headers: { ...auth(keyA), 'content-type': 'application/json' },
      payload: '{not json',
    });
    expect(bad.statusCode).toBe(400);
    const limit = await gw.app.inject({ method: 'GET', url: '/v1/subjects?limit=1000', headers: auth(keyA) });
    expect(limit.statusCode).toBe(400);
  });

  it('keeps tenants apart: tenant B cannot read, delete, enrol or verify tenant A’s subjects', async () => {
    const id = await createSubject(keyA, 'alice');
    const read = await gw.app.inject({ method: 'GET', url: `/v1/subjects/${id}`, headers: auth(keyB) });
    expect(read.statusCode).toBe(404);
    const del = await gw.app.inject({ method: 'DELETE', url: `/v1/subjects/${id}`, headers: auth(keyB) });
    expect(del.statusCode).toBe(404);
    const list = await gw.app.inject({ method: 'GET', url: '/v1/subjects', headers: auth(keyB) });
    expect(list.json().subjects).toEqual([]);
    const { payload, headers } = form([{ name: 'subjectId', value: id }, imagePart(image(['alice']))]);
    const verify = await gw.app.inject({
      method: 'POST',
      url: '/v1/verify',
      headers: { ...headers, ...auth(keyB) },
      payload,
    });
    expect(verify.statusCode).toBe(404);
    const enrol = form([imagePart(image(['alice']))]);
    const add = await gw.app.inject({
      method: 'POST',
      url: `/v1/subjects/${id}/faces`,
      headers: { ...enrol.headers, ...auth(keyB) },
      payload: enrol.payload,
    });
    expect(add.statusCode).toBe(404);
    const identify = form([imagePart(image(['alice']))]);
    const who = await gw.app.inject({
      method: 'POST',
      url: '/v1/identify',
      headers: { ...identify.headers, ...auth(keyB) },
      payload: identify.payload,
    });
    expect(who.json().faces[0].candidates).toEqual([]);
  });

  it('enrols faces from several images, reporting rejected ones; all rejected fails with the first reason', async () => {
    const id = await createSubject(keyA, 'alice');
    const { payload, headers } = form([imagePart(image(['alice'])), imagePart(image([])), imagePart(image(['alice']))]);
    const res = await gw.app.inject({
      method: 'POST',
      url: `/v1/subjects/${id}/faces`,
      headers: { ...headers, ...auth(keyA), 'idempotency-key': 'k1' },
      payload,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().faces).toHaveLength(2);
    expect(res.json().faces[0]).toEqual({
      id: 'face-0',
      quality: expect.any(Object),
      box: { x: 1, y: 2, width: 3, height: 4 },
    });
    expect(res.json().rejected).toEqual([{ index: 1, code: 'no_face', message: 'no_face' }]);

    const group = form([imagePart(image(['alice', 'bob']))]);
    const multi = await gw.app.inject({
      method: 'POST',
      url: `/v1/subjects/${id}/faces`,
      headers: { ...group.headers, ...auth(keyA) },
      payload: group.payload,
    });
    expect(multi.statusCode).toBe(422);
    expect(multi.json().error.code).toBe('multiple_faces');

    const picked = form([imagePart(image(['alice', 'bob'])), { name: 'faceIndex', value: '0' }]);
    const ok = await gw.app.inject({
      method: 'POST',
      url: `/v1/subjects/${id}/faces`,
      headers: { ...picked.headers, ...auth(keyA) },
      payload: picked.payload,
    });
    expect(ok.statusCode).toBe(201);
  });

  it('takes a rejected image’s code from enrollment: a non-image is 415, a truncated image corrupt_image', async () => {
    const id = await createSubject(keyA, 'alice');
    const enrol = async (...images: Buffer[]) => {
      const { payload, headers } = form(images.map((bytes) => imagePart(bytes)));
      const res = await gw.app.inject({
        method: 'POST',
        url: `/v1/subjects/${id}/faces`,
        headers: { ...headers, ...auth(keyA) },
        payload,
      });
      return { status: res.statusCode, body: res.json() };
    };
    const pdf = Buffer.from('%PDF-1.7 not an image');
    const notImage = await enrol(pdf);
    expect(notImage.status).toBe(415);
    expect(notImage.body.error).toMatchObject({ code: 'unsupported_image', message: 'not a JPEG, PNG or WebP image' });

    const truncated = await enrol(image([], { error: 'corrupt_image' }));
    expect(truncated.status).toBe(422);
    expect(truncated.body.error.code).toBe('corrupt_image');

    const some = await enrol(image(['alice']), pdf, image([], { error: 'corrupt_image' }));
    expect(some.status).toBe(201);
    expect(some.body.rejected.map((r: { index: number; code: string }) => [r.index, r.code])).toEqual([
      [1, 'unsupported_image'],
      [2, 'corrupt_image'],
    ]);

    // An enrollment service without Rejection.code: the reason decides, as before.
    const legacy = await enrol(
      image(['alice']),
      image([], { legacy: true }),
      image(['alice', 'bob'], { legacy: true }),
    );
    expect(legacy.body.rejected.map((r: { code: string }) => r.code)).toEqual(['no_face', 'multiple_faces']);
    const tooLarge = await enrol(image([], { error: 'image_too_large', legacy: true }));
    expect([tooLarge.status, tooLarge.body.error.code]).toEqual([413, 'image_too_large']);
    const unreadable = await enrol(image([], { error: 'unsupported_image', legacy: true }));
    expect(unreadable.body.error.code).toBe('corrupt_image');
  });

  it('enforces upload limits: image size, image count, JSON size, part names', async () => {
    const id = await createSubject(keyA, 'alice');
    const big = form([imagePart(Buffer.alloc(1024 * 1024 + 1))]);
    const tooBig = await gw.app.inject({
      method: 'POST',
      url: `/v1/subjects/${id}/faces`,
      headers: { ...big.headers, ...auth(keyA) },
      payload: big.payload,
    });
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().error.code).toBe('image_too_large');

    const many = form([1, 2, 3, 4].map(() => imagePart(image(['alice']))));
    const tooMany = await gw.app.inject({
      method: 'POST',
      url: `/v1/subjects/${id}/faces`,
      headers: { ...many.headers, ...auth(keyA) },
      payload: many.payload,
    });
    expect(tooMany.statusCode).toBe(413);
    expect(tooMany.json().error.code).toBe('payload_too_large');

    const json = await gw.app.inject({
      method: 'POST',
      url: '/v1/subjects',
      headers: auth(keyA),
      payload: { externalId: 'x', displayName: 'y'.repeat(5000) },
    });
    expect(json.statusCode).toBe(413);
    expect(json.json().error.code).toBe('payload_too_large');

    // Two images near the per-image limit: over the JSON body limit, within the multipart limits.
    const padded = () => Buffer.concat([image(['alice']), Buffer.alloc(500_000, 0x20)]); // JSON allows trailing spaces
    const two = form([imagePart(padded()), imagePart(padded())]);
    const fine = await gw.app.inject({
      method: 'POST',
      url: `/v1/subjects/${id}/faces`,
      headers: { ...two.headers, ...auth(keyA) },
      payload: two.payload,
    });
    expect(fine.statusCode).toBe(201);

    const wrong = form([imagePart(image(['alice']), 'photo')]);
    const named = await gw.app.inject({
      method: 'POST',
      url: `/v1/subjects/${id}/faces`,
      headers: { ...wrong.headers, ...auth(keyA) },
      payload: wrong.payload,
    });
    expect(named.statusCode).toBe(400);

    const notMultipart = await gw.app.inject({
      method: 'POST',
      url: '/v1/detect',
      headers: auth(keyA),
      payload: { a: 1 },
    });
    expect(notMultipart.statusCode).toBe(400);
    expect(notMultipart.json().error.code).toBe('invalid_argument');
  });

  it('verifies: genuine matches, impostor does not, and every attempt is audited without image data', async () => {
    const id = await createSubject(keyA, 'alice');
    const send = (who: string[]) => {
      const { payload, headers } = form([{ name: 'subjectId', value: id }, imagePart(image(who))]);
      return gw.app.inject({ method: 'POST', url: '/v1/verify', headers: { ...headers, ...auth(keyA) }, payload });
    };
    const genuine = await send(['alice']);
    expect(genuine.statusCode).toBe(200);
    expect(genuine.json()).toEqual({
      match: true,
      score: 0.8,
      threshold: 0.4,
      subjectId: id,
      model: { name: 'fake', version: '1' },
    });
    const impostor = await send(['mallory']);
    expect(impostor.json()).toMatchObject({ match: false, score: 0.1 });
    const none = await send([]);
    expect(none.statusCode).toBe(422);
    expect(none.json().error.code).toBe('no_face');
    const two = await send(['alice', 'bob']);
    expect(two.json().error).toMatchObject({ code: 'multiple_faces', details: { faces: 2 } });

    expect(gw.audit.entries.map((e) => [e.kind, e.outcome, e.subjectId])).toEqual([
      ['verify', 'match', id],
      ['verify', 'no_match', id],
      ['verify', 'rejected_input', id],
      ['verify', 'rejected_input', id],
    ]);
    expect(gw.audit.entries[0]).toMatchObject({ tenantId: 'tenant-a', score: 0.8, threshold: 0.4, model: 'fake@1' });
    expect(gw.audit.events.every((e) => e.subject === events.authAttempt.subject)).toBe(true);
    expect(JSON.stringify(gw.audit.entries)).not.toContain('faces');
  });

  it('rejects low-quality verification probes', async () => {
    const id = await createSubject(keyA, 'alice');
    const { payload, headers } = form([
      { name: 'subjectId', value: id },
      imagePart(image(['alice'], { lowQuality: true })),
    ]);
    const res = await gw.app.inject({
      method: 'POST',
      url: '/v1/verify',
      headers: { ...headers, ...auth(keyA) },
      payload,
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'low_quality', details: { reasons: ['blurry'] } });
  });

  it('maps detection errors to their REST codes', async () => {
    const id = await createSubject(keyA, 'alice');
    for (const [error, status] of [
      ['unsupported_image', 415],
      ['corrupt_image', 422],
      ['image_too_large', 413],
      ['unavailable', 503],
    ] as const) {
      const { payload, headers } = form([{ name: 'subjectId', value: id }, imagePart(image([], { error }))]);
      const res = await gw.app.inject({
        method: 'POST',
        url: '/v1/verify',
        headers: { ...headers, ...auth(keyA) },
        payload,
      });
      expect([res.statusCode, res.json().error.code]).toEqual([status, error]);
    }
    expect(gw.audit.entries.map((e) => e.outcome)).toEqual([
      'rejected_input',
      'rejected_input',
      'rejected_input',
      'error',
    ]);
  });

  it('locks a subject after repeated failed verifications, raises one alert, answers 423 with Retry-After', async () => {
    const id = await createSubject(keyA, 'alice');
    const send = (who: string) => {
      const { payload, headers } = form([{ name: 'subjectId', value: id }, imagePart(image([who]))]);
      return gw.app.inject({ method: 'POST', url: '/v1/verify', headers: { ...headers, ...auth(keyA) }, payload });
    };
    for (let i = 0; i < 3; i++) expect((await send('mallory')).json().match).toBe(false);
    const alerts = () => gw.audit.events.filter((e) => e.subject === events.securityAlert.subject);
    expect(alerts()).toHaveLength(1);
    const metric = await gw.registry.getSingleMetricAsString('visor_security_alerts_total');
    expect(metric).toContain('visor_security_alerts_total{reason="repeated_failures"} 1');

    const detectsBefore = gw.peers.calls.filter((c) => c === 'detect').length;
    const locked = await send('alice');
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.code).toBe('locked');
    expect(Number(locked.headers['retry-after'])).toBe(300);
    expect(gw.peers.calls.filter((c) => c === 'detect').length).toBe(detectsBefore);
    expect(gw.audit.entries.at(-1)?.outcome).toBe('locked');
    expect(alerts()).toHaveLength(1);
  });

  it('identifies every face of a group photo; unknown faces get no candidates', async () => {
    const alice = await createSubject(keyA, 'alice');
    const bob = await createSubject(keyA, 'bob');
    const { payload, headers } = form([imagePart(image(['alice', 'stranger', 'bob'])), { name: 'topK', value: '3' }]);
    const res = await gw.app.inject({
      method: 'POST',
      url: '/v1/identify',
      headers: { ...headers, ...auth(keyA) },
      payload,
    });
    expect(res.statusCode).toBe(200);
    const faces = res.json().faces;
    expect(faces).toHaveLength(3);
    expect(
      faces.map((f: { candidates: Array<{ subjectId: string }> }) => f.candidates.map((c) => c.subjectId)),
    ).toEqual([[alice], [], [bob]]);
    expect(faces[0]).toEqual({
      box: { x: 10, y: 20, width: 80, height: 90 },
      candidates: [{ subjectId: alice, externalId: 'alice', score: 0.77 }],
    });
    expect(gw.audit.entries.at(-1)).toMatchObject({ kind: 'identify', outcome: 'match', faces: 3 });
    const bad = form([imagePart(image(['alice'])), { name: 'topK', value: '0' }]);
    const badRes = await gw.app.inject({
      method: 'POST',
      url: '/v1/identify',
      headers: { ...bad.headers, ...auth(keyA) },
      payload: bad.payload,
    });
    expect(badRes.statusCode).toBe(400);
  });

  it('reports faces too small to identify without searching them', async () => {
    const alice = await createSubject(keyA, 'alice');
    const identify = (spec: Buffer) => {
      const { payload, headers } = form([imagePart(spec)]);
      return gw.app.inject({ method: 'POST', url: '/v1/identify', headers: { ...headers, ...auth(keyA) }, payload });
    };
    const before = gw.peers.calls.filter((c) => c === 'identify').length;
    const res = await identify(image(['alice', 'alice'], { faceWidths: [80, 26] }));
    expect(res.statusCode).toBe(200);
    expect(res.json().faces).toEqual([
      { box: { x: 10, y: 20, width: 80, height: 90 }, candidates: [expect.objectContaining({ subjectId: alice })] },
      { box: { x: 110, y: 20, width: 26, height: 90 }, candidates: [], reason: 'face_too_small' },
    ]);
    // Only the wide face went to the matching service.
    expect(gw.peers.calls.filter((c) => c === 'identify').length - before).toBe(1);
    // Nothing to search: every face reported, no threshold, no model.
    const none = await identify(image(['alice'], { faceWidths: [20] }));
    expect(none.json()).toEqual({
      faces: [{ box: { x: 10, y: 20, width: 20, height: 90 }, candidates: [], reason: 'face_too_small' }],
      threshold: null,
      model: null,
    });
  });

  it('detects faces with landmarks, score and quality', async () => {
    const { payload, headers } = form([imagePart(image(['a', 'b']))]);
    const res = await gw.app.inject({
      method: 'POST',
      url: '/v1/detect',
      headers: { ...headers, ...auth(keyA) },
      payload,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().faces).toHaveLength(2);
    expect(res.json().faces[0]).toMatchObject({ score: 0.99, landmarks: {}, quality: { overall: 0.9, reasons: [] } });
  });

  it('serves probes, metrics with the request histogram, the OpenAPI document, the docs page and the UI', async () => {
    expect((await gw.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    const ready = await gw.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.json()).toEqual({ ready: true, reasons: {} });
    await gw.app.inject({ method: 'GET', url: '/v1/subjects', headers: auth(keyA) });
    const metrics = await gw.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain(
      'visor_http_request_duration_seconds_count{route="/v1/subjects",method="GET",status="200"}',
    );
    const doc = await gw.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(doc.json().openapi).toBe('3.1.0');
    const page = await gw.app.inject({ method: 'GET', url: '/docs' });
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('/docs/assets/swagger-ui-bundle.js');
    const bundle = await gw.app.inject({ method: 'GET', url: '/docs/assets/swagger-ui-bundle.js' });
    expect(bundle.statusCode).toBe(200);
    expect(bundle.body.length).toBeGreaterThan(100_000);
    expect((await gw.app.inject({ method: 'GET', url: '/docs/assets/package.json' })).statusCode).toBe(404);
    const ui = await gw.app.inject({ method: 'GET', url: '/' });
    expect(ui.body).toContain('<script type="module" src="/ui/app.js">');
    expect(ui.headers['content-security-policy']).toContain("default-src 'self'");
    expect(ui.headers['x-content-type-options']).toBe('nosniff');
    const js = await gw.app.inject({ method: 'GET', url: '/ui/app.js' });
    expect(js.headers['content-type']).toContain('text/javascript');
    expect(js.body).toContain('/v1/identify');
    expect((await gw.app.inject({ method: 'GET', url: '/ui/index.ts' })).statusCode).toBe(404);
    const missing = await gw.app.inject({ method: 'GET', url: '/v2/nothing' });
    expect(missing.json()).toEqual({ error: { code: 'not_found', message: 'no such route' } });
  });
});

describe('rate limiting', () => {
  it('answers 429 rate_limited with Retry-After once a key’s bucket is empty, per key', async () => {
    let now = 0;
    const gw = await testGateway({ rate: { ratePerSecond: 1, burst: 2 }, now: () => now });
    const a = gw.keys.add('t', ['admin']);
    const b = gw.keys.add('t', ['admin']);
    const get = (key: string) => gw.app.inject({ method: 'GET', url: '/v1/subjects', headers: auth(key) });
    expect((await get(a)).statusCode).toBe(200);
    expect((await get(a)).statusCode).toBe(200);
    const limited = await get(a);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('rate_limited');
    expect(limited.headers['retry-after']).toBe('1');
    expect((await get(b)).statusCode).toBe(200);
    now += 1000;
    expect((await get(a)).statusCode).toBe(200);
    await gw.app.close();
  });
});

describe('failed authentication throttle', () => {
  it('refuses a client address with 429 after its budget of failed authentications, without looking keys up', async () => {
    let now = 0;
    const gw = await testGateway({ authFailures: { ratePerSecond: 1, burst: 2 }, now: () => now });
    const good = gw.keys.add('t', ['admin']);
    let lookups = 0;
    const find = gw.keys.findKey.bind(gw.keys);
    gw.keys.findKey = async (id: string) => {
      lookups += 1;
      return find(id);
    };
    const bad = `${good.slice(0, -1)}${good.endsWith('A') ? 'B' : 'A'}`;
    const get = (key: string) => gw.app.inject({ method: 'GET', url: '/v1/subjects', headers: auth(key) });
    expect((await get(bad)).statusCode).toBe(401);
    expect((await get(bad)).statusCode).toBe(401);
    const before = lookups;
    const throttled = await get(good);
    expect(throttled.statusCode).toBe(429);
    expect(throttled.headers['retry-after']).toBe('1');
    expect(lookups).toBe(before);
    now += 1000;
    expect((await get(good)).statusCode).toBe(200);
    await gw.app.close();
  });

  it('counts per forwarded client address behind a trusted proxy', async () => {
    const gw = await testGateway({
      authFailures: { ratePerSecond: 1, burst: 1 },
      trustProxy: '127.0.0.1',
      now: () => 0,
    });
    const get = (client: string) =>
      gw.app.inject({ method: 'GET', url: '/v1/subjects', headers: { 'x-forwarded-for': client } });
    expect((await get('203.0.113.7')).statusCode).toBe(401);
    expect((await get('203.0.113.7')).statusCode).toBe(429);
    expect((await get('198.51.100.2')).statusCode).toBe(401);
    await gw.app.close();
  });
});
