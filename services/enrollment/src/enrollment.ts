// Subjects and their faces: the enrolment saga (read image → detect → quality gate → embed → store image → one
// transaction with rows + outbox events), deletes that erase images, rows and vectors, and idempotent retries.
// Plain functions over injected ports (store, object store, detector, embedder), so every rule is unit-testable
// with fakes; src/store.ts, src/peers.ts and the object store are the real implementations.
import { createHash, randomUUID } from 'node:crypto';
import { type AlignedCrop, outgoingEvent } from '@visor/contracts';
import { type ErrorCode, VisorError } from '@visor/runtime';
import { sniffImage } from './image.ts';
import { type FaceQuality, failedChecks, type QualityGate } from './quality.ts';

export type Box = { x: number; y: number; width: number; height: number };
export type ModelRef = { name: string; version: string };

export type Subject = {
  id: string;
  tenantId: string;
  externalId: string | undefined;
  displayName: string;
  metadata: Record<string, string>;
  faceCount: number;
  createdAt: Date;
};

export type Face = {
  id: string;
  tenantId: string;
  subjectId: string;
  box: Box;
  quality: FaceQuality;
  model: ModelRef;
  /** Object name of the stored source image; undefined when the tenant keeps no images. */
  imageKey: string | undefined;
  createdAt: Date;
};

export const RejectionReason = {
  unreadableImage: 'unreadable_image',
  imageTooLarge: 'image_too_large',
  imageNotFound: 'image_not_found',
  noFace: 'no_face',
  multipleFaces: 'multiple_faces',
  faceIndexOutOfRange: 'face_index_out_of_range',
  lowQuality: 'low_quality',
} as const;
export type RejectionReason = (typeof RejectionReason)[keyof typeof RejectionReason];

/**
 * `code` is the Visor error code of the outcome (finer than the reason: an unreadable image is `unsupported_image`
 * or `corrupt_image`), so a caller that fails the request on it needs no table of its own.
 */
export type Rejection = { reasons: RejectionReason[]; code: ErrorCode; quality?: FaceQuality; message: string };

export type AddFaceResult = { imageIndex: number; face?: Face; rejection?: Rejection };

/** Per-tenant settings as they apply: stored values, with the server default for those never set. */
export type TenantSettings = { retainImages: boolean };
/** A partial update: absent fields keep their value. */
export type TenantSettingsUpdate = { retainImages?: boolean };

/** Faces detached from their images per purge transaction: bounds lock time and the size of one erasure batch. */
export const PURGE_BATCH = 500;
/** Object deletes in flight during a purge. */
const PURGE_DELETE_CONCURRENCY = 8;

export type ImageInput = { inline: Uint8Array } | { objectKey: string };

export type AddFacesInput = {
  tenantId: string;
  subjectId: string;
  images: Array<{ image: ImageInput; faceIndex?: number }>;
  idempotencyKey?: string;
};

// ── Ports ────────────────────────────────────────────────────────────────────────────────────────────────────────

/** One face as the detection service reports it, largest first. */
export type DetectedFace = { box: Box; quality: FaceQuality; crop: AlignedCrop };

export interface Detector {
  /** Throws VisorError unsupported_image / corrupt_image / image_too_large for bytes it cannot decode. */
  detect(bytes: Uint8Array): Promise<DetectedFace[]>;
}

export interface Embedder {
  /** One embedding (little-endian float32s) per crop, in order, all from `model`. */
  embed(
    crops: AlignedCrop[],
  ): Promise<{ model: ModelRef; embeddings: Array<{ float32Le: Uint8Array; dimension: number }> }>;
}

export interface Objects {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  get(key: string): Promise<{ bytes: Uint8Array } | undefined>;
  delete(key: string): Promise<void>;
  deletePrefix(prefix: string): Promise<number>;
}

export type OutboxMessage = { subject: string; msgId: string; payload: Uint8Array };
export type StoredFace = Face & { embedding: Uint8Array };
export type NewSubject = Omit<Subject, 'faceCount'>;
export type IdempotencyRecord = { requestHash: string; response: AddFaceResult[] };

