import { randomBytes } from 'node:crypto';
import { requireEnv } from '@visor/testkit';
import {
  type ConsumeOptions,
  type ConsumerHandle,
  consumeDurable,
  type EventMessage,
  ensureConsumer,
  type HandlerResult,
} from '../src/consume.ts';
import { connectNats, ensureStream, type NatsHandle, publish } from '../src/nats.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Collects handled messages and lets a test await the n-th one, without timing assumptions. */
function recorder(decide: (m: EventMessage) => HandlerResult | Promise<HandlerResult>) {
  const seen: EventMessage[] = [];
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  const handler = async (m: EventMessage) => {
    seen.push(m);
    for (const w of waiters.filter((w) => seen.length >= w.n)) w.resolve();
    return decide(m);
  };
  const waitFor = (n: number) =>
    new Promise<void>((resolve) => {
      if (seen.length >= n) resolve();
      else waiters.push({ n, resolve });
    });
  return { seen, handler, waitFor };
}

describe('JetStream events (real nats-server)', () => {
  const url = requireEnv('VISOR_NATS_URL');
  const id = randomBytes(4).toString('hex');
  const stream = `VISOR_TEST_${id}`;
  const subject = `visor.test.${id}`;
  let publisher: NatsHandle;
  const opened: Array<NatsHandle | ConsumerHandle> = [];
  const track = <T extends NatsHandle | ConsumerHandle>(h: T): T => {
    opened.push(h);
    return h;
  };
  /** consumeDurable over `conn` on the test stream, stopped after the test. */
  const consume = async (conn: NatsHandle, options: Omit<ConsumeOptions, 'js' | 'jsm' | 'stream'>) =>
    track(await consumeDurable({ js: conn.js, jsm: conn.jsm, stream, ...options }));

  beforeAll(async () => {
    publisher = await connectNats(url, { name: 'events-test-publisher' });
    await ensureStream(publisher.jsm, { name: stream, subjects: [`${subject}.>`], storage: 'memory' });
  });

  afterEach(async () => {
    // Consumers and connections left open by a failed assertion must not keep jest alive.
    for (const h of opened.splice(0).reverse()) await ('stop' in h ? h.stop() : h.close()).catch(() => {});
  });

  afterAll(async () => {
    await publisher?.jsm.streams.delete(stream).catch(() => {});
    await publisher?.close();
  });

  test('ensureStream is idempotent and updates subjects', async () => {
    const again = await ensureStream(publisher.jsm, { name: stream, subjects: [`${subject}.>`], storage: 'memory' });
    expect(again.config.subjects).toEqual([`${subject}.>`]);
    const extended = await ensureStream(publisher.jsm, {
      name: stream,
      subjects: [`${subject}.>`, `${subject}-extra`],
      storage: 'memory',
    });
    expect(extended.config.subjects?.sort()).toEqual([`${subject}-extra`, `${subject}.>`].sort());
    await ensureStream(publisher.jsm, { name: stream, subjects: [`${subject}.>`], storage: 'memory' });
  });

  test('the same msgId published twice is stored once', async () => {
    const first = await publish(publisher.js, `${subject}.dedup`, encoder.encode('one'), { msgId: `dedup-${id}` });
    const second = await publish(publisher.js, `${subject}.dedup`, encoder.encode('one again'), {
      msgId: `dedup-${id}`,
    });
    expect(first.duplicate).toBe(false);
    expect(second.duplicate).toBe(true);
    expect(second.seq).toBe(first.seq);
    const info = await publisher.jsm.streams.info(stream, { subjects_filter: `${subject}.dedup` });
    expect(info.state.subjects?.[`${subject}.dedup`]).toBe(1);
  });

  test('an acked message is not redelivered after the consumer reconnects with the same durable', async () => {
    const durable = `acked_${id}`;
    const filterSubject = `${subject}.acked`;
    await publish(publisher.js, filterSubject, encoder.encode('first'), { msgId: `acked-1-${id}` });

    const conn1 = track(await connectNats(url, { name: 'events-test-consumer-1' }));
    const first = recorder(() => 'ack');
    const handle1: ConsumerHandle = await consume(conn1, {
      durable,
      filterSubject,
      handler: first.handler,
      ackWaitMs: 30_000,
    });
    await first.waitFor(1);
    await handle1.stop();
    await conn1.close();
    expect(first.seen.map((m) => decoder.decode(m.data))).toEqual(['first']);
    expect(first.seen[0]?.msgId).toBe(`acked-1-${id}`);

    // A new connection and the same durable: only the message published since is delivered.
    await publish(publisher.js, filterSubject, encoder.encode('second'), { msgId: `acked-2-${id}` });
    const conn2 = track(await connectNats(url, { name: 'events-test-consumer-2' }));
    const second = recorder(() => 'ack');
    const handle2 = await consume(conn2, {
      durable,
      filterSubject,
      handler: second.handler,
    });
    await second.waitFor(1);
    await handle2.stop();
    await conn2.close();
    expect(second.seen.map((m) => [decoder.decode(m.data), m.deliveryCount])).toEqual([['second', 1]]);

    const info = await publisher.jsm.consumers.info(stream, durable);
    expect(info.num_ack_pending).toBe(0);
    expect(info.num_pending).toBe(0);
    expect(info.ack_floor.stream_seq).toBe(info.delivered.stream_seq);
  });

  test('a durable can expire when unused: the inactivity threshold is set and follows the options', async () => {
    const durable = `inactive_${id}`;
    await ensureConsumer({
      jsm: publisher.jsm,
      stream,
      durable,
      filterSubject: subject,
      inactiveThresholdMs: 3_600_000,
    });
    expect((await publisher.jsm.consumers.info(stream, durable)).config.inactive_threshold).toBe(3_600_000 * 1e6);
    await ensureConsumer({
      jsm: publisher.jsm,
      stream,
      durable,
      filterSubject: subject,
      inactiveThresholdMs: 7_200_000,
    });
    expect((await publisher.jsm.consumers.info(stream, durable)).config.inactive_threshold).toBe(7_200_000 * 1e6);
    await publisher.jsm.consumers.delete(stream, durable);
  });

  test('a consumer filtered to several subjects is delivered only those; its filter follows the options', async () => {
    const durable = `multi_${id}`;
    const [a, b, c] = ['a', 'b', 'c'].map((x) => `${subject}.multi.${x}`) as [string, string, string];
    const conn = track(await connectNats(url, { name: 'events-test-multi' }));
    // The durable exists first with a single filter (filter_subject), then consumeDurable widens it.
    await ensureConsumer({ jsm: conn.jsm, stream, durable, filterSubject: b });
    for (const s of [a, b, c]) await publish(publisher.js, s, encoder.encode(s));

    const rec = recorder(() => 'ack');
    const handle = await consume(conn, {
      durable,
      filterSubjects: [c, a],
      handler: rec.handler,
    });
    await rec.waitFor(2);
    await handle.stop();
    // Delivery follows stream order, so b (published between a and c) would have come second.
    expect(rec.seen.map((m) => m.subject)).toEqual([a, c]);

    const info = await publisher.jsm.consumers.info(stream, durable);
    expect([...(info.config.filter_subjects ?? [])].sort()).toEqual([a, c].sort());
    expect(info.config.filter_subject ?? '').toBe('');
    expect(info.num_pending).toBe(0);
    expect(info.num_ack_pending).toBe(0);
  });

  test("'retry' and a thrown error lead to redelivery; 'term' does not", async () => {
    const durable = `retry_${id}`;
    const filterSubject = `${subject}.retry`;
    await publish(publisher.js, filterSubject, encoder.encode('flaky'));
    await publish(publisher.js, filterSubject, encoder.encode('poison'));
    const errors: unknown[] = [];
    const rec = recorder((m) => {
      const body = decoder.decode(m.data);
      if (body === 'poison') return 'term';
      if (m.deliveryCount === 1) return 'retry';
      if (m.deliveryCount === 2) throw new Error('transient failure');
      return 'ack';
    });
    const conn = track(await connectNats(url, { name: 'events-test-retry' }));
    const handle = await consume(conn, {
      durable,
      filterSubject,
      handler: rec.handler,
      backoffMs: () => 20,
      maxDeliver: 5,
      onError: (err) => errors.push(err),
    });
    await rec.waitFor(4);
    await handle.stop();
    await conn.close();
    const flaky = rec.seen.filter((m) => decoder.decode(m.data) === 'flaky').map((m) => m.deliveryCount);
    const poison = rec.seen.filter((m) => decoder.decode(m.data) === 'poison').map((m) => m.deliveryCount);
    expect(flaky).toEqual([1, 2, 3]);
    expect(poison).toEqual([1]);
    expect(errors).toHaveLength(1);
    const info = await publisher.jsm.consumers.info(stream, durable);
    expect(info.num_ack_pending).toBe(0);
    expect(info.num_redelivered).toBe(0);
  });
  test('a handler that outlives ackWait keeps its message (in-progress heartbeats), then acks it once', async () => {
    const durable = `slow_${id}`;
    const filterSubject = `${subject}.slow`;
    await publish(publisher.js, filterSubject, encoder.encode('slow'));
    const ackWaitMs = 500;
    const rec = recorder(async (): Promise<HandlerResult> => {
      // Three ack-wait periods: without working() the server would hand the message out again meanwhile.
      await new Promise((resolve) => setTimeout(resolve, ackWaitMs * 3));
      return 'ack';
    });
    const conn = track(await connectNats(url, { name: 'events-test-slow' }));
    const handle = await consume(conn, {
      durable,
      filterSubject,
      handler: rec.handler,
      ackWaitMs,
    });
    // A second replica on the same durable, sharing the recorder: whichever replica holds the message, the other
    // one would get it again if the server thought it lost.
    const conn2 = track(await connectNats(url, { name: 'events-test-slow-2' }));
    const handle2 = await consume(conn2, {
      durable,
      filterSubject,
      handler: rec.handler,
      ackWaitMs,
    });
    await rec.waitFor(1);
    await handle.stop();
    await handle2.stop();
    const info = await publisher.jsm.consumers.info(stream, durable);
    expect(rec.seen.map((m) => m.deliveryCount)).toEqual([1]);
    expect(info.delivered.consumer_seq).toBe(1);
    expect(info.num_redelivered).toBe(0);
    expect(info.num_ack_pending).toBe(0);
  });
});
