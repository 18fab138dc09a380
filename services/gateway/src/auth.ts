// Who is calling: an `Authorization: Bearer vsr_...` header → the key's tenant and scopes, or a typed refusal.
import { VisorError } from '@visor/runtime';
import { bearerToken, hasScope, parseKey, type Scope, secretMatches } from './keys.ts';
import type { KeyStore } from './store.ts';

export type Principal = { tenantId: string; keyId: string; scopes: readonly Scope[] };

export type Clock = () => number;

export type Authenticator = {
  authenticate(authorization: string | undefined): Promise<Principal>;
};

/** last_used_at is advisory; writing it at most once a minute per key keeps a write off every request. */
const TOUCH_EVERY_MS = 60_000;

export function createAuthenticator(
  keys: KeyStore,
  options: { now?: Clock; onTouchError?: (err: unknown) => void } = {},
): Authenticator {
  const now = options.now ?? Date.now;
  const lastTouched = new Map<string, number>();
  // One message for every failure, so the response does not tell a caller which part of a guessed key was right.
  const refuse = () => new VisorError('unauthorized', 'missing, malformed, unknown or revoked API key');

  return {
    async authenticate(authorization) {
      const token = bearerToken(authorization);
      if (!token) throw refuse();
      const parsed = parseKey(token);
      if (!parsed) throw refuse();
      const record = await keys.findKey(parsed.keyId);
      if (!record || record.revokedAt !== null || !secretMatches(parsed.secret, record.secretHash)) throw refuse();
      const at = now();
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
