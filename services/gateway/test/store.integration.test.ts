// The gateway's MySQL side against the real MariaDB and NATS of the test stack: migrations, tenants and keys (also
// through `./visor keys`), authentication with real rows, audit rows and their events through the outbox relay to
// JetStream, and the whole app booting from its config. The gRPC services are fakes here (see e2e.test.ts for the
// real ones).
import { randomBytes } from 'node:crypto';
import { EVENTS_STREAM, EVENTS_STREAM_SUBJECTS, events } from '@visor/contracts';
import { connectNats, ensureStream, type NatsHandle, publish } from '@visor/events';
import { createLogger, createRegistry, Lifecycle } from '@visor/runtime';
import { createPool, type OutboxRelay, type Pool, startOutboxRelay } from '@visor/store';
import { createTestDatabase, eventually, requireEnv, type TestDatabase } from '@visor/testkit';
import type { RowDataPacket } from 'mysql2/promise';
import { type GatewayApp, startGateway } from '../src/app.ts';
import { createSecurity, securityMetrics } from '../src/audit.ts';
import { createAuthenticator } from '../src/auth.ts';
import { loadGatewayConfig } from '../src/config.ts';
import { runKeys } from '../src/keys-cli.ts';
import { Lockout } from '../src/lockout.ts';
import { TokenBucketLimiter } from '../src/ratelimit.ts';
import { buildServer } from '../src/server.ts';
import {
  createKey,
  ensureTenant,
  listKeys,
  migrateGateway,
  mysqlAuditLog,
  mysqlKeyStore,
  OUTBOX_TABLE,
  recentAudit,
  revokeKey,
} from '../src/store.ts';
import { FakePeers, form, image, imagePart } from './fakes.ts';

