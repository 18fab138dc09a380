// API keys: `vsr_<keyId>_<secret>`. The key id is public (logs, audit, rate limits); the secret is 32 random bytes
// in base64url and only its SHA-256 is stored. A plain hash is enough here because the secret has 256 bits of
// entropy: there is nothing to brute-force, unlike a password.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const KEY_PREFIX = 'vsr';

/** What a key may do. `admin` implies every other scope. */
export const SCOPES = ['admin', 'enrol', 'verify'] as const;
export type Scope = (typeof SCOPES)[number];

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** Parses `admin,enrol` (commas or spaces); throws on an unknown scope or an empty list. */
export function parseScopes(text: string): Scope[] {
  const parts = text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (parts.length === 0) throw new Error('no scopes given');
  for (const part of parts) if (!isScope(part)) throw new Error(`unknown scope ${part} (known: ${SCOPES.join(', ')})`);
  return [...new Set(parts as Scope[])];
}

export function hasScope(granted: readonly Scope[], needed: Scope): boolean {
  return granted.includes('admin') || granted.includes(needed);
}

export type NewKey = { keyId: string; secret: string; key: string; secretHash: Buffer };

const KEY_ID = /^[0-9a-f]{16}$/;
const SECRET = /^[A-Za-z0-9_-]{43}$/;

export function generateKey(random: (n: number) => Buffer = randomBytes): NewKey {
  // Hex has no `_`, so the first `_` after the key id unambiguously ends it even though base64url may contain `_`.
  const keyId = random(8).toString('hex');
  const secret = random(32).toString('base64url');
  return { keyId, secret, key: `${KEY_PREFIX}_${keyId}_${secret}`, secretHash: hashSecret(secret) };
}

export function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/** `{keyId, secret}` of a well-formed key, else undefined. */
export function parseKey(key: string): { keyId: string; secret: string } | undefined {
  if (!key.startsWith(`${KEY_PREFIX}_`)) return undefined;
  const rest = key.slice(KEY_PREFIX.length + 1);
  const sep = rest.indexOf('_');
  if (sep < 0) return undefined;
  const keyId = rest.slice(0, sep);
  const secret = rest.slice(sep + 1);
  if (!KEY_ID.test(keyId) || !SECRET.test(secret)) return undefined;
  return { keyId, secret };
}

/** Constant-time comparison of a presented secret with the stored hash. */
export function secretMatches(secret: string, storedHash: Buffer): boolean {
  const presented = hashSecret(secret);
  return storedHash.length === presented.length && timingSafeEqual(presented, storedHash);
}

/** The token of an `Authorization: Bearer <token>` header, else undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}
