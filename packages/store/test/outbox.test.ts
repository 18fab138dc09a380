import { randomBytes } from 'node:crypto';
import { connectNats, consumeDurable, ensureStream, type NatsHandle, publish } from '@visor/events';
import { requireEnv } from '@visor/testkit';
import type { RowDataPacket } from 'mysql2/promise';
import { createPool, type Pool, withTransaction } from '../src/mysql.ts';
import {
  ensureOutboxTable,
  type OutboxPublisher,
  type OutboxRelay,
  startOutboxRelay,
  writeOutbox,
} from '../src/outbox.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

// Both ways the relay talks to MySQL: one statement per query, and whole steps in one query (multipleStatements).
describe.each([
  ['one statement per query', false],
  ['multipleStatements pool', true],
])('transactional outbox (real MariaDB and nats-server), %s', (_name, multipleStatements) => {
  const mysqlUrl = requireEnv('VISOR_MYSQL_URL');
  const natsUrl = requireEnv('VISOR_NATS_URL');
  const id = randomBytes(4).toString('hex');
  const database = `visor_outbox_test_${id}`;
  const stream = `VISOR_OUTBOX_TEST_${id}`;
  const subject = `visor.outbox-test.${id}`;
  let admin: Pool;
  let pool: Pool;
  let nats: NatsHandle;
  let relay: OutboxRelay | undefined;
  const sent: string[] = [];
  const publisher: OutboxPublisher = async (subj, payload, options) => {
    const ack = await publish(nats.js, subj, payload, options);
    sent.push(`${options.msgId}${ack.duplicate ? ' (duplicate)' : ''}`);
  };

  beforeAll(async () => {
    admin = createPool(mysqlUrl, { connectionLimit: 1 });
    await admin.query(`CREATE DATABASE \`${database}\``);
    const url = new URL(mysqlUrl);
    url.pathname = `/${database}`;
    pool = createPool(url.toString(), { multipleStatements });
    nats = await connectNats(natsUrl);
    await ensureStream(nats.jsm, { name: stream, subjects: [`${subject}.>`], storage: 'memory' });
  });

  afterAll(async () => {
    await relay?.stop();
    await nats?.jsm.streams.delete(stream).catch(() => {});
    await nats?.close();
    await pool?.end();
    await admin?.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await admin?.end();
  });

  test('publishes committed events in order, once, and never rolled-back ones', async () => {
    // Events are written before the relay starts, as after a restart: it must find and send them.
    await ensureOutboxTable(pool);
    await pool.query('CREATE TABLE faces (id INT PRIMARY KEY)');
    await withTransaction(pool, async (conn) => {
      await conn.query('INSERT INTO faces (id) VALUES (1), (2)');
      await writeOutbox(conn, [
        { subject: `${subject}.enrolled`, msgId: `face-1-${id}`, payload: encoder.encode('face 1') },
        { subject: `${subject}.enrolled`, msgId: `face-2-${id}`, payload: encoder.encode('face 2') },
      ]);
    });
    await expect(
      withTransaction(pool, async (conn) => {
        await conn.query('INSERT INTO faces (id) VALUES (3)');
        await writeOutbox(conn, [
          { subject: `${subject}.enrolled`, msgId: `face-3-${id}`, payload: encoder.encode('face 3') },
        ]);
        throw new Error('quality gate failed');
      }),
    ).rejects.toThrow('quality gate failed');
    await withTransaction(pool, async (conn) => {
      await conn.query('DELETE FROM faces WHERE id = 1');
      await writeOutbox(conn, [
        {
          subject: `${subject}.deleted`,
          msgId: `face-1-deleted-${id}`,
          payload: encoder.encode('face 1 gone'),
          headers: { 'visor-tenant': 't1' },
        },
      ]);
    });

    // A crash after a publish but before its row was marked: the event went out, the row is still pending.
    await publish(nats.js, `${subject}.enrolled`, encoder.encode('face 1'), { msgId: `face-1-${id}` });

    relay = await startOutboxRelay({ pool, publish: publisher, pollMs: 60_000, batchSize: 2 });
    // Drains are serialised: once this one returns, everything committed before it has been sent.
    await relay.drain();
    expect(await relay.drain()).toBe(0);
    expect(sent).toEqual([`face-1-${id} (duplicate)`, `face-2-${id}`, `face-1-deleted-${id}`]);

    const [pending] = await pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM outbox WHERE published_at IS NULL');
    expect(pending[0]?.n).toBe(0);

    // What a consumer sees: each committed event exactly once, in commit order, headers intact.
    const conn = await connectNats(natsUrl);
    const seen: string[] = [];
    let release: () => void = () => {};
    const three = new Promise<void>((resolve) => {
      release = resolve;
    });
    const consumer = await consumeDurable({
      js: conn.js,
      jsm: conn.jsm,
      stream,
      durable: 'reader',
      handler: (m) => {
        seen.push(`${decoder.decode(m.data)}${m.headers['visor-tenant'] ? ` [${m.headers['visor-tenant']}]` : ''}`);
        if (seen.length === 3) release();
        return 'ack';
      },
    });
    await three;
    await consumer.stop();
    await conn.close();
    expect(seen).toEqual(['face 1', 'face 2', 'face 1 gone [t1]']);
    const info = await nats.jsm.streams.info(stream);
    expect(info.state.messages).toBe(3);
  });

  test('a failed publish leaves the event pending and later ones unsent; the next drain sends them in order', async () => {
    let failing = true;
    const attempts: string[] = [];
    const flaky: OutboxPublisher = async (subj, payload, options) => {
      attempts.push(options.msgId);
      if (failing) throw new Error('nats unavailable');
      await publisher(subj, payload, options);
    };
    let firstError: (err: unknown) => void = () => {};
    const failed = new Promise<unknown>((resolve) => {
      firstError = resolve;
    });
    await relay?.stop();
    relay = await startOutboxRelay({ pool, publish: flaky, pollMs: 60_000, onError: (err) => firstError(err) });
    await withTransaction(pool, (conn) =>
      writeOutbox(conn, [
        { subject: `${subject}.enrolled`, msgId: `face-4-${id}`, payload: encoder.encode('face 4') },
        { subject: `${subject}.enrolled`, msgId: `face-5-${id}`, payload: encoder.encode('face 5') },
      ]),
    );
    relay.notify();
    expect(String(await failed)).toContain('nats unavailable');
    const [rows] = await pool.query<RowDataPacket[]>(
      'SELECT msg_id, attempts > 0 AS tried, last_error, published_at FROM outbox WHERE msg_id IN (?, ?) ORDER BY id',
      [`face-4-${id}`, `face-5-${id}`],
    );
    expect(rows.map((r) => [r.msg_id, r.tried, r.last_error, r.published_at])).toEqual([
      [`face-4-${id}`, 1, 'nats unavailable', null],
      [`face-5-${id}`, 0, null, null],
    ]);
    expect(attempts.every((a) => a === `face-4-${id}`)).toBe(true);

    failing = false;
    await relay.drain();
    expect(attempts.slice(-2)).toEqual([`face-4-${id}`, `face-5-${id}`]);
    expect(sent.slice(-2)).toEqual([`face-4-${id}`, `face-5-${id}`]);
  });

  test('with minIntervalMs, events notified during the pause are held, not lost: stop() sends them in order', async () => {
    await relay?.stop();
    let current: string[] = [];
    const grouping: OutboxPublisher = async (subj, payload, options) => {
      current.push(options.msgId);
      await publisher(subj, payload, options);
    };
    // A long pause: the first drain runs at start, then nothing before stop() except explicit drains.
    relay = await startOutboxRelay({ pool, publish: grouping, pollMs: 60_000, minIntervalMs: 60_000 });
    const write = (n: number) =>
      withTransaction(pool, (conn) =>
        writeOutbox(conn, [
          { subject: `${subject}.enrolled`, msgId: `face-${n}-${id}`, payload: encoder.encode(`face ${n}`) },
        ]),
      );
    await relay.drain();
    current = [];
    for (const n of [6, 7, 8]) {
      await write(n);
      relay.notify();
    }
    // The three commits wait out the pause; stop() ends it and sends them, in order, before it resolves.
    await relay.stop();
    relay = undefined;
    expect(current).toEqual([`face-6-${id}`, `face-7-${id}`, `face-8-${id}`]);
    const [pending] = await pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM outbox WHERE published_at IS NULL');
    expect(pending[0]?.n).toBe(0);
  });
});
