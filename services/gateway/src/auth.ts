// Who is calling: an `Authorization: Bearer vsr_...` header → the key's tenant and scopes, or a typed refusal.
import { VisorError } from '@visor/runtime';
import { bearerToken, hasScope, parseKey, type Scope, secretMatches } from './keys.ts';
import type { KeyRecord, KeyStore } from './store.ts';

export type Principal = { tenantId: string; keyId: string; scopes: readonly Scope[] };

export type Clock = () => number;

export type Authenticator = {
  authenticate(authorization: string | undefined): Promise<Principal>;
};

/** last_used_at is advisory; writing it at most once a minute per key keeps a write off every request. */
const TOUCH_EVERY_MS = 60_000;
/** Bound on cached keys; past it the cache starts over (an active deployment has far fewer keys than this). */
const MAX_CACHED_KEYS = 10_000;

export type AuthenticatorOptions = {
  now?: Clock;
  onTouchError?: (err: unknown) => void;
  /**
   * How long a key found in the store is reused without asking the store again (0 = ask on every request). The
   * secret is still checked on every request; a revocation takes effect within this time.
   */
  cacheMs?: number;
};

export function createAuthenticator(keys: KeyStore, options: AuthenticatorOptions = {}): Authenticator {
  const now = options.now ?? Date.now;
  const cacheMs = options.cacheMs ?? 0;
  const lastTouched = new Map<string, number>();
  // Only keys that exist are cached: a key created a moment ago works at once, and unknown ids stay bounded by the
  // per-address failure budget rather than filling the cache.
  const cache = new Map<string, { record: KeyRecord; until: number }>();
  // One message for every failure, so the response does not tell a caller which part of a guessed key was right.
  const refuse = () => new VisorError('unauthorized', 'missing, malformed, unknown or revoked API key');

  const lookup = async (keyId: string, at: number): Promise<KeyRecord | undefined> => {
    const hit = cache.get(keyId);
    if (hit && at < hit.until) return hit.record;
    const record = await keys.findKey(keyId);
    if (cacheMs > 0) {
      if (record) {
        if (cache.size >= MAX_CACHED_KEYS) cache.clear();
        cache.set(keyId, { record, until: at + cacheMs });
      } else {
        cache.delete(keyId);
      }
    }
    return record;
  };

  return {
    async authenticate(authorization) {
      const token = bearerToken(authorization);
      if (!token) throw refuse();
      const parsed = parseKey(token);
      if (!parsed) throw refuse();
      const at = now();
      const record = await lookup(parsed.keyId, at);
      if (!record || record.revokedAt !== null || !secretMatches(parsed.secret, record.secretHash)) throw refuse();
      if (at - (lastTouched.get(record.keyId) ?? Number.NEGATIVE_INFINITY) >= TOUCH_EVERY_MS) {
        lastTouched.set(record.keyId, at);
        keys.touchKey(record.keyId, new Date(at)).catch((err) => options.onTouchError?.(err));
      }
      return { tenantId: record.tenantId, keyId: record.keyId, scopes: record.scopes };
    },
  };
}

export function requireScope(principal: Principal, scope: Scope): void {
  if (!hasScope(principal.scopes, scope)) {
    throw new VisorError('forbidden', `this API key lacks the ${scope} scope`, { details: { required: scope } });
  }
}
