// GET/PUT /v1/settings over the fake enrollment service: admin scope only, body validation, the caller's tenant.
import { type TestGateway, testGateway } from './fakes.ts';

const auth = (key: string) => ({ authorization: `Bearer ${key}` });

describe('tenant settings routes (fake services)', () => {
  let gw: TestGateway;
  let adminA: string;
  let adminB: string;

  beforeEach(async () => {
    gw = await testGateway();
    adminA = gw.keys.add('tenant-a', ['admin']);
    adminB = gw.keys.add('tenant-b', ['admin']);
  });
  afterEach(() => gw.app.close());

  const put = (key: string, payload: unknown, headers: Record<string, string> = {}) =>
    gw.app.inject({
      method: 'PUT',
      url: '/v1/settings',
      headers: { ...auth(key), 'content-type': 'application/json', ...headers },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });

  it('GET answers the effective settings (server default before any PUT); PUT changes only the caller’s tenant', async () => {
    const before = await gw.app.inject({ method: 'GET', url: '/v1/settings', headers: auth(adminA) });
    expect(before.statusCode).toBe(200);
    expect(before.json()).toEqual({ retainImages: true });

    const res = await put(adminA, { retainImages: false });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ retainImages: false });
    expect(gw.peers.retainImages).toEqual(new Map([['tenant-a', false]]));

    const a = await gw.app.inject({ method: 'GET', url: '/v1/settings', headers: auth(adminA) });
    const b = await gw.app.inject({ method: 'GET', url: '/v1/settings', headers: auth(adminB) });
    expect([a.json(), b.json()]).toEqual([{ retainImages: false }, { retainImages: true }]);
  });

  it('PUT with purgeImages asks the service to purge and answers purgedImages; without it no purge is asked', async () => {
    const res = await put(adminA, { retainImages: false, purgeImages: true });
    expect([res.statusCode, res.json()]).toEqual([200, { retainImages: false, purgedImages: 0 }]);
    const plain = await put(adminA, { retainImages: false, purgeImages: false });
    expect([plain.statusCode, plain.json()]).toEqual([200, { retainImages: false }]);
    expect(gw.peers.calls).toEqual(['updateTenantSettings+purge', 'updateTenantSettings']);
  });

  it('refuses keys without the admin scope with 403 forbidden, before reaching the service', async () => {
    for (const scopes of [['enrol'], ['verify'], ['enrol', 'verify']] as const) {
      const key = gw.keys.add('tenant-a', [...scopes]);
      const get = await gw.app.inject({ method: 'GET', url: '/v1/settings', headers: auth(key) });
      const change = await put(key, { retainImages: false });
      for (const r of [get, change]) {
        expect(r.statusCode).toBe(403);
        expect(r.json()).toEqual({
          error: { code: 'forbidden', message: expect.any(String), details: { required: 'admin' } },
        });
      }
    }
    expect(gw.peers.calls).toEqual([]);
    expect(gw.peers.retainImages.size).toBe(0);
  });

  it('refuses a missing key with 401', async () => {
    const res = await gw.app.inject({ method: 'GET', url: '/v1/settings' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('unauthorized');
  });

  it.each([
    ['an empty object', {}],
    ['a string for retainImages', { retainImages: 'false' }],
    ['a number for retainImages', { retainImages: 0 }],
    ['null for retainImages', { retainImages: null }],
    ['an unknown field', { retainImages: true, retainImagez: false }],
    ['a string for purgeImages', { retainImages: false, purgeImages: 'yes' }],
    ['purgeImages while retaining', { retainImages: true, purgeImages: true }],
    ['an array', [true]],
    ['a bare boolean', false],
  ])('refuses %s with 400 invalid_argument and changes nothing', async (_what, body) => {
    const res = await put(adminA, body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_argument');
    expect(gw.peers.calls).toEqual([]);
  });

  it('refuses malformed JSON and a non-JSON body with 400 invalid_argument', async () => {
    const malformed = await put(adminA, '{"retainImages": fal');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('invalid_argument');
    const text = await put(adminA, 'retainImages=false', { 'content-type': 'text/plain' });
    expect(text.statusCode).toBe(400);
    expect(text.json().error.code).toBe('invalid_argument');
    expect(gw.peers.calls).toEqual([]);
  });

  it('refuses a body over the JSON limit with 413 payload_too_large', async () => {
    const res = await put(adminA, { retainImages: true, pad: 'x'.repeat(8192) });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
  });
});
