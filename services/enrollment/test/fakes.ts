// In-memory implementations of enrollment.ts' ports, for unit tests of the domain rules.
import type { AlignedCrop } from '@visor/contracts';
import type {
  DetectedFace,
  Detector,
  Embedder,
  EnrollmentStore,
  Face,
  IdempotencyRecord,
  Objects,
  OutboxMessage,
  StoredFace,
  Subject,
} from '../src/enrollment.ts';
import type { FaceQuality } from '../src/quality.ts';

export const GOOD_QUALITY: FaceQuality = {
  faceSizePx: 200,
  sharpness: 0.8,
  yawDeg: 3,
  pitchDeg: -2,
  rollDeg: 1,
  brightness: 0.5,
  overall: 0.9,
  reasons: [],
};

/** A tiny valid-looking JPEG (magic bytes + a marker): enough for sniffing; the fake detector keys on its last byte. */
export function jpeg(tag: number): Uint8Array {
  return new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, tag]);
}

export function face(quality: Partial<FaceQuality> = {}, width = 200): DetectedFace {
  const crop: AlignedCrop = {
    data: new Uint8Array(12),
    width: 2,
    height: 2,
    channels: 3,
    layout: 'PIXEL_LAYOUT_HWC_RGB_U8',
  };
  return { box: { x: 10, y: 20, width, height: width }, quality: { ...GOOD_QUALITY, ...quality }, crop };
}

/** Faces per image tag (last byte of the fake JPEG). */
export function fakeDetector(byTag: Record<number, DetectedFace[]>): Detector & { calls: number } {
  const detector = {
    calls: 0,
    async detect(bytes: Uint8Array) {
      detector.calls++;
      return byTag[bytes[bytes.length - 1] as number] ?? [];
    },
  };
  return detector;
}

export function fakeEmbedder(dimension = 4): Embedder & { calls: number } {
  const embedder = {
    calls: 0,
    async embed(crops: AlignedCrop[]) {
      embedder.calls++;
      return {
        model: { name: 'fake', version: '1' },
        embeddings: crops.map((_c, i) => {
          const v = new Float32Array(dimension).fill(0);
          v[i % dimension] = 1;
          return { float32Le: new Uint8Array(v.buffer), dimension };
        }),
      };
    },
  };
  return embedder;
}

export function fakeObjects(): Objects & { data: Map<string, Uint8Array>; failDeletes: boolean } {
  const data = new Map<string, Uint8Array>();
  const objects = {
    data,
    failDeletes: false,
    async put(key: string, bytes: Uint8Array) {
      data.set(key, bytes);
    },
    async get(key: string) {
      const bytes = data.get(key);
      return bytes ? { bytes } : undefined;
    },
    async delete(key: string) {
      if (objects.failDeletes) throw new Error('storage down');
      data.delete(key);
    },
    async deletePrefix(prefix: string) {
      if (objects.failDeletes) throw new Error('storage down');
      let n = 0;
      for (const key of [...data.keys()]) {
        if (key.startsWith(prefix)) {
          data.delete(key);
          n++;
        }
      }
      return n;
    },
  };
  return objects;
}

type SubjectRow = Omit<Subject, 'faceCount'> & { seq: number };

