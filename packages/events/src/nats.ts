// NATS connection and JetStream streams. Payloads are bytes: encoding belongs to the contracts package.
import {
  type JetStreamClient,
  type JetStreamManager,
  jetstream,
  jetstreamManager,
  type PubAck,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
  type StreamInfo,
} from '@nats-io/jetstream';
import { type NatsConnection, nanos, headers as natsHeaders } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';

export type { JetStreamClient, JetStreamManager, NatsConnection, PubAck };

export type NatsHandle = { nc: NatsConnection; js: JetStreamClient; jsm: JetStreamManager; close: () => Promise<void> };

/** Connects (with endless reconnects) and returns the connection with its JetStream client and manager. */
export async function connectNats(url: string, options: { name?: string } = {}): Promise<NatsHandle> {
  const nc = await connect({
    servers: url,
    name: options.name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    // Otherwise every request (each JetStream publish waits for its ack through one) captures a stack trace up
    // front in case it times out: ~2 % of the gateway's CPU in a profile. The errors still say what failed.
    noAsyncTraces: true,
  });
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  // drain() lets in-flight subscriptions finish and flushes pending publishes and acks before closing.
  const close = async () => {
    if (!nc.isClosed()) await nc.drain();
  };
  return { nc, js, jsm, close };
}

export type StreamSpec = {
  name: string;
  subjects: string[];
  /** Dedup window for Nats-Msg-Id (default 2 minutes). */
  duplicateWindowMs?: number;
  maxAgeMs?: number;
  storage?: 'file' | 'memory';
  retention?: 'limits' | 'workqueue' | 'interest';
  replicas?: number;
};

function toConfig(spec: StreamSpec): Partial<StreamConfig> & { name: string } {
  return {
    name: spec.name,
    subjects: spec.subjects,
    storage: spec.storage === 'memory' ? StorageType.Memory : StorageType.File,
    retention:
      spec.retention === 'workqueue'
        ? RetentionPolicy.Workqueue
        : spec.retention === 'interest'
          ? RetentionPolicy.Interest
          : RetentionPolicy.Limits,
    duplicate_window: nanos(spec.duplicateWindowMs ?? 120_000),
    max_age: nanos(spec.maxAgeMs ?? 0),
    num_replicas: spec.replicas ?? 1,
  };
}

function isStreamNotFound(err: unknown): boolean {
  const e = err as { name?: string; code?: number; api_error?: { err_code?: number }; message?: string };
  // 10059 = JSStreamNotFoundErr
  return (
    e?.name === 'StreamNotFoundError' || e?.api_error?.err_code === 10059 || /stream not found/i.test(e?.message ?? '')
  );
}

/** Creates the stream, or updates it to this spec when it exists (adding subjects, changing limits). Idempotent. */
export async function ensureStream(jsm: JetStreamManager, spec: StreamSpec): Promise<StreamInfo> {
  const config = toConfig(spec);
  let existing: StreamInfo | undefined;
  try {
    existing = await jsm.streams.info(spec.name);
  } catch (err) {
    if (!isStreamNotFound(err)) throw err;
  }
  if (!existing) return jsm.streams.add(config);
  const current = existing.config;
  const same =
    JSON.stringify([...(current.subjects ?? [])].sort()) === JSON.stringify([...spec.subjects].sort()) &&
    current.duplicate_window === config.duplicate_window &&
    current.max_age === config.max_age;
  if (same) return existing;
  return jsm.streams.update(spec.name, { ...current, ...config });
}

export type PublishOptions = {
  /** Dedup id (Nats-Msg-Id): a second publish with the same id inside the window is stored once. */
  msgId?: string;
  headers?: Record<string, string>;
  /** Fail unless the subject is captured by this stream. */
  expectStream?: string;
  timeoutMs?: number;
};

/** Publishes to JetStream and waits for the stream's ack; `duplicate` is true when msgId was already stored. */
export async function publish(
  js: JetStreamClient,
  subject: string,
  bytes: Uint8Array,
  options: PublishOptions = {},
): Promise<PubAck> {
  let hdrs: ReturnType<typeof natsHeaders> | undefined;
  if (options.headers) {
    hdrs = natsHeaders();
    for (const [k, v] of Object.entries(options.headers)) hdrs.set(k, v);
  }
  return js.publish(subject, bytes, {
    msgID: options.msgId,
    headers: hdrs,
    expect: options.expectStream ? { streamName: options.expectStream } : undefined,
    timeout: options.timeoutMs,
  });
}
