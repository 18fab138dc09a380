// Durable pull consumers with explicit acks. Handlers return what should happen to the message instead of
// throwing for control flow; a throw is treated as 'retry' (with backoff) and logged by the caller's onError.
import {
  AckPolicy,
  type ConsumerMessages,
  DeliverPolicy,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';

export type HandlerResult = 'ack' | 'retry' | 'term';

export type EventMessage = {
  subject: string;
  data: Uint8Array;
  headers: Record<string, string>;
  /** Stream sequence. */
  seq: number;
  /** 1 on first delivery. */
  deliveryCount: number;
  redelivered: boolean;
  msgId: string | undefined;
};

export type ConsumeOptions = {
  js: JetStreamClient;
  jsm: JetStreamManager;
  stream: string;
  durable: string;
  /** One subject (or wildcard) the consumer receives; other messages of the stream are never delivered to it. */
  filterSubject?: string;
  /** Several subjects (NATS ≥ 2.10); used instead of filterSubject when given. */
  filterSubjects?: readonly string[];
  handler: (message: EventMessage) => Promise<HandlerResult> | HandlerResult;
  /** How long the server waits for an ack before redelivering (default 30 s). */
  ackWaitMs?: number;
  /** Deliveries before the server gives up on a message (default 5; -1 = unlimited). */
  maxDeliver?: number;
  /**
   * The server deletes the durable after this long without a client pulling from it (NATS ≥ 2.10; default: never).
   * For per-replica durables whose names die with their pods, which would otherwise pile up forever.
   */
  inactiveThresholdMs?: number;
  /** Delay before redelivery after 'retry' or a throw, by delivery count (default 1 s doubling, max 60 s). */
  backoffMs?: (deliveryCount: number) => number;
  /** Messages pulled per request; 1 keeps replicas fairly loaded (default 1). */
  batch?: number;
  onError?: (err: unknown, message: EventMessage) => void;
};

export type ConsumerHandle = {
  /** Stops pulling, lets the message being handled finish and settle, then resolves. */
  stop: () => Promise<void>;
  /** Resolves when the consume loop ends (after stop(), or on a fatal error, which it rejects with). */
  done: Promise<void>;
  /** False once the loop ended (stopped, or the consumer/stream vanished): wire it into readiness. */
  isRunning: () => boolean;
};

export const defaultBackoffMs = (deliveryCount: number) =>
  Math.min(1_000 * 2 ** Math.max(0, deliveryCount - 1), 60_000);

function toEventMessage(m: JsMsg): EventMessage {
  const headers: Record<string, string> = {};
  if (m.headers) for (const key of m.headers.keys()) headers[key] = m.headers.get(key);
  return {
    subject: m.subject,
    data: m.data,
    headers,
    seq: m.seq,
    deliveryCount: m.info.deliveryCount,
    redelivered: m.redelivered,
    msgId: headers['Nats-Msg-Id'],
  };
}

/** The subjects a consumer is limited to, sorted; empty = the whole stream. */
function filtersOf(options: Pick<ConsumeOptions, 'filterSubject' | 'filterSubjects'>): string[] {
  const filters = options.filterSubjects ?? (options.filterSubject ? [options.filterSubject] : []);
  return [...new Set(filters)].sort();
}

/** Creates or updates the durable consumer to match the options (idempotent). */
export async function ensureConsumer(
  options: Pick<
    ConsumeOptions,
    | 'jsm'
    | 'stream'
    | 'durable'
    | 'filterSubject'
    | 'filterSubjects'
    | 'ackWaitMs'
    | 'maxDeliver'
    | 'inactiveThresholdMs'
  >,
): Promise<void> {
  const filters = filtersOf(options);
  const config = {
    durable_name: options.durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(options.ackWaitMs ?? 30_000),
    max_deliver: options.maxDeliver ?? 5,
    inactive_threshold: options.inactiveThresholdMs === undefined ? undefined : nanos(options.inactiveThresholdMs),
    // The server takes one form or the other, never both. Both keys are present because consumers.update merges
    // into the current config: an undefined one is dropped from the request, clearing what was set before.
    filter_subject: filters.length === 1 ? filters[0] : undefined,
    filter_subjects: filters.length > 1 ? filters : undefined,
  };
  try {
    const info = await options.jsm.consumers.info(options.stream, options.durable);
    const c = info.config;
    const current = filtersOf({ filterSubject: c.filter_subject, filterSubjects: c.filter_subjects });
    if (
      c.ack_wait !== config.ack_wait ||
      c.max_deliver !== config.max_deliver ||
      (c.inactive_threshold ?? undefined) !== config.inactive_threshold ||
      current.join('\n') !== filters.join('\n')
    ) {
      await options.jsm.consumers.update(options.stream, options.durable, config);
    }
  } catch (err) {
    const e = err as { name?: string; api_error?: { err_code?: number }; message?: string };
    // 10014 = JSConsumerNotFoundErr
    if (
      e?.name !== 'ConsumerNotFoundError' &&
      e?.api_error?.err_code !== 10014 &&
      !/consumer not found/i.test(e?.message ?? '')
    ) {
      throw err;
    }
    await options.jsm.consumers.add(options.stream, config);
  }
}

async function settle(m: JsMsg, result: HandlerResult, delayMs: number): Promise<void> {
  if (result === 'ack') {
    // Wait for the server to confirm the ack so a crash right after cannot redeliver a handled message.
    await m.ackAck();
  } else if (result === 'term') {
    m.term();
  } else {
    m.nak(delayMs);
  }
}

export async function consumeDurable(options: ConsumeOptions): Promise<ConsumerHandle> {
  await ensureConsumer(options);
  const consumer = await options.js.consumers.get(options.stream, options.durable);
  const messages: ConsumerMessages = await consumer.consume({ max_messages: options.batch ?? 1 });
  const backoff = options.backoffMs ?? defaultBackoffMs;
  let stopping = false;

  let running = true;
  const ackWaitMs = options.ackWaitMs ?? 30_000;

  const done = (async () => {
    try {
      for await (const m of messages) {
        const message = toEventMessage(m);
        // A slow handler (a cold model, a big image) must not lose its message to another replica mid-work.
        const heartbeat = setInterval(() => m.working(), Math.max(100, Math.floor(ackWaitMs / 2)));
        let result: HandlerResult;
        try {
          result = await options.handler(message);
        } catch (err) {
          options.onError?.(err, message);
          result = 'retry';
        } finally {
          clearInterval(heartbeat);
        }
        try {
          await settle(m, result, backoff(message.deliveryCount));
        } catch (err) {
          // The server redelivers after ackWait when an ack is lost; one lost ack must not stop the consumer.
          options.onError?.(err, message);
        }
        if (stopping) break;
      }
    } finally {
      running = false;
    }
  })();
  // Callers learn about a fatal end through `done` or isRunning(); never as an unhandled rejection.
  done.catch(() => {});

  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopping = true;
    // close() ends the pull and, once the loop body in progress has settled its message, the iterator.
    stopped ??= messages.close().then(() => done);
    return stopped;
  };
  return { stop, done, isRunning: () => running };
}