export function fakeStore(): EnrollmentStore & {
  subjects: Map<string, SubjectRow>;
  faces: Map<string, StoredFace>;
  outbox: OutboxMessage[];
  erasures: Map<string, Date>;
  idempotency: Map<string, IdempotencyRecord>;
  retain: Map<string, boolean>;
  failCommit: Error | undefined;
  beforeCommit: (() => void) | undefined;
} {
  let seq = 0;
  const subjects = new Map<string, SubjectRow>();
  const faces = new Map<string, StoredFace>();
  const outbox: OutboxMessage[] = [];
  const erasures = new Map<string, Date>();
  const idempotency = new Map<string, IdempotencyRecord>();
  const retain = new Map<string, boolean>();
  const faceCount = (id: string) => [...faces.values()].filter((f) => f.subjectId === id).length;
  const toSubject = ({ seq: _seq, ...row }: SubjectRow): Subject => ({ ...row, faceCount: faceCount(row.id) });
  const toFace = ({ embedding: _e, ...f }: StoredFace): Face => f;
  const owned = (tenantId: string, subjectId: string) => {
    const s = subjects.get(subjectId);
    return s && s.tenantId === tenantId ? s : undefined;
  };
  const store = {
    subjects,
    faces,
    outbox,
    erasures,
    idempotency,
    retain,
    failCommit: undefined as Error | undefined,
    beforeCommit: undefined as (() => void) | undefined,

    async insertSubject(subject: Omit<Subject, 'faceCount'>) {
      for (const s of subjects.values()) {
        if (
          s.tenantId === subject.tenantId &&
          subject.externalId !== undefined &&
          s.externalId === subject.externalId
        ) {
          return 'external_id_taken' as const;
        }
      }
      subjects.set(subject.id, { ...subject, seq: ++seq });
      return 'created' as const;
    },
    async getSubject(tenantId: string, subjectId: string) {
      const s = owned(tenantId, subjectId);
      return s ? toSubject(s) : undefined;
    },
    async listSubjects(tenantId: string, page: { afterSeq: number; limit: number; externalId?: string }) {
      const rows = [...subjects.values()]
        .filter((s) => s.tenantId === tenantId && s.seq > page.afterSeq)
        .filter((s) => page.externalId === undefined || s.externalId === page.externalId)
        .sort((a, b) => a.seq - b.seq);
      const pageRows = rows.slice(0, page.limit);
      const more = rows.length > page.limit;
      return { subjects: pageRows.map(toSubject), nextAfterSeq: more ? pageRows[pageRows.length - 1]?.seq : undefined };
    },
    async listFaces(tenantId: string, subjectId: string) {
      return [...faces.values()].filter((f) => f.tenantId === tenantId && f.subjectId === subjectId).map(toFace);
    },
    async retainImages(tenantId: string) {
      return retain.get(tenantId);
    },
    async setRetainImages(tenantId: string, value: boolean) {
      retain.set(tenantId, value);
    },
    async detachImages(tenantId: string, now: Date, limit: number) {
      const detached = [...faces.values()].filter((f) => f.tenantId === tenantId && f.imageKey).slice(0, limit);
      const keys = detached.map((f) => f.imageKey as string);
      for (const f of detached) faces.set(f.id, { ...f, imageKey: undefined });
      for (const k of keys) erasures.set(k, now);
      return keys;
    },
    async findIdempotency(tenantId: string, key: string) {
      return idempotency.get(`${tenantId}/${key}`);
    },
    async scheduleErasures(keys: string[], notBefore: Date) {
      for (const k of keys) erasures.set(k, notBefore);
    },
    async clearErasures(keys: string[]) {
      for (const k of keys) erasures.delete(k);
    },
    async dueErasures(now: Date, limit: number) {
      return [...erasures.entries()]
        .filter(([, at]) => at.getTime() <= now.getTime())
        .slice(0, limit)
        .map(([k]) => k);
    },
    async erasureFailed() {},
    async commitFaces(commit: Parameters<EnrollmentStore['commitFaces']>[0]) {
      store.beforeCommit?.();
      if (store.failCommit) throw store.failCommit;
      if (!owned(commit.tenantId, commit.subjectId)) return 'subject_gone' as const;
      if (commit.idempotency) {
        const id = `${commit.tenantId}/${commit.idempotency.key}`;
        if (idempotency.has(id)) return 'idempotency_taken' as const;
        idempotency.set(id, {
          requestHash: commit.idempotency.requestHash,
          response: structuredClone(commit.idempotency.response),
        });
      }
      for (const f of commit.faces) faces.set(f.id, f);
      outbox.push(...commit.events);
      for (const k of commit.clearErasures) erasures.delete(k);
      return 'committed' as const;
    },
    async deleteSubject(
      tenantId: string,
      subjectId: string,
      erase: { prefix: string; now: Date },
      event: (faceIds: string[]) => OutboxMessage,
    ) {
      if (!owned(tenantId, subjectId)) return undefined;
      const faceIds = [...faces.values()].filter((f) => f.subjectId === subjectId).map((f) => f.id);
      for (const id of faceIds) faces.delete(id);
      subjects.delete(subjectId);
      erasures.set(erase.prefix, erase.now);
      outbox.push(event(faceIds));
      return { faceIds };
    },
    async deleteFace(tenantId: string, subjectId: string, faceId: string, now: Date, event: OutboxMessage) {
      const f = faces.get(faceId);
      if (!f || f.tenantId !== tenantId || f.subjectId !== subjectId) return undefined;
      faces.delete(faceId);
      if (f.imageKey) erasures.set(f.imageKey, now);
      outbox.push(event);
      return { imageKey: f.imageKey };
    },
  };
  return store;
}
