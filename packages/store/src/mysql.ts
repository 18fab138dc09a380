// MySQL/MariaDB access: one pool per process, transactions as a function scope.
import mysql, { type Pool, type PoolConnection, type PoolOptions } from 'mysql2/promise';

export type { Pool, PoolConnection };

/** Pools created with `multipleStatements: true`: runStatements() sends a whole transaction in one round trip. */
const multiStatementPools = new WeakSet<Pool>();

/**
 * A pool from a `mysql://user:pass@host:port/db` URL with Visor's fixed session conventions.
 * `multipleStatements: true` lets runStatements() and the outbox relay send a transaction as one query (one round
 * trip instead of one per statement, each of which costs a loopback write and a wake-up on both sides). It is safe
 * here because every query binds its values through `?` placeholders (client-side escaping) and identifiers are
 * checked against a pattern; it would turn an injection bug into a stacked-query one, so keep it that way.
 */
export function createPool(url: string, options: Partial<PoolOptions> = {}): Pool {
  const pool = mysql.createPool({
    uri: url,
    namedPlaceholders: false,
    supportBigNumbers: true,
    // Timestamps are stored and read as UTC whatever the server's or the host's zone.
    timezone: 'Z',
    dateStrings: false,
    connectionLimit: 10,
    waitForConnections: true,
    enableKeepAlive: true,
    ...options,
  });
  if (options.multipleStatements) multiStatementPools.add(pool);
  return pool;
}

/** One SQL statement with its `?` values. */
export type Statement = { sql: string; values?: unknown[] };

/**
 * Runs `statements` on `conn` in order and returns each one's result: as one query when `multi` (the connection
 * accepts several statements), else one query each. When a statement fails the server skips the rest, like the
 * sequential path stops at the failure; either way the error is thrown.
 */
export async function runOn(
  conn: PoolConnection,
  statements: readonly Statement[],
  multi: boolean,
): Promise<unknown[]> {
  if (!multi || statements.length === 1) {
    const out: unknown[] = [];
    for (const s of statements) out.push((await conn.query(s.sql, s.values))[0]);
    return out;
  }
  const [results] = await conn.query(statements.map((s) => conn.format(s.sql, s.values)).join(';\n'));
  return results as unknown as unknown[];
}

/** Whether `pool` was created with `multipleStatements: true`. */
export function acceptsMultipleStatements(pool: Pool): boolean {
  return multiStatementPools.has(pool);
}

/**
 * `statements` as one transaction, returning each one's result: committed when all succeed, rolled back (and the
 * error rethrown) when one fails. On a multipleStatements pool this is a single round trip
 * (`START TRANSACTION; …; COMMIT`), otherwise withTransaction() with one query per statement.
 */
export async function runStatements(pool: Pool, statements: readonly Statement[]): Promise<unknown[]> {
  if (!acceptsMultipleStatements(pool)) {
    return withTransaction(pool, (conn) => runOn(conn, statements, false));
  }
  const conn = await pool.getConnection();
  let usable = true;
  try {
    const results = await runOn(conn, [{ sql: 'START TRANSACTION' }, ...statements, { sql: 'COMMIT' }], true);
    return results.slice(1, -1);
  } catch (err) {
    // The failed statement left the transaction open; a connection that cannot roll back is not reused.
    await conn.query('ROLLBACK').catch(() => {
      usable = false;
    });
    throw err;
  } finally {
    if (usable) conn.release();
    else conn.destroy();
  }
}

/** Runs `fn` in a transaction: committed when it resolves, rolled back when it throws (and the error rethrown). */
export async function withTransaction<T>(pool: Pool, fn: (conn: PoolConnection) => Promise<T>): Promise<T> {
  const conn = await pool.getConnection();
  try {
    await conn.beginTransaction();
    const result = await fn(conn);
    await conn.commit();
    return result;
  } catch (err) {
    await conn.rollback().catch(() => {});
    throw err;
  } finally {
    conn.release();
  }
}

/** Readiness probe body: true when the database answers. */
export async function pingPool(pool: Pool): Promise<boolean> {
  await pool.query('SELECT 1');
  return true;
}

/** A JSON column's value: mysql2 returns JSON columns parsed on MySQL and as strings on MariaDB (JSON is LONGTEXT). */
export function jsonColumn<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
