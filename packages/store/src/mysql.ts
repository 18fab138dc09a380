// MySQL/MariaDB access: one pool per process, transactions as a function scope.
import mysql, { type Pool, type PoolConnection, type PoolOptions } from 'mysql2/promise';

export type { Pool, PoolConnection };

/** A pool from a `mysql://user:pass@host:port/db` URL with Visor's fixed session conventions. */
export function createPool(url: string, options: Partial<PoolOptions> = {}): Pool {
  return mysql.createPool({
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
