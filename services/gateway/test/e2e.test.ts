// End to end: the real detection, embedding, matching and enrollment services and the gateway, each a child process
// (`node services/<name>/src/main.ts`) on ephemeral ports, over the test stack's MariaDB (a database of its own),
// NATS, fake-gcs-server and the built ONNX models, driven through the REST API with photos of faces-dev.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Pool } from '@visor/store';
import { createObjectStore } from '@visor/store';
import { datasetPath, eventually, requireEnv, type ServiceProcess, type TestDatabase } from '@visor/testkit';
import { createKey, ensureTenant } from '../src/store.ts';
import { type GatewayStack, missingServices, startGatewayStack } from './real-stack.ts';

const missing = missingServices();
const dataset = datasetPath('faces-dev');

const describeE2e = missing.length === 0 && dataset ? describe : describe.skip;
if (missing.length > 0) {
  process.stderr.write(`skipping gateway e2e: no src/main.ts for ${missing.join(', ')}\n`);
}

describeE2e('gateway end to end (all real services)', () => {
  const gcsHost = requireEnv('STORAGE_EMULATOR_HOST');
  const bucket = requireEnv('VISOR_GCS_BUCKET');
  const photo = (file: string) => readFileSync(path.join(dataset as string, 'images', file));
  let stack: GatewayStack;
  let db: TestDatabase<Pool>;
  let gateway: ServiceProcess;
  let tenantA: string;
  let keyA: string;
  let keyB: string;

  beforeAll(async () => {
    stack = await startGatewayStack('visor_e2e');
    ({ db, gateway, tenantId: tenantA, key: keyA } = stack);
    const b = await ensureTenant(db.pool, `e2e-b-${stack.run}`);
    keyB = (await createKey(db.pool, b.tenant.id, ['admin'])).key;
  }, 900_000);

  afterAll(async () => {
    await stack?.stop();
  }, 120_000);

  const api = async (
    method: string,
    url: string,
    key: string,
    body?: { json?: unknown; form?: FormData },
    headers: Record<string, string> = {},
  ) => {
    const init: RequestInit = { method, headers: { authorization: `Bearer ${key}`, ...headers } };
    if (body?.json !== undefined) {
      init.body = JSON.stringify(body.json);
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
    if (body?.form) init.body = body.form;
    const res = await fetch(`${gateway.httpUrl}${url}`, init);
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  };

  const imageForm = (files: string[], fields: Record<string, string> = {}) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    for (const file of files) form.append('image', new Blob([new Uint8Array(photo(file))]), path.basename(file));
    return form;
  };

  const subjects: Record<string, string> = {};

  async function enrol(key: string, externalId: string, files: string[]): Promise<string> {
    const created = await api('POST', '/v1/subjects', key, { json: { externalId, displayName: externalId } });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const added = await api('POST', `/v1/subjects/${id}/faces`, key, { form: imageForm(files) });
    expect(added.status).toBe(201);
    expect(added.body.faces.length).toBeGreaterThanOrEqual(1);
    return id;
  }

  const verify = (key: string, subjectId: string, file: string) =>
    api('POST', '/v1/verify', key, { form: imageForm([file], { subjectId }) });
  const identify = (key: string, file: string) => api('POST', '/v1/identify', key, { form: imageForm([file]) });
  const identified = (body: { faces: Array<{ candidates: Array<{ subjectId: string }> }> }) =>
    new Set(body.faces.flatMap((f) => f.candidates.map((c) => c.subjectId)));

  /** Waits (bounded by the caller's deadline) until matching has applied the enrolment events. */
  async function untilIdentified(file: string, subjectId: string): Promise<void> {
    let last: Awaited<ReturnType<typeof identify>> | undefined;
    await eventually(
      async () => {
        last = await identify(keyA, file);
        return last.status === 200 && identified(last.body).has(subjectId);
      },
      {
        intervalMs: 100,
        timeoutMs: 30_000,
        describe: () => `${file} never identified as ${subjectId}: ${JSON.stringify(last?.body)}`,
      },
    );
  }

  it('enrols several identities, with several photos each and one-shot', async () => {
    subjects.obama = await enrol(keyA, 'obama', ['facerec_obama.jpg', 'facerec_obama1.jpg', 'facerec_obama2.jpg']);
    subjects.biden = await enrol(keyA, 'biden', ['facerec_biden.jpg']);
    subjects.kit = await enrol(keyA, 'kit', ['facerec_john1.jpeg', 'facerec_john2.jpeg']);
    subjects.alex = await enrol(keyA, 'alex', ['facerec_alex-lacamoire.png', 'facerec_alex_lacamoire1.jpg']);
    const dup = await api('POST', '/v1/subjects', keyA, { json: { externalId: 'obama' } });
    expect(dup.status).toBe(409);
    const listed = await api('GET', '/v1/subjects?limit=2', keyA);
    expect(listed.body.subjects).toHaveLength(2);
    expect(typeof listed.body.nextCursor).toBe('string');
    const got = await api('GET', `/v1/subjects/${subjects.obama}`, keyA);
    expect(got.body.faces.length).toBeGreaterThanOrEqual(1);
    // The index follows the enrolment events: wait until the one-shot subject is searchable.
    await untilIdentified('facerec_biden.jpg', subjects.biden as string);
  });

  it('refuses a non-image with 415 unsupported_image and a truncated photo with 422 corrupt_image', async () => {
    const created = await api('POST', '/v1/subjects', keyA, { json: { externalId: 'bad-uploads' } });
    expect(created.status).toBe(201);
    const upload = (bytes: Uint8Array) => {
      const form = new FormData();
      form.append('image', new Blob([new Uint8Array(bytes)]), 'upload.jpg');
      return api('POST', `/v1/subjects/${created.body.id}/faces`, keyA, { form });
    };
    const pdf = await upload(new TextEncoder().encode('%PDF-1.7\n1 0 obj << >> endobj\n'));
    expect([pdf.status, pdf.body.error.code]).toEqual([415, 'unsupported_image']);
    const whole = photo('facerec_obama.jpg');
    const cut = await upload(whole.subarray(0, Math.floor(whole.length / 2)));
    expect([cut.status, cut.body.error.code]).toEqual([422, 'corrupt_image']);
    expect((await api('GET', `/v1/subjects/${created.body.id}`, keyA)).body.faces).toEqual([]);
  });

  it('genuine verifications match and impostors do not', async () => {
    const genuine: Array<[string, string]> = [
      ['obama', 'facerec_obama3.jpg'],
      ['biden', 'facerec_biden2.jpg'],
      ['kit', 'facerec_johnsnow_test1.jpg'],
      ['alex', 'facerec_alex_lacamoire_img1.jpg'],
    ];
    for (const [who, file] of genuine) {
      const res = await verify(keyA, subjects[who] as string, file);
      expect([who, res.status, res.body.match]).toEqual([who, 200, true]);
      expect(res.body.score).toBeGreaterThanOrEqual(res.body.threshold);
    }
    const impostors: Array<[string, string]> = [
      ['biden', 'facerec_obama3.jpg'],
      ['obama', 'facerec_biden2.jpg'],
      ['alex', 'facerec_johnsnow_test1.jpg'],
      ['kit', 'facerec_alex_lacamoire_img1.jpg'],
    ];
    for (const [who, file] of impostors) {
      const res = await verify(keyA, subjects[who] as string, file);
      expect([who, file, res.status, res.body.match]).toEqual([who, file, 200, false]);
    }
    const group = await verify(keyA, subjects.obama as string, 'facerec_obama_and_biden.jpg');
    expect(group.status).toBe(422);
    expect(group.body.error.code).toBe('multiple_faces');
    const audit = await db.pool.query('SELECT COUNT(*) AS n FROM audit_events WHERE tenant_id = ? AND kind = ?', [
      tenantA,
      'verify',
    ]);
    expect(Number((audit[0] as Array<{ n: number }>)[0]?.n)).toBeGreaterThanOrEqual(9);
  });

  it('identifies the enrolled people in a group photo and nobody else', async () => {
    const res = await identify(keyA, 'facerec_obama_and_biden.jpg');
    expect(res.status).toBe(200);
    expect(res.body.faces.length).toBeGreaterThanOrEqual(2);
    expect([...identified(res.body)].sort()).toEqual([subjects.obama, subjects.biden].sort());
  });

  it('keeps tenants apart: tenant B cannot read, verify against, find or delete tenant A’s subjects', async () => {
    const id = subjects.obama as string;
    expect((await api('GET', `/v1/subjects/${id}`, keyB)).status).toBe(404);
    expect((await verify(keyB, id, 'facerec_obama3.jpg')).status).toBe(404);
    expect((await api('DELETE', `/v1/subjects/${id}`, keyB)).status).toBe(404);
    const found = await identify(keyB, 'facerec_obama3.jpg');
    expect(identified(found.body).size).toBe(0);
    expect((await api('GET', '/v1/subjects', keyB)).body.subjects).toEqual([]);
    expect((await api('GET', `/v1/subjects/${id}`, keyA)).status).toBe(200);
  });

  it('a deleted subject disappears from identify within 2 s and its images are erased', async () => {
    const id = await enrol(keyA, 'rose', ['facerec_rose_leslie_img1.jpg']);
    await untilIdentified('facerec_rose_leslie_img1.jpg', id);
    const objects = createObjectStore({ bucket, emulatorHost: gcsHost });
    const prefix = `tenants/${tenantA}/subjects/${id}/`;
    expect((await objects.list(prefix)).length).toBeGreaterThanOrEqual(1);

    expect((await api('DELETE', `/v1/subjects/${id}`, keyA)).status).toBe(204);
    const deadline = Date.now() + 2_000;
    let gone = false;
    while (!gone && Date.now() <= deadline) {
      const res = await identify(keyA, 'facerec_rose_leslie_img1.jpg');
      gone = res.status === 200 && !identified(res.body).has(id);
    }
    expect(gone).toBe(true);
    expect(await objects.list(prefix)).toEqual([]);
    expect((await api('GET', `/v1/subjects/${id}`, keyA)).status).toBe(404);
  });

  it('PUT /v1/settings retainImages=false: the next enrolment stores no image, the face still verifies; purgeImages erases older images', async () => {
    // A tenant of its own, so the setting cannot change what the other cases store.
    const c = await ensureTenant(db.pool, `e2e-c-${stack.run}`);
    const keyC = (await createKey(db.pool, c.tenant.id, ['admin'])).key;
    const enrolOnlyC = (await createKey(db.pool, c.tenant.id, ['enrol'])).key;
    expect((await api('GET', '/v1/settings', keyC)).body).toEqual({ retainImages: true });
    const refused = await api('PUT', '/v1/settings', enrolOnlyC, { json: { retainImages: false } });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'forbidden']);
    const bad = await api('PUT', '/v1/settings', keyC, { json: { retainImages: 'false' } });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'invalid_argument']);

    const put = await api('PUT', '/v1/settings', keyC, { json: { retainImages: false } });
    expect([put.status, put.body]).toEqual([200, { retainImages: false }]);
    const id = await enrol(keyC, 'biden-no-image', ['facerec_biden.jpg']);
    const objects = createObjectStore({ bucket, emulatorHost: gcsHost });
    expect(await objects.list(`tenants/${c.tenant.id}/subjects/${id}/`)).toEqual([]);

    // An image stored while retention was on stays when it is turned off, and goes on an explicit purge.
    expect((await api('PUT', '/v1/settings', keyC, { json: { retainImages: true } })).status).toBe(200);
    const kept = await enrol(keyC, 'obama-purged', ['facerec_obama.jpg']);
    const keptPrefix = `tenants/${c.tenant.id}/subjects/${kept}/`;
    expect(await objects.list(keptPrefix)).toHaveLength(1);
    expect((await api('PUT', '/v1/settings', keyC, { json: { retainImages: false } })).status).toBe(200);
    expect(await objects.list(keptPrefix)).toHaveLength(1);
    const purge = await api('PUT', '/v1/settings', keyC, { json: { retainImages: false, purgeImages: true } });
    expect([purge.status, purge.body]).toEqual([200, { retainImages: false, purgedImages: 1 }]);
    expect(await objects.list(keptPrefix)).toEqual([]);
    expect((await api('GET', `/v1/subjects/${kept}`, keyC)).body.faces).toHaveLength(1);
    expect((await api('GET', '/v1/settings', keyC)).body).toEqual({ retainImages: false });
    expect((await api('GET', `/v1/subjects/${id}`, keyC)).body.faces).toHaveLength(1);
    // Only the template is kept, and it is enough: a genuine verify matches once matching has the enrolment event.
    let last: Awaited<ReturnType<typeof verify>> | undefined;
    await eventually(
      async () => {
        last = await verify(keyC, id, 'facerec_biden2.jpg');
        return last.status === 200 && last.body.match === true;
      },
      { intervalMs: 100, timeoutMs: 30_000, describe: () => `never verified: ${JSON.stringify(last?.body)}` },
    );
    // Tenant A's setting is untouched.
    expect((await api('GET', '/v1/settings', keyA)).body).toEqual({ retainImages: true });
  });

  it('serves the OpenAPI document and readiness with every peer up', async () => {
    const ready = await fetch(`${gateway.httpUrl}/readyz`);
    expect(ready.status).toBe(200);
    const doc = (await (await fetch(`${gateway.httpUrl}/openapi.json`)).json()) as { paths: object };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/verify', '/v1/identify', '/v1/subjects']));
  });
});
