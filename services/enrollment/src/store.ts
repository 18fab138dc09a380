// MySQL implementation of EnrollmentStore (tables in ../migrations). Events go through @visor/store's outbox in
// the same transaction as the rows they describe.
import { jsonColumn, type Pool, type PoolConnection, withTransaction, writeOutbox } from '@visor/store';
import type { ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import type { AddFaceResult, EnrollmentStore, Face, Subject } from './enrollment.ts';
import type { FaceQuality } from './quality.ts';

export const OUTBOX_TABLE = 'enrollment_outbox';
export const MIGRATIONS_TABLE = 'enrollment_schema_migrations';

type SubjectRow = RowDataPacket & {
  id: string;
  seq: number | string;
  tenant_id: string;
  external_id: string | null;
  display_name: string;
  metadata: unknown;
  created_at: Date;
  face_count: number | string;
};

type FaceRow = RowDataPacket & {
  id: string;
  tenant_id: string;
  subject_id: string;
  image_object_key: string | null;
  quality: unknown;
  box: unknown;
  model_name: string;
  model_version: string;
  created_at: Date;
};

const SUBJECT_COLUMNS = `s.id, s.seq, s.tenant_id, s.external_id, s.display_name, s.metadata, s.created_at,
  (SELECT COUNT(*) FROM faces f WHERE f.tenant_id = s.tenant_id AND f.subject_id = s.id AND f.deleted_at IS NULL)
    AS face_count`;

function toSubject(row: SubjectRow): Subject {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    externalId: row.external_id ?? undefined,
    displayName: row.display_name,
    metadata: jsonColumn<Record<string, string>>(row.metadata),
    faceCount: Number(row.face_count),
    createdAt: row.created_at,
  };
}

function toFace(row: FaceRow): Face {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    subjectId: row.subject_id,
    box: jsonColumn(row.box),
    quality: jsonColumn<FaceQuality>(row.quality),
    model: { name: row.model_name, version: row.model_version },
    imageKey: row.image_object_key ?? undefined,
    createdAt: row.created_at,
  };
}

const isDuplicate = (err: unknown) => (err as { code?: string })?.code === 'ER_DUP_ENTRY';

/** Dates survive the JSON round trip of a stored idempotent response. */
function reviveResponse(value: unknown): AddFaceResult[] {
  const results = jsonColumn<AddFaceResult[]>(value);
  for (const r of results) if (r.face) r.face.createdAt = new Date(r.face.createdAt as unknown as string);
  return results;
}

async function lockSubject(conn: PoolConnection, tenantId: string, subjectId: string): Promise<boolean> {
  const [rows] = await conn.query<RowDataPacket[]>(
    'SELECT id FROM subjects WHERE tenant_id = ? AND id = ? FOR UPDATE',
    [tenantId, subjectId],
  );
  return rows.length > 0;
}

async function scheduleErasures(db: Pool | PoolConnection, keys: string[], notBefore: Date): Promise<void> {
  if (keys.length === 0) return;
  await db.query(
    'INSERT INTO object_erasures (object_key, not_before) VALUES ? ON DUPLICATE KEY UPDATE not_before = VALUES(not_before)',
    [keys.map((k) => [k, notBefore])],
  );
}

