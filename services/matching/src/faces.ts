// The MySQL read model of enrolled faces. The enrollment service owns these tables and their migrations; this
// module only reads them, assuming (see README):
//   subjects(id VARCHAR(64) PK, tenant_id VARCHAR(64), external_id VARCHAR(255) NULL, ...)
//   faces(id VARCHAR(64) PK, tenant_id VARCHAR(64), subject_id VARCHAR(64), model_name VARCHAR(64),
//         model_version VARCHAR(64), embedding BLOB /* float32 LE */, created_at DATETIME(3), deleted_at DATETIME(3) NULL)
import { fromFloat32Le } from '@visor/index';
import type { Pool } from '@visor/store';
import type { RowDataPacket } from 'mysql2/promise';
import type { FaceRecord, FaceSource, ModelRef } from './matching.ts';

type FaceRow = RowDataPacket & {
  id: string;
  tenant_id: string;
  subject_id: string;
  model_name: string;
  model_version: string;
  embedding: Buffer;
  external_id: string | null;
};

/** Rows per page: keyset pagination on faces.id keeps memory flat and never holds a long-running cursor. */
const PAGE = 5_000;

/** MariaDB's error for a missing table: the enrollment service, which creates the tables, may not have run yet. */
const isMissingTable = (err: unknown) => (err as { code?: string })?.code === 'ER_NO_SUCH_TABLE';

export function mysqlFaceSource(pool: Pool, options: { onMissingTable?: (err: unknown) => void } = {}): FaceSource {
  return {
    async *loadAll(filter: { tenantId?: string; model?: ModelRef } = {}) {
      let after = '';
      for (;;) {
        const where = ['f.deleted_at IS NULL', 'f.id > ?'];
        const params: unknown[] = [after];
        if (filter.tenantId) {
          where.push('f.tenant_id = ?');
          params.push(filter.tenantId);
        }
        if (filter.model) {
          where.push('f.model_name = ? AND f.model_version = ?');
          params.push(filter.model.name, filter.model.version);
        }
        let rows: FaceRow[];
        try {
          [rows] = await pool.query<FaceRow[]>(
            `SELECT f.id, f.tenant_id, f.subject_id, f.model_name, f.model_version, f.embedding, s.external_id
               FROM faces f LEFT JOIN subjects s ON s.id = f.subject_id AND s.tenant_id = f.tenant_id
              WHERE ${where.join(' AND ')}
              ORDER BY f.id LIMIT ${PAGE}`,
            params,
          );
        } catch (err) {
          if (!isMissingTable(err)) throw err;
          options.onMissingTable?.(err);
          return;
        }
        for (const row of rows) yield toFace(row);
        if (rows.length < PAGE) return;
        after = (rows[rows.length - 1] as FaceRow).id;
      }
    },

    async externalId(tenantId, subjectId) {
      let rows: RowDataPacket[];
      try {
        [rows] = await pool.query<RowDataPacket[]>('SELECT external_id FROM subjects WHERE tenant_id = ? AND id = ?', [
          tenantId,
          subjectId,
        ]);
      } catch (err) {
        if (isMissingTable(err)) return undefined;
        throw err;
      }
      const value = rows[0]?.external_id;
      return typeof value === 'string' && value !== '' ? value : undefined;
    },
  };
}

function toFace(row: FaceRow): FaceRecord {
  return {
    tenantId: row.tenant_id,
    subjectId: row.subject_id,
    faceId: row.id,
    model: { name: row.model_name, version: row.model_version },
    vector: fromFloat32Le(row.embedding),
    externalId: row.external_id ?? undefined,
  };
}
