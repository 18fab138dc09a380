// The gateway's MySQL tables: tenants, api_keys, audit_events, and its own outbox for the events it publishes.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ensureOutboxTable,
  type MigrateResult,
  migrate,
  type OutboxEvent,
  outboxInsert,
  type Pool,
  runStatements,
  type Statement,
} from '@visor/store';
import type { ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { generateKey, type NewKey, parseScopes, type Scope } from './keys.ts';

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../migrations');
/** Separate from other services' migration and outbox tables: each service owns its schema history. */
export const MIGRATIONS_TABLE = 'gateway_schema_migrations';
export const OUTBOX_TABLE = 'gateway_outbox';

export async function migrateGateway(pool: Pool, log?: (message: string) => void): Promise<MigrateResult> {
  const result = await migrate(pool, MIGRATIONS_DIR, { table: MIGRATIONS_TABLE, log });
  await ensureOutboxTable(pool, OUTBOX_TABLE);
  return result;
}

export type Tenant = { id: string; name: string; createdAt: Date };

export type KeyRecord = {
  keyId: string;
  tenantId: string;
  tenantName: string;
  scopes: Scope[];
  secretHash: Buffer;
  label: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

/** What authentication needs: find a key by id, note that it was used. */
export interface KeyStore {
  findKey(keyId: string): Promise<KeyRecord | undefined>;
  touchKey(keyId: string, at: Date): Promise<void>;
}

type KeyRow = RowDataPacket & {
  id: string;
  tenant_id: string;
  tenant_name: string;
  secret_sha256: Buffer;
  scopes: string;
  label: string | null;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
};

const KEY_SELECT = `SELECT k.id, k.tenant_id, t.name AS tenant_name, k.secret_sha256, k.scopes, k.label, k.created_at,
                           k.last_used_at, k.revoked_at
                      FROM api_keys k JOIN tenants t ON t.id = k.tenant_id`;

function toKey(row: KeyRow): KeyRecord {
  return {
    keyId: row.id,
    tenantId: row.tenant_id,
    tenantName: row.tenant_name,
    scopes: parseScopes(row.scopes),
    secretHash: Buffer.from(row.secret_sha256),
    label: row.label,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

export function mysqlKeyStore(pool: Pool): KeyStore {
  return {
    async findKey(keyId) {
      const [rows] = await pool.query<KeyRow[]>(`${KEY_SELECT} WHERE k.id = ?`, [keyId]);
      return rows[0] ? toKey(rows[0]) : undefined;
    },
    async touchKey(keyId, at) {
      await pool.query('UPDATE api_keys SET last_used_at = ? WHERE id = ?', [at, keyId]);
    },
  };
}

type TenantRow = RowDataPacket & { id: string; name: string; created_at: Date };

export async function findTenantByName(pool: Pool, name: string): Promise<Tenant | undefined> {
  const [rows] = await pool.query<TenantRow[]>('SELECT id, name, created_at FROM tenants WHERE name = ?', [name]);
  const row = rows[0];
  return row ? { id: row.id, name: row.name, createdAt: row.created_at } : undefined;
}

const TENANT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** The tenant called `name`, created when missing (race-safe: a concurrent creator's row wins). */
export async function ensureTenant(pool: Pool, name: string): Promise<{ tenant: Tenant; created: boolean }> {
  if (!TENANT_NAME.test(name)) throw new Error('tenant names are 1-128 of A-Z a-z 0-9 . _ - (starting alphanumeric)');
  const existing = await findTenantByName(pool, name);
  if (existing) return { tenant: existing, created: false };
  const [result] = await pool.query<ResultSetHeader>('INSERT IGNORE INTO tenants (id, name) VALUES (?, ?)', [
    randomUUID(),
    name,
  ]);
  const tenant = await findTenantByName(pool, name);
  if (!tenant) throw new Error(`tenant ${name} vanished while being created`);
  return { tenant, created: result.affectedRows === 1 };
}

export async function createKey(
  pool: Pool,
  tenantId: string,
  scopes: readonly Scope[],
  label?: string,
): Promise<NewKey> {
  const key = generateKey();
  await pool.query('INSERT INTO api_keys (id, tenant_id, secret_sha256, scopes, label) VALUES (?, ?, ?, ?, ?)', [
    key.keyId,
    tenantId,
    key.secretHash,
    scopes.join(','),
    label ?? null,
  ]);
  return key;
}

/** Marks a key revoked; false when there is no such key or it was already revoked. */
export async function revokeKey(pool: Pool, keyId: string, at = new Date()): Promise<boolean> {
  const [result] = await pool.query<ResultSetHeader>(
    'UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
    [at, keyId],
  );
  return result.affectedRows === 1;
}

export async function listKeys(pool: Pool, tenantId: string): Promise<KeyRecord[]> {
  const [rows] = await pool.query<KeyRow[]>(`${KEY_SELECT} WHERE k.tenant_id = ? ORDER BY k.created_at, k.id`, [
    tenantId,
  ]);
  return rows.map(toKey);
}

export const AUDIT_KINDS = ['verify', 'identify'] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];
export const AUDIT_OUTCOMES = ['match', 'no_match', 'rejected_input', 'locked', 'error'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** One verify / identify as the audit log keeps it: no image, no embedding, no key material. */
export type AuditEntry = {
  eventId: string;
  tenantId: string;
  keyId: string;
  kind: AuditKind;
  subjectId: string | undefined;
  outcome: AuditOutcome;
  score: number | undefined;
  threshold: number | undefined;
  model: string | undefined;
  faces: number | undefined;
  occurredAt: Date;
};

/** Writes audit rows and the events that go with them in one transaction (published by the outbox relay). */
export interface AuditLog {
  record(entry: AuditEntry, events: OutboxEvent[]): Promise<void>;
  /** Events without an audit row (security alerts). */
  emit(events: OutboxEvent[]): Promise<void>;
}

/**
 * Each call is one transaction; on a pool created with `multipleStatements: true` (the gateway's) it is one round
 * trip to MySQL, and the caller's response waits only for that commit.
 */
export function mysqlAuditLog(pool: Pool, onWritten?: () => void): AuditLog {
  const inTransaction = async (statements: Array<Statement | undefined>) => {
    await runStatements(
      pool,
      statements.filter((s): s is Statement => s !== undefined),
    );
    onWritten?.();
  };
  return {
    record: (entry, events) =>
      inTransaction([
        {
          sql: `INSERT INTO audit_events (event_id, tenant_id, key_id, kind, subject_id, outcome, score, threshold,
                                          model, faces, occurred_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          values: [
            entry.eventId,
            entry.tenantId,
            entry.keyId,
            entry.kind,
            entry.subjectId ?? null,
            entry.outcome,
            entry.score ?? null,
            entry.threshold ?? null,
            entry.model ?? null,
            entry.faces ?? null,
            entry.occurredAt,
          ],
        },
        outboxInsert(events, OUTBOX_TABLE),
      ]),
    emit: (events) => inTransaction([outboxInsert(events, OUTBOX_TABLE)]),
  };
}

type AuditRow = RowDataPacket & {
  event_id: string;
  tenant_id: string;
  key_id: string;
  kind: AuditKind;
  subject_id: string | null;
  outcome: AuditOutcome;
  score: number | null;
  threshold: number | null;
  model: string | null;
  faces: number | null;
  occurred_at: Date;
};

/** A tenant's most recent audit entries, newest first (for operators and tests). */
export async function recentAudit(pool: Pool, tenantId: string, limit = 100): Promise<AuditEntry[]> {
  const [rows] = await pool.query<AuditRow[]>(
    'SELECT * FROM audit_events WHERE tenant_id = ? ORDER BY occurred_at DESC, id DESC LIMIT ?',
    [tenantId, limit],
  );
  return rows.map((r) => ({
    eventId: r.event_id,
    tenantId: r.tenant_id,
    keyId: r.key_id,
    kind: r.kind,
    subjectId: r.subject_id ?? undefined,
    outcome: r.outcome,
    score: r.score ?? undefined,
    threshold: r.threshold ?? undefined,
    model: r.model ?? undefined,
    faces: r.faces ?? undefined,
    occurredAt: r.occurred_at,
  }));
}