export interface EnrollmentStore {
  insertSubject(subject: NewSubject): Promise<'created' | 'external_id_taken'>;
  getSubject(tenantId: string, subjectId: string): Promise<Subject | undefined>;
  /** Subjects in insertion order after the cursor `afterSeq` (0 = from the start). */
  listSubjects(
    tenantId: string,
    page: { afterSeq: number; limit: number; externalId?: string },
  ): Promise<{ subjects: Subject[]; nextAfterSeq: number | undefined }>;
  /** Oldest first. */
  listFaces(tenantId: string, subjectId: string): Promise<Face[]>;
  /** The tenant's retention setting, undefined when it has none. */
  retainImages(tenantId: string): Promise<boolean | undefined>;
  /** Upserts the tenant's retention setting. */
  setRetainImages(tenantId: string, retain: boolean): Promise<void>;
  /**
   * One transaction: up to `limit` of the tenant's faces that still have an image lose their image key, and those
   * keys are scheduled for erasure at `now`. Returns the keys (fewer than `limit`: none left).
   */
  detachImages(tenantId: string, now: Date, limit: number): Promise<string[]>;
  findIdempotency(tenantId: string, key: string): Promise<IdempotencyRecord | undefined>;
  /** Records objects to erase after `notBefore` unless a commit (or clearErasures) clears them first. */
  scheduleErasures(keys: string[], notBefore: Date): Promise<void>;
  clearErasures(keys: string[]): Promise<void>;
  /** Keys and prefixes (ending in '/') whose erasure is due. */
  dueErasures(now: Date, limit: number): Promise<string[]>;
  erasureFailed(key: string): Promise<void>;
  /**
   * One transaction: face rows, outbox rows, the idempotency record, and clearing the faces' pending erasures. Checks
   * under a lock that the subject still exists (a concurrent DeleteSubject wins or waits).
   */
  commitFaces(commit: {
    tenantId: string;
    subjectId: string;
    faces: StoredFace[];
    events: OutboxMessage[];
    clearErasures: string[];
    idempotency?: { key: string; requestHash: string; response: AddFaceResult[] };
  }): Promise<'committed' | 'subject_gone' | 'idempotency_taken'>;
  /** One transaction: rows gone, `erase` scheduled now, the event (built from the face ids) in the outbox. */
  deleteSubject(
    tenantId: string,
    subjectId: string,
    erase: { prefix: string; now: Date },
    event: (faceIds: string[]) => OutboxMessage,
  ): Promise<{ faceIds: string[] } | undefined>;
  /** One transaction: the row gone, its image scheduled for erasure now, the event in the outbox. */
  deleteFace(
    tenantId: string,
    subjectId: string,
    faceId: string,
    now: Date,
    event: OutboxMessage,
  ): Promise<{ imageKey: string | undefined } | undefined>;
}

export type Limits = {
  maxImages: number;
  maxImageBytes: number;
  detectConcurrency: number;
  /** Uploaded objects not committed within this are erased by the sweeper. */
  orphanGraceMs: number;
};

export const DEFAULT_LIMITS: Limits = {
  maxImages: 10,
  maxImageBytes: 10 * 1024 * 1024,
  detectConcurrency: 2,
  orphanGraceMs: 10 * 60_000,
};

export type EnrollmentDeps = {
  store: EnrollmentStore;
  objects: Objects;
  detector: Detector;
  embedder: Embedder;
  gate: QualityGate;
  limits?: Partial<Limits>;
  retainImagesDefault?: boolean;
  now?: () => Date;
  newId?: () => string;
  /** Called after a transaction that wrote outbox rows commits (wake the relay). */
  onOutbox?: () => void;
  /** Test hook: runs right after an AddFaces transaction commits, before onOutbox. */
  afterCommit?: () => void;
  /** Per image of a committed AddFaces: 'enrolled' or the first rejection reason (metrics). */
  onImage?: (outcome: 'enrolled' | RejectionReason) => void;
  log?: { warn: (obj: object, msg: string) => void };
};

