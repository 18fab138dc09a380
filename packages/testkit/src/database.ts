// A throw-away database on the test stack's MariaDB, so suites that run at once never see each other's rows.
import { randomBytes } from 'node:crypto';
import { requireEnv } from './env.ts';

export type TestDatabase<P> = { name: string; url: string; pool: P; drop: () => Promise<void> };

async function asAdmin(serverUrl: string, sql: string): Promise<void> {
  // Loaded on use: every suite imports @visor/testkit, few need MySQL, and mysql2 takes a while to load.
  const { default: mysql } = await import('mysql2/promise');
  const admin = await mysql.createConnection(serverUrl);
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/**
 * Creates `<prefix>_<random>` on the server of VISOR_MYSQL_URL and opens `pool` on it with the caller's own
 * factory (the code under test keeps its own connection settings); drop() closes the pool and drops the database.
 */
export async function createTestDatabase<P extends { end: () => Promise<void> }>(
  prefix: string,
  open: (url: string) => P,
): Promise<TestDatabase<P>> {
  const serverUrl = requireEnv('VISOR_MYSQL_URL');
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  if (!/^\w{1,64}$/.test(name)) throw new Error(`bad database name ${name}: use letters, digits and _`);
  await asAdmin(serverUrl, `CREATE DATABASE \`${name}\``);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const pool = open(url.toString());
  return {
    name,
    url: url.toString(),
    pool,
    drop: async () => {
      await pool.end();
      await asAdmin(serverUrl, `DROP DATABASE IF EXISTS \`${name}\``);
    },
  };
}
