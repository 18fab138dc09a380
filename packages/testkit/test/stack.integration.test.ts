// createTestDatabase and the JetStream readers against the test stack's MariaDB and NATS.
import { randomBytes } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import mysql from 'mysql2/promise';
import { createTestDatabase, nextStreamSeq, readStreamEvents, requireEnv } from '../src/index.ts';

describe('createTestDatabase (real MariaDB)', () => {
  test('creates a database of its own, opens the caller’s pool on it, and drop() removes both', async () => {
    const db = await createTestDatabase('visor_testkit', (url) => mysql.createPool({ uri: url, connectionLimit: 1 }));
    const exists = async () => {
      const admin = await mysql.createConnection(requireEnv('VISOR_MYSQL_URL'));
      try {
        const [rows] = await admin.query('SHOW DATABASES LIKE ?', [db.name]);
        return (rows as unknown[]).length === 1;
      } finally {
        await admin.end();
      }
    };
    try {
      expect(db.name).toMatch(/^visor_testkit_[0-9a-f]{8}$/);
      expect(new URL(db.url).pathname).toBe(`/${db.name}`);
      const [rows] = await db.pool.query('SELECT DATABASE() AS name');
      expect(rows).toEqual([{ name: db.name }]);
      expect(await exists()).toBe(true);
    } finally {
      await db.drop();
    }
    expect(await exists()).toBe(false);
  });
});

describe('nextStreamSeq and readStreamEvents (real NATS JetStream)', () => {
  test('read back exactly what was published from a sequence on, with message ids', async () => {
    const nc = await connect({ servers: requireEnv('VISOR_NATS_URL') });
    const jsm = await jetstreamManager(nc);
    const nats = { js: jetstream(nc), jsm };
    const stream = `TESTKIT_${randomBytes(4).toString('hex')}`;
    const subject = `testkit.${stream}`;
    try {
      expect(await nextStreamSeq(nats, stream)).toBe(1);
      await jsm.streams.add({ name: stream, subjects: [`${subject}.>`] });
      await nats.js.publish(`${subject}.a`, new TextEncoder().encode('before'));
      const from = await nextStreamSeq(nats, stream);
      expect(from).toBe(2);
      for (const [i, text] of ['one', 'two', 'three'].entries()) {
        await nats.js.publish(`${subject}.b`, new TextEncoder().encode(text), { msgID: `id-${i}` });
      }
      const read = await readStreamEvents(nats, stream, from);
      expect(read.map((m) => [m.seq, m.subject, m.msgId, new TextDecoder().decode(m.data)])).toEqual([
        [2, `${subject}.b`, 'id-0', 'one'],
        [3, `${subject}.b`, 'id-1', 'two'],
        [4, `${subject}.b`, 'id-2', 'three'],
      ]);
      expect(await readStreamEvents(nats, stream, 5)).toEqual([]);
    } finally {
      await jsm.streams.delete(stream).catch(() => {});
      await nc.close();
    }
  });
});
