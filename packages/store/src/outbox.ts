// Transactional outbox: a service writes its event in the same MySQL transaction as the rows it describes; the
// relay publishes committed events in id order with the event's id as the JetStream dedup id, then marks them.
// A crash between publish and mark republishes the same id, which JetStream drops inside its duplicate window.
import type { Pool, PoolConnection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { jsonColumn } from './mysql.ts';

export type OutboxEvent = {
  subject: string;
  /** Stable event id, sent as Nats-Msg-Id (unique per event, e.g. the event_id of the payload). */
  msgId: string;
  payload: Uint8Array;
  headers?: Record<string, string>;
};

/** What the relay calls to publish; `publish` from @visor/events fits once bound to a JetStream client. */
export type OutboxPublisher = (
  subject: string,
  payload: Uint8Array,
  options: { msgId: string; headers?: Record<string, string> },
) => Promise<unknown>;

const TABLE_NAME = /^[a-z_][a-z0-9_]*$/;

function checkTable(table: string): string {
  if (!TABLE_NAME.test(table)) throw new Error(`bad outbox table name ${table}`);
  return table;
}

/** The outbox table belongs to this library, like schema_migrations: created when missing. */
export async function ensureOutboxTable(db: Pool | PoolConnection, table = 'outbox'): Promise<void> {
  await db.query(
    `CREATE TABLE IF NOT EXISTS \`${checkTable(table)}\` (
       id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
       subject VARCHAR(255) NOT NULL,
       msg_id VARCHAR(191) NOT NULL,
       payload LONGBLOB NOT NULL,
       headers JSON NULL,
       created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
       published_at DATETIME(3) NULL,
       attempts INT UNSIGNED NOT NULL DEFAULT 0,
       last_error VARCHAR(512) NULL,
       UNIQUE KEY outbox_msg_id (msg_id),
       KEY outbox_pending (published_at, id)
     ) ENGINE=InnoDB`,
  );
}

/** Adds events to the outbox on the caller's connection, inside the caller's transaction. */
export async function writeOutbox(conn: PoolConnection, events: OutboxEvent[], table = 'outbox'): Promise<void> {
  if (events.length === 0) return;
  await conn.query(`INSERT INTO \`${checkTable(table)}\` (subject, msg_id, payload, headers) VALUES ?`, [
    events.map((e) => [e.subject, e.msgId, Buffer.from(e.payload), e.headers ? JSON.stringify(e.headers) : null]),
  ]);
}

export type OutboxRelayOptions = {
  pool: Pool;
  publish: OutboxPublisher;
  table?: string;
  /** How often to look for events when not woken by notify() (default 1 s). */
  pollMs?: number;
  batchSize?: number;
  /** Published rows older than this are deleted (default 24 h). */
  retainMs?: number;
  onError?: (err: unknown) => void;
};

export type OutboxRelay = {
  /** Look for events now (call after committing a transaction that wrote some). */
  notify: () => void;
  /** Publishes everything pending once; returns how many were published. */
  drain: () => Promise<number>;
  /** Stops the loop after the batch in progress. */
  stop: () => Promise<void>;
};

type PendingRow = RowDataPacket & { id: number; subject: string; msg_id: string; payload: Buffer; headers: unknown };

/** One batch under FOR UPDATE SKIP LOCKED, so relays in several replicas share the work without double sends. */
async function relayBatch(options: Required<Pick<OutboxRelayOptions, 'pool' | 'publish' | 'table' | 'batchSize'>>) {
  const { pool, publish, table, batchSize } = options;
  const conn = await pool.getConnection();
  try {
    // READ COMMITTED takes no gap locks, so services inserting new outbox rows never wait for a relay batch.
    await conn.query('SET TRANSACTION ISOLATION LEVEL READ COMMITTED');
    await conn.beginTransaction();
    const [rows] = await conn.query<PendingRow[]>(
      `SELECT id, subject, msg_id, payload, headers FROM \`${table}\`
        WHERE published_at IS NULL ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED`,
      [batchSize],
    );
    const published: number[] = [];
    let failure: unknown;
    // In id order, stopping at the first failure so a later event never overtakes an earlier one.
    for (const row of rows) {
      try {
        const headers = jsonColumn<Record<string, string> | null>(row.headers) ?? undefined;
        await publish(row.subject, row.payload, { msgId: row.msg_id, headers });
        published.push(row.id);
      } catch (err) {
        failure = err;
        await conn.query(`UPDATE \`${table}\` SET attempts = attempts + 1, last_error = ? WHERE id = ?`, [
          String((err as Error)?.message ?? err).slice(0, 512),
          row.id,
        ]);
        break;
      }
    }
    if (published.length > 0) {
      await conn.query(`UPDATE \`${table}\` SET published_at = CURRENT_TIMESTAMP(3) WHERE id IN (?)`, [published]);
    }
    await conn.commit();
    if (failure) throw failure;
    return { published: published.length, full: rows.length === batchSize };
  } catch (err) {
    await conn.rollback().catch(() => {});
    throw err;
  } finally {
    conn.release();
  }
}

export async function startOutboxRelay(options: OutboxRelayOptions): Promise<OutboxRelay> {
  const table = checkTable(options.table ?? 'outbox');
  const pollMs = options.pollMs ?? 1_000;
  const retainMs = options.retainMs ?? 24 * 3600_000;
  const batch = { pool: options.pool, publish: options.publish, table, batchSize: options.batchSize ?? 100 };
  await ensureOutboxTable(options.pool, table);

  let stopped = false;
  let wake: (() => void) | undefined;
  // Set by notify() while a drain runs, so an event committed meanwhile does not wait for the next poll.
  let notified = false;
  let running: Promise<number> | undefined;
  let lastPurge = 0;

  const drainOnce = async (): Promise<number> => {
    let total = 0;
    for (;;) {
      const { published, full } = await relayBatch(batch);
      total += published;
      if (!full || stopped) return total;
    }
  };
  // One drain at a time per process; callers of drain() share the one in progress, then run again.
  const drain = async (): Promise<number> => {
    while (running) await running.catch(() => 0);
    running = drainOnce();
    try {
      return await running;
    } finally {
      running = undefined;
    }
  };

  const loop = (async () => {
    while (!stopped) {
      notified = false;
      try {
        await drain();
        if (Date.now() - lastPurge > 60_000) {
          lastPurge = Date.now();
          await options.pool.query<ResultSetHeader>(
            `DELETE FROM \`${table}\` WHERE published_at < NOW(3) - INTERVAL ? MICROSECOND LIMIT 10000`,
            [retainMs * 1000],
          );
        }
      } catch (err) {
        options.onError?.(err);
      }
      if (stopped) break;
      if (notified) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  })();

  return {
    notify: () => {
      notified = true;
      wake?.();
    },
    drain,
    stop: async () => {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}
