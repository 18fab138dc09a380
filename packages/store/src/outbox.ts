// Transactional outbox: a service writes its event in the same MySQL transaction as the rows it describes; the
// relay publishes committed events in id order with the event's id as the JetStream dedup id, then marks them.
// A crash between publish and mark republishes the same id, which JetStream drops inside its duplicate window.
import type { Pool, PoolConnection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { acceptsMultipleStatements, jsonColumn, runOn, type Statement } from './mysql.ts';

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

/** The INSERT that adds `events` to the outbox, for a transaction run with runStatements(); undefined when none. */
export function outboxInsert(events: readonly OutboxEvent[], table = 'outbox'): Statement | undefined {
  if (events.length === 0) return undefined;
  return {
    sql: `INSERT INTO \`${checkTable(table)}\` (subject, msg_id, payload, headers) VALUES ?`,
    values: [
      events.map((e) => [e.subject, e.msgId, Buffer.from(e.payload), e.headers ? JSON.stringify(e.headers) : null]),
    ],
  };
}

/** Adds events to the outbox on the caller's connection, inside the caller's transaction. */
export async function writeOutbox(conn: PoolConnection, events: OutboxEvent[], table = 'outbox'): Promise<void> {
  const insert = outboxInsert(events, table);
  if (insert) await conn.query(insert.sql, insert.values);
}

export type OutboxRelayOptions = {
  pool: Pool;
  publish: OutboxPublisher;
  table?: string;
  /** How often to look for events when not woken by notify() (default 1 s). */
  pollMs?: number;
  /**
   * Least time from the start of one drain to the start of the next (default 0). A notify() within it is served
   * when it ends, so events committed meanwhile go out together: one MySQL transaction and one wake-up per batch
   * instead of per event. Events then reach NATS up to this much later; they are committed either way.
   */
  minIntervalMs?: number;
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

/**
 * One batch under FOR UPDATE SKIP LOCKED, so relays in several replicas share the work without double sends. On a
 * multipleStatements pool the batch costs two round trips to MySQL (open + select, mark + commit) instead of five.
 */
async function relayBatch(options: Required<Pick<OutboxRelayOptions, 'pool' | 'publish' | 'table' | 'batchSize'>>) {
  const { pool, publish, table, batchSize } = options;
  const multi = acceptsMultipleStatements(pool);
  const conn = await pool.getConnection();
  try {
    const opened = await runOn(
      conn,
      [
        // READ COMMITTED takes no gap locks, so services inserting new outbox rows never wait for a relay batch.
        { sql: 'SET TRANSACTION ISOLATION LEVEL READ COMMITTED' },
        { sql: 'START TRANSACTION' },
        {
          sql: `SELECT id, subject, msg_id, payload, headers FROM \`${table}\`
                 WHERE published_at IS NULL ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED`,
          values: [batchSize],
        },
      ],
      multi,
    );
    const rows = opened[2] as PendingRow[];
    const published: number[] = [];
    const closing: Statement[] = [];
    let failure: unknown;
    // In id order, stopping at the first failure so a later event never overtakes an earlier one.
    for (const row of rows) {
      try {
        const headers = jsonColumn<Record<string, string> | null>(row.headers) ?? undefined;
        await publish(row.subject, row.payload, { msgId: row.msg_id, headers });
        published.push(row.id);
      } catch (err) {
        failure = err;
        closing.push({
          sql: `UPDATE \`${table}\` SET attempts = attempts + 1, last_error = ? WHERE id = ?`,
          values: [String((err as Error)?.message ?? err).slice(0, 512), row.id],
        });
        break;
      }
    }
    if (published.length > 0) {
      closing.push({
        sql: `UPDATE \`${table}\` SET published_at = CURRENT_TIMESTAMP(3) WHERE id IN (?)`,
        values: [published],
      });
    }
    closing.push({ sql: 'COMMIT' });
    await runOn(conn, closing, multi);
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
  const minIntervalMs = options.minIntervalMs ?? 0;
  const retainMs = options.retainMs ?? 24 * 3600_000;
  const batch = { pool: options.pool, publish: options.publish, table, batchSize: options.batchSize ?? 100 };
  await ensureOutboxTable(options.pool, table);

  let stopped = false;
  let wake: (() => void) | undefined;
  // True during the pause after a drain (minIntervalMs): notify() then only marks that there is work.
  let holding = false;
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

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    }).finally(() => {
      wake = undefined;
    });

  const loop = (async () => {
    while (!stopped) {
      notified = false;
      const started = Date.now();
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
      const pause = started + minIntervalMs - Date.now();
      if (pause > 0) {
        holding = true;
        await sleep(pause);
        holding = false;
        if (stopped) break;
      }
      if (notified) continue;
      await sleep(pollMs);
    }
  })();

  return {
    notify: () => {
      notified = true;
      if (!holding) wake?.();
    },
    drain,
    stop: async () => {
      stopped = true;
      wake?.();
      await loop;
      // Events held back by minIntervalMs go out now rather than at the next start (or another replica's poll).
      if (minIntervalMs > 0) await drain().catch((err) => options.onError?.(err));
    },
  };
}