describe('gateway with real MariaDB and NATS', () => {
  const natsUrl = requireEnv('VISOR_NATS_URL');
  const run = randomBytes(4).toString('hex');
  const logger = createLogger('gateway-test', { level: 'silent' });
  let db: TestDatabase<Pool>;
  let pool: Pool;
  let dbUrl: string;
  let nats: NatsHandle;

  beforeAll(async () => {
    // As the gateway's own pool: an audit row and its event go to MySQL as one multi-statement transaction.
    db = await createTestDatabase('visor_gateway_test', (url) => createPool(url, { multipleStatements: true }));
    pool = db.pool;
    dbUrl = db.url;
    nats = await connectNats(natsUrl, { name: 'gateway-test' });
    await ensureStream(nats.jsm, { name: EVENTS_STREAM, subjects: [...EVENTS_STREAM_SUBJECTS] });
  });

  afterAll(async () => {
    await db?.drop();
    await nats?.close();
  });

  it('migrates idempotently', async () => {
    const first = await migrateGateway(pool);
    expect(first.applied.map((m) => m.file)).toEqual(['0001_tenants_and_keys.sql', '0002_audit_events.sql']);
    const second = await migrateGateway(pool);
    expect(second.applied).toEqual([]);
  });

  it('creates tenants and keys, authenticates with them, records last use, and revokes', async () => {
    await migrateGateway(pool);
    const { tenant, created } = await ensureTenant(pool, `acme-${run}`);
    expect(created).toBe(true);
    expect((await ensureTenant(pool, `acme-${run}`)).tenant.id).toBe(tenant.id);
    const key = await createKey(pool, tenant.id, ['enrol', 'verify'], 'ci');
    const [[row]] = await pool.query<RowDataPacket[]>('SELECT * FROM api_keys WHERE id = ?', [key.keyId]);
    // Only the hash is stored.
    expect(JSON.stringify(row)).not.toContain(key.secret);

    const auth = createAuthenticator(mysqlKeyStore(pool));
    const principal = await auth.authenticate(`Bearer ${key.key}`);
    expect(principal).toEqual({ tenantId: tenant.id, keyId: key.keyId, scopes: ['enrol', 'verify'] });
    await eventually(async () => (await listKeys(pool, tenant.id))[0]?.lastUsedAt !== null);

    expect(await revokeKey(pool, key.keyId)).toBe(true);
    expect(await revokeKey(pool, key.keyId)).toBe(false);
    await expect(auth.authenticate(`Bearer ${key.key}`)).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('./visor keys create, list and revoke', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t), env: { VISOR_MYSQL_URL: dbUrl } };
    expect(await runKeys(['create', '--tenant', `cli-${run}`, '--scopes', 'verify'], io)).toBe(0);
    const key = out.join('').trim();
    expect(key).toMatch(/^vsr_[0-9a-f]{16}_/);
    expect(err.join('')).toContain('created tenant');
    const keyId = key.split('_')[1] as string;

    out.length = 0;
    expect(await runKeys(['list', '--tenant', `cli-${run}`, '--json'], io)).toBe(0);
    expect(JSON.parse(out.join(''))).toEqual([expect.objectContaining({ keyId, scopes: ['verify'], revokedAt: null })]);

    expect(await runKeys(['revoke', keyId], io)).toBe(0);
    expect(await runKeys(['revoke', keyId], io)).toBe(1);
    expect(await runKeys(['create'], io)).toBe(2);
    expect(await runKeys(['list', '--tenant', `nobody-${run}`], io)).toBe(1);
  });

  describe('audit and events', () => {
    let relay: OutboxRelay;

    beforeAll(async () => {
      await migrateGateway(pool);
      relay = await startOutboxRelay({
        pool,
        table: OUTBOX_TABLE,
        pollMs: 100,
        publish: (subject, payload, options) => publish(nats.js, subject, payload, options),
      });
    });
    afterAll(() => relay.stop());

    it('writes an audit row and publishes AuthAttempt per verify, and SecurityAlert when a subject locks', async () => {
      const { tenant } = await ensureTenant(pool, `audit-${run}`);
      const key = await createKey(pool, tenant.id, ['admin']);
      const peers = new FakePeers();
      const registry = createRegistry({ defaultMetrics: false });
      const app = await buildServer({
        authenticator: createAuthenticator(mysqlKeyStore(pool)),
        limiter: new TokenBucketLimiter({ ratePerSecond: 100, burst: 100 }),
        recognition: {
          peers,
          security: createSecurity(mysqlAuditLog(pool, relay.notify), securityMetrics(registry)),
          lockout: new Lockout({ maxFailures: 2, windowMs: 60_000, lockMs: 60_000 }),
          timeoutMs: 1000,
        },
        subjects: { enrollment: peers.enrollment, timeoutMs: 1000 },
        settings: { enrollment: peers.enrollment, timeoutMs: 1000 },
        limits: { maxImageBytes: 1 << 20, maxImages: 5, maxJsonBytes: 65536 },
        registry,
        logger,
        lifecycle: new Lifecycle(),
      });
      const attempts: Array<{ tenantId: string; outcome: string; clientId: string; subjectId: string }> = [];
      const alerts: Array<{ tenantId: string; subjectId: string; reason: string }> = [];
      const subA = nats.nc.subscribe(events.authAttempt.subject, {
        callback: (_e, msg) => {
          const e = events.authAttempt.decode(msg.data);
          if (e.tenantId === tenant.id) attempts.push(e);
        },
      });
      const subB = nats.nc.subscribe(events.securityAlert.subject, {
        callback: (_e, msg) => {
          const e = events.securityAlert.decode(msg.data);
          if (e.tenantId === tenant.id) alerts.push(e);
        },
      });
      try {
        const created = await app.inject({
          method: 'POST',
          url: '/v1/subjects',
          headers: { authorization: `Bearer ${key.key}` },
          payload: { externalId: 'alice' },
        });
        const subjectId = created.json().id as string;
        for (const who of ['alice', 'mallory', 'mallory']) {
          const { payload, headers } = form([{ name: 'subjectId', value: subjectId }, imagePart(image([who]))]);
          const res = await app.inject({
            method: 'POST',
            url: '/v1/verify',
            headers: { ...headers, authorization: `Bearer ${key.key}` },
            payload,
          });
          expect(res.statusCode).toBe(200);
        }
        const audit = await recentAudit(pool, tenant.id);
        expect(audit.map((a) => [a.kind, a.outcome, a.subjectId, a.keyId])).toEqual([
          ['verify', 'no_match', subjectId, key.keyId],
          ['verify', 'no_match', subjectId, key.keyId],
          ['verify', 'match', subjectId, key.keyId],
        ]);
        await eventually(async () => attempts.length === 3 && alerts.length === 1);
        expect(attempts.map((a) => a.outcome)).toEqual([
          'AUTH_OUTCOME_MATCH',
          'AUTH_OUTCOME_NO_MATCH',
          'AUTH_OUTCOME_NO_MATCH',
        ]);
        expect(attempts[0]).toMatchObject({ clientId: key.keyId, subjectId });
        expect(alerts[0]).toMatchObject({ subjectId, reason: 'SECURITY_ALERT_REASON_REPEATED_FAILURES' });
      } finally {
        subA.unsubscribe();
        subB.unsubscribe();
        await app.close();
      }
    });
  });

  it('boots from its config: migrations, probes, auth on real keys; unreachable services are 503', async () => {
    const lifecycle = new Lifecycle();
    const dead = '127.0.0.1:1';
    const config = loadGatewayConfig({
      VISOR_MYSQL_URL: dbUrl,
      VISOR_NATS_URL: natsUrl,
      VISOR_HTTP_PORT: '1',
      VISOR_DETECTION_ADDR: dead,
      VISOR_EMBEDDING_ADDR: dead,
      VISOR_MATCHING_ADDR: dead,
      VISOR_ENROLLMENT_ADDR: dead,
      VISOR_GATEWAY_RPC_TIMEOUT_MS: '500',
    });
    let app: GatewayApp | undefined;
    try {
      app = await startGateway(
        { ...config, VISOR_HTTP_PORT: 0 },
        { logger, registry: createRegistry({ defaultMetrics: false }), lifecycle },
      );
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
      const ready = await fetch(`${app.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(Object.keys(((await ready.json()) as { reasons: object }).reasons).sort()).toEqual([
        'detection',
        'embedding',
        'enrollment',
        'matching',
      ]);
      const { tenant } = await ensureTenant(pool, `boot-${run}`);
      const key = await createKey(pool, tenant.id, ['admin']);
      const denied = await fetch(`${app.url}/v1/subjects`);
      expect(denied.status).toBe(401);
      const res = await fetch(`${app.url}/v1/subjects`, { headers: { authorization: `Bearer ${key.key}` } });
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unavailable');
    } finally {
      await app?.stop();
    }
  });
});