export function mysqlEnrollmentStore(pool: Pool): EnrollmentStore {
  return {
    async insertSubject(subject) {
      try {
        await pool.query(
          `INSERT INTO subjects (id, tenant_id, external_id, display_name, metadata, created_at)
           VALUES (?, ?, ?, ?, ?, ?)`,
          [
            subject.id,
            subject.tenantId,
            subject.externalId ?? null,
            subject.displayName,
            JSON.stringify(subject.metadata),
            subject.createdAt,
          ],
        );
        return 'created';
      } catch (err) {
        if (isDuplicate(err)) return 'external_id_taken';
        throw err;
      }
    },

    async getSubject(tenantId, subjectId) {
      const [rows] = await pool.query<SubjectRow[]>(
        `SELECT ${SUBJECT_COLUMNS} FROM subjects s WHERE s.tenant_id = ? AND s.id = ?`,
        [tenantId, subjectId],
      );
      return rows[0] ? toSubject(rows[0]) : undefined;
    },

    async listSubjects(tenantId, page) {
      const where = ['s.tenant_id = ?', 's.seq > ?'];
      const params: unknown[] = [tenantId, page.afterSeq];
      if (page.externalId !== undefined) {
        where.push('s.external_id = ?');
        params.push(page.externalId);
      }
      // One row more than asked tells whether another page exists.
      const [rows] = await pool.query<SubjectRow[]>(
        `SELECT ${SUBJECT_COLUMNS} FROM subjects s WHERE ${where.join(' AND ')} ORDER BY s.seq LIMIT ?`,
        [...params, page.limit + 1],
      );
      const more = rows.length > page.limit;
      const pageRows = rows.slice(0, page.limit);
      const last = pageRows[pageRows.length - 1];
      return { subjects: pageRows.map(toSubject), nextAfterSeq: more && last ? Number(last.seq) : undefined };
    },

    async listFaces(tenantId, subjectId) {
      const [rows] = await pool.query<FaceRow[]>(
        `SELECT id, tenant_id, subject_id, image_object_key, quality, box, model_name, model_version, created_at
           FROM faces WHERE tenant_id = ? AND subject_id = ? AND deleted_at IS NULL ORDER BY created_at, id`,
        [tenantId, subjectId],
      );
      return rows.map(toFace);
    },

    async retainImages(tenantId) {
      const [rows] = await pool.query<RowDataPacket[]>(
        'SELECT retain_images FROM tenant_settings WHERE tenant_id = ?',
        [tenantId],
      );
      return rows[0] ? Boolean(rows[0].retain_images) : undefined;
    },

    async setRetainImages(tenantId, retain) {
      await pool.query(
        `INSERT INTO tenant_settings (tenant_id, retain_images) VALUES (?, ?)
         ON DUPLICATE KEY UPDATE retain_images = VALUES(retain_images)`,
        [tenantId, retain],
      );
    },

    async detachImages(tenantId, now, limit) {
      return withTransaction(pool, async (conn) => {
        const [rows] = await conn.query<RowDataPacket[]>(
          `SELECT id, image_object_key FROM faces
            WHERE tenant_id = ? AND image_object_key IS NOT NULL ORDER BY id LIMIT ? FOR UPDATE`,
          [tenantId, limit],
        );
        if (rows.length === 0) return [];
        const keys = rows.map((r) => String(r.image_object_key));
        await conn.query('UPDATE faces SET image_object_key = NULL WHERE id IN (?)', [rows.map((r) => String(r.id))]);
        await scheduleErasures(conn, keys, now);
        return keys;
      });
    },

    async findIdempotency(tenantId, key) {
      const [rows] = await pool.query<RowDataPacket[]>(
        `SELECT request_hash, response FROM idempotency_keys
          WHERE tenant_id = ? AND idempotency_key = ? AND operation = 'AddFaces'`,
        [tenantId, key],
      );
      const row = rows[0];
      return row ? { requestHash: String(row.request_hash), response: reviveResponse(row.response) } : undefined;
    },

    scheduleErasures: (keys, notBefore) => scheduleErasures(pool, keys, notBefore),

    async clearErasures(keys) {
      if (keys.length === 0) return;
      await pool.query('DELETE FROM object_erasures WHERE object_key IN (?)', [keys]);
    },

    async dueErasures(now, limit) {
      const [rows] = await pool.query<RowDataPacket[]>(
        'SELECT object_key FROM object_erasures WHERE not_before <= ? ORDER BY not_before LIMIT ?',
        [now, limit],
      );
      return rows.map((r) => String(r.object_key));
    },

    async erasureFailed(key) {
      // Back off a failing key so it does not starve the others.
      await pool.query(
        `UPDATE object_erasures SET attempts = attempts + 1,
                not_before = ? + INTERVAL LEAST(3600, POW(2, LEAST(attempts, 12))) SECOND
          WHERE object_key = ?`,
        [new Date(), key],
      );
    },

    async commitFaces(commit) {
      try {
        return await withTransaction(pool, async (conn) => {
          if (!(await lockSubject(conn, commit.tenantId, commit.subjectId))) return 'subject_gone' as const;
          if (commit.idempotency) {
            await conn.query(
              `INSERT INTO idempotency_keys (tenant_id, idempotency_key, operation, request_hash, response)
               VALUES (?, ?, 'AddFaces', ?, ?)`,
              [
                commit.tenantId,
                commit.idempotency.key,
                commit.idempotency.requestHash,
                JSON.stringify(commit.idempotency.response),
              ],
            );
          }
          if (commit.faces.length > 0) {
            await conn.query(
              `INSERT INTO faces (id, tenant_id, subject_id, image_object_key, quality, box, model_name, model_version,
                                  embedding, created_at) VALUES ?`,
              [
                commit.faces.map((f) => [
                  f.id,
                  f.tenantId,
                  f.subjectId,
                  f.imageKey ?? null,
                  JSON.stringify(f.quality),
                  JSON.stringify(f.box),
                  f.model.name,
                  f.model.version,
                  Buffer.from(f.embedding.buffer, f.embedding.byteOffset, f.embedding.byteLength),
                  f.createdAt,
                ]),
              ],
            );
          }
          await writeOutbox(conn, commit.events, OUTBOX_TABLE);
          if (commit.clearErasures.length > 0) {
            await conn.query('DELETE FROM object_erasures WHERE object_key IN (?)', [commit.clearErasures]);
          }
          return 'committed' as const;
        });
      } catch (err) {
        // Only the idempotency key is unique among the rows written here (ids are fresh UUIDs).
        if (isDuplicate(err) && commit.idempotency) return 'idempotency_taken';
        throw err;
      }
    },

    async deleteSubject(tenantId, subjectId, erase, event) {
      return withTransaction(pool, async (conn) => {
        if (!(await lockSubject(conn, tenantId, subjectId))) return undefined;
        const [faces] = await conn.query<RowDataPacket[]>(
          'SELECT id FROM faces WHERE tenant_id = ? AND subject_id = ? ORDER BY created_at, id FOR UPDATE',
          [tenantId, subjectId],
        );
        const faceIds = faces.map((f) => String(f.id));
        await conn.query('DELETE FROM faces WHERE tenant_id = ? AND subject_id = ?', [tenantId, subjectId]);
        await conn.query<ResultSetHeader>('DELETE FROM subjects WHERE tenant_id = ? AND id = ?', [tenantId, subjectId]);
        await scheduleErasures(conn, [erase.prefix], erase.now);
        await writeOutbox(conn, [event(faceIds)], OUTBOX_TABLE);
        return { faceIds };
      });
    },

    async deleteFace(tenantId, subjectId, faceId, now, event) {
      return withTransaction(pool, async (conn) => {
        const [rows] = await conn.query<RowDataPacket[]>(
          'SELECT image_object_key FROM faces WHERE tenant_id = ? AND subject_id = ? AND id = ? FOR UPDATE',
          [tenantId, subjectId, faceId],
        );
        const row = rows[0];
        if (!row) return undefined;
        await conn.query('DELETE FROM faces WHERE id = ?', [faceId]);
        const imageKey = row.image_object_key ? String(row.image_object_key) : undefined;
        if (imageKey) await scheduleErasures(conn, [imageKey], now);
        await writeOutbox(conn, [event], OUTBOX_TABLE);
        return { imageKey };
      });
    },
  };
}

/** Forgets idempotency keys older than `ttlMs`; returns how many. */
export async function purgeIdempotencyKeys(pool: Pool, ttlMs: number): Promise<number> {
  const [result] = await pool.query<ResultSetHeader>(
    'DELETE FROM idempotency_keys WHERE created_at < NOW(3) - INTERVAL ? MICROSECOND LIMIT 10000',
    [ttlMs * 1000],
  );
  return result.affectedRows;
}

/** Backlogs an operator watches: events not yet published, image erasures already due. */
export async function backlog(pool: Pool): Promise<{ outboxPending: number; erasuresDue: number }> {
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT (SELECT COUNT(*) FROM \`${OUTBOX_TABLE}\` WHERE published_at IS NULL) AS outbox_pending,
            (SELECT COUNT(*) FROM object_erasures WHERE not_before <= ?) AS erasures_due`,
    [new Date()],
  );
  return { outboxPending: Number(rows[0]?.outbox_pending ?? 0), erasuresDue: Number(rows[0]?.erasures_due ?? 0) };
}