// ── Validation ───────────────────────────────────────────────────────────────────────────────────────────────────

/** Tenant ids become a GCS path segment, so they are restricted to a safe alphabet. */
const TENANT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** Server-assigned ids; anything else cannot exist. */
const RESOURCE_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,128}$/;
const MAX_METADATA_ENTRIES = 64;
const MAX_METADATA_KEY = 128;
const MAX_METADATA_VALUE = 1024;
const MAX_TEXT = 255;
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

function requireTenant(tenantId: string): string {
  if (!TENANT_ID.test(tenantId)) {
    throw new VisorError('invalid_argument', 'tenant_id is required: 1-64 letters, digits, ".", "_" or "-"', {
      details: { field: 'tenant_id' },
    });
  }
  return tenantId;
}

function notFound(what: 'subject' | 'face'): VisorError {
  return new VisorError('not_found', `${what} not found`);
}

/** Unicode-aware length: limits are on characters, as the column types count them. */
const chars = (s: string) => [...s].length;

function validateSubjectFields(input: { externalId: string; displayName: string; metadata: Record<string, string> }) {
  const bad = (field: string, message: string) => new VisorError('invalid_argument', message, { details: { field } });
  if (chars(input.externalId) > MAX_TEXT) throw bad('external_id', `external_id is longer than ${MAX_TEXT} characters`);
  if (chars(input.displayName) > MAX_TEXT) {
    throw bad('display_name', `display_name is longer than ${MAX_TEXT} characters`);
  }
  const entries = Object.entries(input.metadata);
  if (entries.length > MAX_METADATA_ENTRIES)
    throw bad('metadata', `metadata has more than ${MAX_METADATA_ENTRIES} keys`);
  for (const [key, value] of entries) {
    if (key === '' || chars(key) > MAX_METADATA_KEY) {
      throw bad('metadata', `metadata keys must be 1-${MAX_METADATA_KEY} characters`);
    }
    if (chars(value) > MAX_METADATA_VALUE) {
      throw bad('metadata', `metadata values must be at most ${MAX_METADATA_VALUE} characters`);
    }
  }
}

export function encodePageToken(afterSeq: number): string {
  return Buffer.from(`s1:${afterSeq}`, 'utf8').toString('base64url');
}

export function decodePageToken(token: string): number {
  if (token === '') return 0;
  const match = /^s1:(\d{1,15})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!match)
    throw new VisorError('invalid_argument', 'page_token is not one this server issued', {
      details: { field: 'page_token' },
    });
  return Number(match[1]);
}

/** Where a subject's images live; DeleteSubject erases the whole prefix. */
export function subjectPrefix(tenantId: string, subjectId: string): string {
  return `tenants/${tenantId}/subjects/${subjectId}/`;
}

/** Runs `fn` over `items` with at most `limit` in flight, results in input order. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

/** Detection errors that say the bytes are the problem, as a rejection of that one image. */
function rejectionOfDetectError(err: unknown): Rejection | undefined {
  if (!(err instanceof VisorError)) return undefined;
  if (err.code === 'unsupported_image' || err.code === 'corrupt_image') {
    return { reasons: [RejectionReason.unreadableImage], code: err.code, message: err.message };
  }
  if (err.code === 'image_too_large') {
    return { reasons: [RejectionReason.imageTooLarge], code: err.code, message: err.message };
  }
  return undefined;
}

const imageNotFound = (): Rejection => ({
  reasons: [RejectionReason.imageNotFound],
  code: 'not_found',
  message: 'no such image object in this tenant',
});

type Accepted = { imageIndex: number; bytes: Uint8Array; ext: string; contentType: string; face: DetectedFace };

// ── The service ──────────────────────────────────────────────────────────────────────────────────────────────────

export type Enrollment = ReturnType<typeof createEnrollment>;

