import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireEnv } from '@visor/testkit';
import type { RowDataPacket } from 'mysql2/promise';
import { MigrationError, migrate, splitStatements } from '../src/migrate.ts';
import { acceptsMultipleStatements, createPool, type Pool, runStatements, withTransaction } from '../src/mysql.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, 'fixtures/migrations');

describe('MySQL store (real MariaDB)', () => {
  const baseUrl = requireEnv('VISOR_MYSQL_URL');
  const database = `visor_store_test_${randomBytes(4).toString('hex')}`;
  let admin: Pool;
  let pool: Pool;
  let dir: string;
  let dbUrl: string;

  beforeAll(async () => {
    admin = createPool(baseUrl, { connectionLimit: 1 });
    await admin.query(`CREATE DATABASE \`${database}\``);
    const url = new URL(baseUrl);
    url.pathname = `/${database}`;
    dbUrl = url.toString();
    pool = createPool(dbUrl);
    dir = await mkdtemp(path.join(os.tmpdir(), 'visor-migrations-'));
    await cp(fixtures, dir, { recursive: true });
  });

  afterAll(async () => {
    await pool?.end();
    await admin?.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await admin?.end();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('applies migrations in order, records them, and a second run is a no-op', async () => {
    const first = await migrate(pool, dir);
    expect(first.applied.map((m) => m.file)).toEqual(['0001_create_people.sql', '0002_add_people_note.sql']);

    const [rows] = await pool.query<RowDataPacket[]>('SELECT tenant, name, note FROM people');
    expect(rows).toEqual([{ tenant: 'seed', name: 'first', note: 'from migration 2' }]);
    const [recorded] = await pool.query<RowDataPacket[]>(
      'SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version',
    );
    expect(recorded.map((r) => [r.version, r.name])).toEqual([
      [1, 'create_people'],
      [2, 'add_people_note'],
    ]);
    expect(recorded[0]?.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(recorded[0]?.applied_at).toBeInstanceOf(Date);

    const second = await migrate(pool, dir);
    expect(second).toEqual({ applied: [], skipped: 2 });
    const [after] = await pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM people');
    expect(after[0]?.n).toBe(1);
  });

  test('two concurrent runs apply each migration once', async () => {
    await writeFile(
      path.join(dir, '0003_create_audit.sql'),
      'CREATE TABLE audit (id INT PRIMARY KEY);\nINSERT INTO audit (id) VALUES (1);\n',
    );
    const other = createPool(dbUrl);
    try {
      const results = await Promise.all([migrate(pool, dir), migrate(other, dir)]);
      expect(results.map((r) => r.applied.length).sort()).toEqual([0, 1]);
    } finally {
      await other.end();
    }
    const [rows] = await pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM audit');
    expect(rows[0]?.n).toBe(1);
  });

  test('refuses to run when an applied migration changed', async () => {
    await writeFile(path.join(dir, '0001_create_people.sql'), '-- edited after the fact\nSELECT 1;\n');
    await expect(migrate(pool, dir)).rejects.toThrow(MigrationError);
    await expect(migrate(pool, dir)).rejects.toThrow(/0001_create_people\.sql changed after it was applied/);
  });

  test('withTransaction commits on success and rolls back on error', async () => {
    await withTransaction(pool, async (conn) => {
      await conn.query('INSERT INTO people (tenant, name) VALUES (?, ?)', ['t1', 'kept']);
    });
    await expect(
      withTransaction(pool, async (conn) => {
        await conn.query('INSERT INTO people (tenant, name) VALUES (?, ?)', ['t1', 'dropped']);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const [rows] = await pool.query<RowDataPacket[]>('SELECT name FROM people WHERE tenant = ? ORDER BY name', ['t1']);
    expect(rows.map((r) => r.name)).toEqual(['kept']);
  });

  test.each([
    ['one statement per query', false],
    ['multipleStatements pool', true],
  ])('runStatements commits all statements or none (%s)', async (_name, multipleStatements) => {
    const tenant = `rs-${multipleStatements}`;
    const multi = createPool(dbUrl, { multipleStatements, connectionLimit: 1 });
    try {
      expect(acceptsMultipleStatements(multi)).toBe(multipleStatements);
      const insert = (name: string) => ({
        sql: 'INSERT INTO people (tenant, name) VALUES (?, ?)',
        values: [tenant, name],
      });
      const results = (await runStatements(multi, [insert('a'), insert("b'; DROP TABLE people; --")])) as Array<{
        affectedRows: number;
      }>;
      expect(results.map((r) => r.affectedRows)).toEqual([1, 1]);
      // The second statement fails (no such column) after the first succeeded: neither stays.
      await expect(
        runStatements(multi, [
          insert('c'),
          { sql: 'INSERT INTO people (tenant, nope) VALUES (?, ?)', values: [tenant, 'd'] },
        ]),
      ).rejects.toThrow(/nope/);
      // The one connection of the pool was rolled back and is usable.
      const [rows] = await multi.query<RowDataPacket[]>('SELECT name FROM people WHERE tenant = ? ORDER BY name', [
        tenant,
      ]);
      expect(rows.map((r) => r.name)).toEqual(['a', "b'; DROP TABLE people; --"]);
      const [open] = await multi.query<RowDataPacket[]>('SELECT @@in_transaction AS t');
      expect(Number(open[0]?.t)).toBe(0);
    } finally {
      await multi.end();
    }
  });

  test('timestamps and big numbers come back as UTC dates and exact strings', async () => {
    const [rows] = await pool.query<RowDataPacket[]>(
      "SELECT CAST('2026-01-02 03:04:05.678' AS DATETIME(3)) AS t, CAST(18446744073709551615 AS UNSIGNED) AS big",
    );
    const row = rows[0] as RowDataPacket;
    expect((row.t as Date).toISOString()).toBe('2026-01-02T03:04:05.678Z');
    expect(String(row.big)).toBe('18446744073709551615');
  });
});

describe('splitStatements', () => {
  test('splits on semicolons at line ends and drops comment lines', () => {
    expect(splitStatements('-- c\nCREATE TABLE a (x INT);\n\nINSERT INTO a VALUES (1);\nSELECT 1')).toEqual([
      'CREATE TABLE a (x INT)',
      'INSERT INTO a VALUES (1)',
      'SELECT 1',
    ]);
  });
});
