import { VisorError } from '@visor/runtime';
import { createAuthenticator, requireScope } from '../src/auth.ts';
import { bearerToken, generateKey, hashSecret, hasScope, parseKey, parseScopes, secretMatches } from '../src/keys.ts';
import { MemoryKeys } from './fakes.ts';

describe('API keys', () => {
  it('generates vsr_<16 hex>_<43 base64url> keys that parse back and store only a hash', () => {
    const key = generateKey();
    expect(key.key).toMatch(/^vsr_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(parseKey(key.key)).toEqual({ keyId: key.keyId, secret: key.secret });
    expect(key.secretHash.equals(hashSecret(key.secret))).toBe(true);
    expect(key.secretHash.toString('hex')).not.toContain(key.secret);
    expect(generateKey().key).not.toBe(key.key);
  });

  it('parses secrets that contain underscores (base64url) after the key id', () => {
    const fixed = (n: number) => Buffer.alloc(n, 0xff); // base64url of 0xff bytes is all "_"
    const key = generateKey(fixed);
    expect(key.secret).toContain('_');
    expect(parseKey(key.key)).toEqual({ keyId: key.keyId, secret: key.secret });
  });

  it('rejects malformed keys', () => {
    for (const bad of ['', 'vsr_', 'abc_0123456789abcdef_x', 'vsr_XYZ_abc', `vsr_0123456789abcdef_${'a'.repeat(42)}`]) {
      expect(parseKey(bad)).toBeUndefined();
    }
  });

  it('compares secrets against the stored hash', () => {
    const key = generateKey();
    expect(secretMatches(key.secret, key.secretHash)).toBe(true);
    const other = `${key.secret.slice(0, -1)}${key.secret.endsWith('A') ? 'B' : 'A'}`;
    expect(secretMatches(other, key.secretHash)).toBe(false);
    expect(secretMatches(key.secret, Buffer.alloc(5))).toBe(false);
  });

  it('reads bearer tokens', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer   abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });

  it('parses scopes; admin implies every scope', () => {
    expect(parseScopes('enrol, verify')).toEqual(['enrol', 'verify']);
    expect(() => parseScopes('root')).toThrow(/unknown scope/);
    expect(() => parseScopes(' ')).toThrow(/no scopes/);
    expect(hasScope(['admin'], 'verify')).toBe(true);
    expect(hasScope(['enrol'], 'verify')).toBe(false);
    expect(hasScope(['verify'], 'verify')).toBe(true);
  });
});

describe('authenticator', () => {
  it('returns the key’s tenant and scopes, and refuses unknown, wrong or revoked keys alike', async () => {
    const keys = new MemoryKeys();
    const key = keys.add('tenant-a', ['verify']);
    const auth = createAuthenticator(keys);
    const principal = await auth.authenticate(`Bearer ${key}`);
    expect(principal).toMatchObject({ tenantId: 'tenant-a', scopes: ['verify'] });

    const wrongSecret = key.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    const unknown = generateKey().key;
    for (const header of [undefined, 'Bearer nope', `Bearer ${wrongSecret}`, `Bearer ${unknown}`, key]) {
      await expect(auth.authenticate(header)).rejects.toMatchObject({ code: 'unauthorized' });
    }
    const record = keys.keys.get(principal.keyId);
    if (record) record.revokedAt = new Date();
    await expect(auth.authenticate(`Bearer ${key}`)).rejects.toBeInstanceOf(VisorError);
  });

  it('records last use at most once a minute per key', async () => {
    let now = 1_000_000;
    const keys = new MemoryKeys();
    const key = keys.add('t', ['admin']);
    const auth = createAuthenticator(keys, { now: () => now });
    await auth.authenticate(`Bearer ${key}`);
    now += 30_000;
    await auth.authenticate(`Bearer ${key}`);
    expect(keys.touched).toHaveLength(1);
    now += 30_000;
    await auth.authenticate(`Bearer ${key}`);
    expect(keys.touched).toHaveLength(2);
  });

  it('reuses a found key for cacheMs, so a revocation takes effect within that time; unknown keys are not cached', async () => {
    let now = 1_000_000;
    const keys = new MemoryKeys();
    const key = keys.add('t', ['verify']);
    const lookups: string[] = [];
    const store = {
      findKey: async (keyId: string) => {
        lookups.push(keyId);
        const record = keys.keys.get(keyId);
        // A copy, as a database read gives: later changes to the stored key are not seen through it.
        return record ? { ...record } : undefined;
      },
      touchKey: async () => {},
    };
    const auth = createAuthenticator(store, { now: () => now, cacheMs: 5_000 });
    await auth.authenticate(`Bearer ${key}`);
    await auth.authenticate(`Bearer ${key}`);
    expect(lookups).toHaveLength(1);
    // The secret is checked on every request, cached or not.
    const wrongSecret = key.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    await expect(auth.authenticate(`Bearer ${wrongSecret}`)).rejects.toMatchObject({ code: 'unauthorized' });

    const { keyId } = parseKey(key) ?? { keyId: '' };
    const record = keys.keys.get(keyId);
    if (record) record.revokedAt = new Date(now);
    now += 4_999;
    await auth.authenticate(`Bearer ${key}`);
    now += 1;
    await expect(auth.authenticate(`Bearer ${key}`)).rejects.toMatchObject({ code: 'unauthorized' });
    expect(lookups).toHaveLength(2);

    const unknown = generateKey().key;
    await expect(auth.authenticate(`Bearer ${unknown}`)).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(auth.authenticate(`Bearer ${unknown}`)).rejects.toMatchObject({ code: 'unauthorized' });
    expect(lookups).toHaveLength(4);
  });

  it('requireScope refuses with forbidden', () => {
    const principal = { tenantId: 't', keyId: 'k', scopes: ['enrol' as const] };
    expect(() => requireScope(principal, 'enrol')).not.toThrow();
    expect(() => requireScope(principal, 'verify')).toThrow(expect.objectContaining({ code: 'forbidden' }));
  });
});
