// Versioned SQL migrations: `NNNN_name.sql` files applied in order, once, recorded with a checksum.
// MySQL DDL is not transactional, so a file that fails half-way is not recorded and must be fixed by hand;
// keep one statement group per file where you can.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Pool, PoolConnection, RowDataPacket } from 'mysql2/promise';

export type Migration = { version: number; name: string; file: string; sql: string; checksum: string };
export type MigrateResult = { applied: Migration[]; skipped: number };

export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;

export async function readMigrations(dir: string): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const match = FILE_PATTERN.exec(file);
    if (!match) throw new MigrationError(`migration file ${file} is not named NNNN_name.sql`);
    const sql = await readFile(path.join(dir, file), 'utf8');
    const checksum = createHash('sha256').update(sql).digest('hex');
    migrations.push({ version: Number(match[1]), name: match[2] as string, file, sql, checksum });
  }
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i]?.version === migrations[i - 1]?.version) {
      throw new MigrationError(`two migrations share version ${migrations[i]?.version} in ${dir}`);
    }
  }
  return migrations;
}

/** Splits a file into statements on `;` at line ends, ignoring `--` comment lines (no procedures/DELIMITER). */
export function splitStatements(sql: string): string[] {
  const withoutComments = sql
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n');
  return withoutComments
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

type AppliedRow = RowDataPacket & { version: number; name: string; checksum: string };

const LOCK_TIMEOUT_S = 60;

/**
 * Applies the pending migrations of `dir`. Serialised across processes with GET_LOCK (named after the schema
 * and the table), so two replicas starting together apply each file once. Refuses to run when a file that was
 * already applied has changed or disappeared.
 */
export async function migrate(
  pool: Pool,
  dir: string,
  options: { table?: string; log?: (message: string) => void } = {},
): Promise<MigrateResult> {
  const table = options.table ?? 'schema_migrations';
  if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new MigrationError(`bad migrations table name ${table}`);
  const migrations = await readMigrations(dir);
  const conn = await pool.getConnection();
  try {
    const [[schema]] = await conn.query<RowDataPacket[]>('SELECT DATABASE() AS db');
    if (!schema?.db) throw new MigrationError('the connection URL names no database');
    const lockName = `visor_migrate:${schema.db}:${table}`.slice(0, 64);
    const [[lock]] = await conn.query<RowDataPacket[]>('SELECT GET_LOCK(?, ?) AS got', [lockName, LOCK_TIMEOUT_S]);
    if (lock?.got !== 1) throw new MigrationError(`could not take migration lock ${lockName} in ${LOCK_TIMEOUT_S}s`);
    try {
      return await applyPending(conn, table, migrations, options.log);
    } finally {
      await conn.query('SELECT RELEASE_LOCK(?)', [lockName]);
    }
  } finally {
    conn.release();
  }
}

async function applyPending(
  conn: PoolConnection,
  table: string,
  migrations: Migration[],
  log?: (message: string) => void,
): Promise<MigrateResult> {
  await conn.query(
    `CREATE TABLE IF NOT EXISTS \`${table}\` (
       version INT UNSIGNED NOT NULL PRIMARY KEY,
       name VARCHAR(255) NOT NULL,
       checksum CHAR(64) NOT NULL,
       applied_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
     ) ENGINE=InnoDB`,
  );
  const [rows] = await conn.query<AppliedRow[]>(`SELECT version, name, checksum FROM \`${table}\` ORDER BY version`);
  const byVersion = new Map(migrations.map((m) => [m.version, m]));
  for (const row of rows) {
    const file = byVersion.get(row.version);
    if (!file) throw new MigrationError(`applied migration ${row.version}_${row.name} is missing from the directory`);
    if (file.checksum !== row.checksum) {
      throw new MigrationError(
        `migration ${file.file} changed after it was applied (checksum ${row.checksum.slice(0, 12)} → ${file.checksum.slice(0, 12)}); add a new migration instead`,
      );
    }
  }
  const done = new Set(rows.map((r) => r.version));
  const applied: Migration[] = [];
  for (const migration of migrations) {
    if (done.has(migration.version)) continue;
    for (const statement of splitStatements(migration.sql)) {
      try {
        await conn.query(statement);
      } catch (err) {
        throw new MigrationError(`migration ${migration.file} failed: ${(err as Error).message}`, { cause: err });
      }
    }
    await conn.query(`INSERT INTO \`${table}\` (version, name, checksum) VALUES (?, ?, ?)`, [
      migration.version,
      migration.name,
      migration.checksum,
    ]);
    log?.(`applied migration ${migration.file}`);
    applied.push(migration);
  }
  return { applied, skipped: migrations.length - applied.length };
}