export function createEnrollment(deps: EnrollmentDeps) {
  const { store, objects, detector, embedder, gate } = deps;
  const limits: Limits = { ...DEFAULT_LIMITS, ...deps.limits };
  // Millisecond precision: what DATETIME(3) stores, so a response and a later read agree.
  const now = () => new Date(Math.floor((deps.now?.() ?? new Date()).getTime()));
  const newId = deps.newId ?? randomUUID;

  async function existingSubject(tenantId: string, subjectId: string): Promise<Subject> {
    requireTenant(tenantId);
    const subject = RESOURCE_ID.test(subjectId) ? await store.getSubject(tenantId, subjectId) : undefined;
    if (!subject) throw notFound('subject');
    return subject;
  }

  async function createSubject(input: {
    tenantId: string;
    externalId: string;
    displayName: string;
    metadata: Record<string, string>;
  }): Promise<Subject> {
    requireTenant(input.tenantId);
    validateSubjectFields(input);
    const subject: NewSubject = {
      id: newId(),
      tenantId: input.tenantId,
      externalId: input.externalId === '' ? undefined : input.externalId,
      displayName: input.displayName,
      metadata: { ...input.metadata },
      createdAt: now(),
    };
    if ((await store.insertSubject(subject)) === 'external_id_taken') {
      throw new VisorError('already_exists', 'a subject with this external_id exists in the tenant', {
        details: { field: 'external_id' },
      });
    }
    return { ...subject, faceCount: 0 };
  }

  async function getSubject(tenantId: string, subjectId: string): Promise<{ subject: Subject; faces: Face[] }> {
    const subject = await existingSubject(tenantId, subjectId);
    return { subject, faces: await store.listFaces(tenantId, subjectId) };
  }

  async function listSubjects(input: {
    tenantId: string;
    pageSize: number;
    pageToken: string;
    externalId: string;
  }): Promise<{ subjects: Subject[]; nextPageToken: string }> {
    requireTenant(input.tenantId);
    const limit = Math.min(input.pageSize > 0 ? input.pageSize : DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    const page = await store.listSubjects(input.tenantId, {
      afterSeq: decodePageToken(input.pageToken),
      limit,
      externalId: input.externalId === '' ? undefined : input.externalId,
    });
    return {
      subjects: page.subjects,
      nextPageToken: page.nextAfterSeq === undefined ? '' : encodePageToken(page.nextAfterSeq),
    };
  }

  /** Erases now what a committed delete scheduled; on failure the sweeper retries, so the caller still succeeds. */
  async function eraseNow(key: string): Promise<void> {
    try {
      if (key.endsWith('/')) await objects.deletePrefix(key);
      else await objects.delete(key);
      await store.clearErasures([key]);
    } catch (err) {
      deps.log?.warn({ err }, 'image erasure failed; the sweeper will retry');
    }
  }

  async function deleteSubject(tenantId: string, subjectId: string): Promise<{ deletedFaces: number }> {
    requireTenant(tenantId);
    if (!RESOURCE_ID.test(subjectId)) throw notFound('subject');
    const at = now();
    const prefix = subjectPrefix(tenantId, subjectId);
    const deleted = await store.deleteSubject(tenantId, subjectId, { prefix, now: at }, (faceIds) =>
      outgoingEvent('subjectDeleted', { eventId: newId(), occurredAt: at }, { tenantId, subjectId, faceIds }),
    );
    if (!deleted) throw notFound('subject');
    deps.onOutbox?.();
    await eraseNow(prefix);
    return { deletedFaces: deleted.faceIds.length };
  }

  async function removeFace(tenantId: string, subjectId: string, faceId: string): Promise<void> {
    requireTenant(tenantId);
    if (!RESOURCE_ID.test(subjectId) || !RESOURCE_ID.test(faceId)) throw notFound('face');
    const at = now();
    const event = outgoingEvent('faceDeleted', { eventId: newId(), occurredAt: at }, { tenantId, subjectId, faceId });
    const deleted = await store.deleteFace(tenantId, subjectId, faceId, at, event);
    if (!deleted) throw notFound('face');
    deps.onOutbox?.();
    if (deleted.imageKey) await eraseNow(deleted.imageKey);
  }

  async function loadImage(tenantId: string, image: ImageInput): Promise<Uint8Array | Rejection> {
    if ('inline' in image) return image.inline;
    const key = image.objectKey;
    // Only the tenant's own objects: another tenant's key is as absent as a missing one.
    if (!key.startsWith(`tenants/${tenantId}/`) || key.includes('..')) return imageNotFound();
    const stored = await objects.get(key);
    if (!stored) return imageNotFound();
    return stored.bytes;
  }

  /** Everything up to (not including) embedding: one image → the face to enrol, or why not. */
  async function examine(
    tenantId: string,
    item: AddFacesInput['images'][number],
    imageIndex: number,
  ): Promise<Accepted | Rejection> {
    const bytes = await loadImage(tenantId, item.image);
    if (!ArrayBuffer.isView(bytes)) return bytes;
    if (bytes.length > limits.maxImageBytes) {
      return {
        reasons: [RejectionReason.imageTooLarge],
        code: 'image_too_large',
        message: `${bytes.length} bytes, the limit is ${limits.maxImageBytes}`,
      };
    }
    const format = sniffImage(bytes);
    if (!format) {
      return {
        reasons: [RejectionReason.unreadableImage],
        code: 'unsupported_image',
        message: 'not a JPEG, PNG or WebP image',
      };
    }
    let faces: DetectedFace[];
    try {
      faces = await detector.detect(bytes);
    } catch (err) {
      const rejection = rejectionOfDetectError(err);
      if (rejection) return rejection;
      throw err;
    }
    if (faces.length === 0) {
      return { reasons: [RejectionReason.noFace], code: 'no_face', message: 'no face found in the image' };
    }
    // Faces too small to enrol (passers-by in the background) do not make a selfie ambiguous; face_index still
    // counts every detected face, as the contract indexes DetectResponse.faces.
    const enrollable = faces.filter((f) => f.quality.faceSizePx >= gate.minFacePx);
    if (item.faceIndex === undefined && enrollable.length > 1) {
      return {
        reasons: [RejectionReason.multipleFaces],
        code: 'multiple_faces',
        message: `${enrollable.length} faces found; give face_index to choose one (0 = largest)`,
      };
    }
    const index = item.faceIndex ?? Math.max(0, faces.indexOf(enrollable[0] as DetectedFace));
    const face = faces[index];
    if (!face) {
      return {
        reasons: [RejectionReason.faceIndexOutOfRange],
        code: 'invalid_argument',
        message: `face_index ${index} is out of range: ${faces.length} face(s) found`,
      };
    }
    const failed = failedChecks(face.quality, gate);
    if (failed.length > 0) {
      return {
        reasons: [RejectionReason.lowQuality],
        code: 'low_quality',
        quality: { ...face.quality, reasons: failed },
        message: `face quality too low for enrolment: ${failed.join(', ')}`,
      };
    }
    return {
      imageIndex,
      bytes,
      ext: format.ext,
      contentType: format.contentType,
      face: { ...face, quality: { ...face.quality, reasons: [] } },
    };
  }

  function requestHash(input: AddFacesInput): string {
    const canonical = {
      op: 'AddFaces',
      subjectId: input.subjectId,
      images: input.images.map((i) => ({
        image: 'inline' in i.image ? { sha256: sha256(i.image.inline) } : { objectKey: i.image.objectKey },
        faceIndex: i.faceIndex ?? null,
      })),
    };
    return sha256(JSON.stringify(canonical));
  }

  function replay(record: IdempotencyRecord, hash: string): AddFaceResult[] {
    if (record.requestHash !== hash) {
      throw new VisorError('already_exists', 'idempotency_key was already used for a different request', {
        details: { field: 'idempotency_key', reason: 'idempotency_key_reused' },
      });
    }
    return record.response;
  }

  async function addFaces(input: AddFacesInput): Promise<AddFaceResult[]> {
    requireTenant(input.tenantId);
    if (input.images.length === 0) {
      throw new VisorError('invalid_argument', 'at least one image is required', { details: { field: 'images' } });
    }
    if (input.images.length > limits.maxImages) {
      throw new VisorError(
        'invalid_argument',
        `${input.images.length} images in one call; the limit is ${limits.maxImages}`,
        {
          details: { field: 'images', limit: limits.maxImages },
        },
      );
    }
    const key = input.idempotencyKey === '' ? undefined : input.idempotencyKey;
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      throw new VisorError('invalid_argument', 'idempotency_key must be 1-128 printable ASCII characters', {
        details: { field: 'idempotency_key' },
      });
    }
    const { tenantId, subjectId } = input;
    await existingSubject(tenantId, subjectId);
    const hash = requestHash(input);
    if (key !== undefined) {
      const previous = await store.findIdempotency(tenantId, key);
      if (previous) return replay(previous, hash);
    }

    const examined = await mapLimit(input.images, limits.detectConcurrency, (item, i) => examine(tenantId, item, i));
    const accepted = examined.filter((e): e is Accepted => 'face' in e);
    const embedded = accepted.length > 0 ? await embedder.embed(accepted.map((a) => a.face.crop)) : undefined;
    if (embedded && embedded.embeddings.length !== accepted.length) {
      throw new VisorError('internal', 'embedding service returned the wrong number of embeddings');
    }

    const { retainImages: retain } = await getTenantSettings(tenantId);
    const at = now();
    const stored: StoredFace[] = accepted.map((a, i) => {
      const id = newId();
      const embedding = embedded?.embeddings[i];
      if (
        !embedded ||
        !embedding ||
        embedding.float32Le.length !== embedding.dimension * 4 ||
        embedding.dimension === 0
      ) {
        throw new VisorError('internal', 'embedding service returned a malformed embedding');
      }
      return {
        id,
        tenantId,
        subjectId,
        box: a.face.box,
        quality: a.face.quality,
        model: embedded.model,
        imageKey: retain ? `${subjectPrefix(tenantId, subjectId)}${id}.${a.ext}` : undefined,
        createdAt: at,
        embedding: embedding.float32Le,
      };
    });
    const results: AddFaceResult[] = examined.map((e, imageIndex) => {
      if (!('face' in e)) return { imageIndex, rejection: e };
      const { embedding: _vector, ...face } = stored[accepted.indexOf(e)] as StoredFace;
      return { imageIndex, face };
    });
    const outbox: OutboxMessage[] = stored.map((f) =>
      outgoingEvent(
        'faceEnrolled',
        { eventId: newId(), occurredAt: at },
        {
          tenantId,
          subjectId,
          faceId: f.id,
          model: f.model,
          embedding: { float32Le: f.embedding, dimension: f.embedding.length / 4 },
        },
      ),
    );

    // Saga: every key is registered for erasure before it is written and unregistered by the commit, so neither a
    // failed step (compensated below) nor a crash (the sweeper) leaves an image without its row.
    const keys = stored.flatMap((f) => (f.imageKey ? [f.imageKey] : []));
    const written: string[] = [];
    const compensate = async () => {
      try {
        await Promise.all(written.map((k) => objects.delete(k)));
        await store.clearErasures(keys);
      } catch (err) {
        deps.log?.warn({ err }, 'compensation failed; the sweeper will erase the images');
      }
    };
    let outcome: Awaited<ReturnType<EnrollmentStore['commitFaces']>>;
    try {
      if (keys.length > 0) await store.scheduleErasures(keys, new Date(at.getTime() + limits.orphanGraceMs));
      await Promise.all(
        stored.map(async (f, i) => {
          if (!f.imageKey) return;
          const a = accepted[i] as Accepted;
          await objects.put(f.imageKey, a.bytes, a.contentType);
          written.push(f.imageKey);
        }),
      );
      outcome = await store.commitFaces({
        tenantId,
        subjectId,
        faces: stored,
        events: outbox,
        clearErasures: keys,
        idempotency: key === undefined ? undefined : { key, requestHash: hash, response: results },
      });
    } catch (err) {
      await compensate();
      throw err;
    }
    if (outcome !== 'committed') {
      await compensate();
      if (outcome === 'subject_gone') throw notFound('subject');
      // A concurrent call with the same key committed first: answer as a retry would be answered.
      const previous = await store.findIdempotency(tenantId, key as string);
      if (!previous) throw new VisorError('unavailable', 'idempotent request in flight; retry');
      return replay(previous, hash);
    }
    deps.afterCommit?.();
    if (outbox.length > 0) deps.onOutbox?.();
    for (const r of results) deps.onImage?.(r.face ? 'enrolled' : (r.rejection?.reasons[0] ?? RejectionReason.noFace));
    return results;
  }

  async function getTenantSettings(tenantId: string): Promise<TenantSettings> {
    requireTenant(tenantId);
    return { retainImages: (await store.retainImages(tenantId)) ?? deps.retainImagesDefault ?? true };
  }

  /**
   * Applies to faces enrolled after it commits; an AddFaces already past its settings read finishes under the old
   * value. Images already stored are kept (they go with their face or subject) unless `purgeImages` is asked for.
   */
  async function updateTenantSettings(
    tenantId: string,
    update: TenantSettingsUpdate,
    options: { purgeImages?: boolean } = {},
  ): Promise<{ settings: TenantSettings; purgedImages: number }> {
    requireTenant(tenantId);
    if (options.purgeImages) {
      const retainAfter = update.retainImages ?? (await getTenantSettings(tenantId)).retainImages;
      // Purging while retaining would erase images that the next enrolment starts storing again: refused as a
      // contradiction rather than guessed at.
      if (retainAfter) {
        throw new VisorError('invalid_argument', 'purge_images needs retain_images false', {
          details: { field: 'purge_images' },
        });
      }
    }
    if (update.retainImages !== undefined) await store.setRetainImages(tenantId, update.retainImages);
    const purgedImages = options.purgeImages ? await purgeImages(tenantId) : 0;
    return { settings: await getTenantSettings(tenantId), purgedImages };
  }

  /**
   * Erases every stored image of the tenant; faces and templates stay. Each batch commits the detachment together
   * with its erasure records before any object is touched, so a crash or a failed delete leaves work for the sweeper,
   * never an object without a row or a row pointing at an erased object.
   */
  async function purgeImages(tenantId: string): Promise<number> {
    let total = 0;
    for (;;) {
      const keys = await store.detachImages(tenantId, now(), PURGE_BATCH);
      total += keys.length;
      const erased: string[] = [];
      await mapLimit(keys, PURGE_DELETE_CONCURRENCY, async (key) => {
        try {
          await objects.delete(key);
          erased.push(key);
        } catch (err) {
          deps.log?.warn({ err }, 'image erasure failed during purge; the sweeper will retry');
        }
      });
      await store.clearErasures(erased);
      if (keys.length < PURGE_BATCH) return total;
    }
  }

  /** Erases what is due: orphaned uploads and deletes whose erasure failed. Returns how many were erased. */
  async function sweepErasures(limit = 100): Promise<number> {
    const due = await store.dueErasures(now(), limit);
    let erased = 0;
    for (const key of due) {
      try {
        if (key.endsWith('/')) await objects.deletePrefix(key);
        else await objects.delete(key);
        await store.clearErasures([key]);
        erased++;
      } catch (err) {
        deps.log?.warn({ err }, 'sweeper could not erase an image; will retry');
        await store.erasureFailed(key).catch(() => {});
      }
    }
    return erased;
  }

  return {
    createSubject,
    getSubject,
    listSubjects,
    deleteSubject,
    addFaces,
    removeFace,
    getTenantSettings,
    updateTenantSettings,
    sweepErasures,
  };
}
