// Reading back what a service published to a JetStream stream, from a sequence on, so a test sees only its own
// events on a stream that other suites share.
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';

export type StreamEvent = { subject: string; msgId: string | undefined; data: Uint8Array; seq: number };

function isStreamNotFound(err: unknown): boolean {
  const e = err as { name?: string; api_error?: { err_code?: number }; message?: string };
  // 10059 = JSStreamNotFoundErr
  return (
    e?.name === 'StreamNotFoundError' || e?.api_error?.err_code === 10059 || /stream not found/i.test(e?.message ?? '')
  );
}

/** Next sequence `stream` will assign (1 while it does not exist yet): read from here to see only what follows. */
export async function nextStreamSeq(nats: { jsm: JetStreamManager }, stream: string): Promise<number> {
  try {
    return (await nats.jsm.streams.info(stream)).state.last_seq + 1;
  } catch (err) {
    if (isStreamNotFound(err)) return 1;
    throw err;
  }
}

/** Every message stored in `stream` from `fromSeq` on, read with an ordered consumer. */
export async function readStreamEvents(
  nats: { js: JetStreamClient },
  stream: string,
  fromSeq: number,
): Promise<StreamEvent[]> {
  // Loaded on use, like mysql2 in database.ts: most suites importing @visor/testkit never read a stream.
  const { DeliverPolicy } = await import('@nats-io/jetstream');
  const consumer = await nats.js.consumers.get(stream, {
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: fromSeq,
  });
  const out: StreamEvent[] = [];
  let pending = (await consumer.info()).num_pending;
  while (pending > 0) {
    const batch = await consumer.fetch({ max_messages: Math.min(pending, 256), expires: 5_000 });
    for await (const m of batch) {
      out.push({ subject: m.subject, msgId: m.headers?.get('Nats-Msg-Id'), data: m.data, seq: m.seq });
      pending--;
      if (pending === 0) break;
    }
  }
  return out;
}
