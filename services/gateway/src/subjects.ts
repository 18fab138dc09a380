// Subjects and their faces: validation of REST input and translation to the EnrollmentService contract. The tenant
// always comes from the caller's key, never from the request, so one tenant cannot name another's subjects.
import type { AddFaceResult__Output, EnrollmentClient } from '@visor/contracts';
import { type ErrorCode, isErrorCode, rpc, VisorError } from '@visor/runtime';
import type { Principal } from './auth.ts';
import { type FaceView, faceView, type QualityView, qualityView, type SubjectView, subjectView } from './views.ts';

export type SubjectsDeps = {
  enrollment: Pick<
    EnrollmentClient,
    'createSubject' | 'getSubject' | 'listSubjects' | 'deleteSubject' | 'addFaces' | 'removeFace'
  >;
  timeoutMs: number;
};

const MAX_METADATA_KEYS = 32;
const MAX_METADATA_VALUE = 1024;

function invalid(message: string): VisorError {
  return new VisorError('invalid_argument', message);
}

export type CreateSubjectInput = { externalId: string; displayName?: string; metadata?: Record<string, string> };

/** Checks an untrusted JSON body; throws invalid_argument naming the first problem. */
export function parseCreateSubject(body: unknown): CreateSubjectInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('body must be a JSON object');
  const b = body as Record<string, unknown>;
  for (const key of Object.keys(b)) {
    if (!['externalId', 'displayName', 'metadata'].includes(key)) throw invalid(`unknown field ${key}`);
  }
  if (typeof b.externalId !== 'string' || b.externalId.trim() === '' || b.externalId.length > 255) {
    throw invalid('externalId must be a non-empty string of at most 255 characters');
  }
  if (b.displayName !== undefined && (typeof b.displayName !== 'string' || b.displayName.length > 255)) {
    throw invalid('displayName must be a string of at most 255 characters');
  }
  let metadata: Record<string, string> | undefined;
  if (b.metadata !== undefined) {
    if (typeof b.metadata !== 'object' || b.metadata === null || Array.isArray(b.metadata)) {
      throw invalid('metadata must be an object of strings');
    }
    const entries = Object.entries(b.metadata as Record<string, unknown>);
    if (entries.length > MAX_METADATA_KEYS) throw invalid(`metadata may have at most ${MAX_METADATA_KEYS} keys`);
    metadata = {};
    for (const [k, v] of entries) {
      if (typeof v !== 'string' || v.length > MAX_METADATA_VALUE || k.length > 128) {
        throw invalid(`metadata.${k} must be a string of at most ${MAX_METADATA_VALUE} characters`);
      }
      metadata[k] = v;
    }
  }
  return { externalId: b.externalId, displayName: b.displayName as string | undefined, metadata };
}

const ID = /^[A-Za-z0-9-]{1,64}$/;

/** Path ids are UUIDs from the enrollment service; anything else cannot exist. */
export function checkId(id: string, what: string): string {
  if (!ID.test(id)) throw new VisorError('not_found', `${what} not found`);
  return id;
}

export async function createSubject(deps: SubjectsDeps, principal: Principal, input: CreateSubjectInput) {
  const response = await rpc(
    deps.enrollment.createSubject(
      {
        tenantId: principal.tenantId,
        externalId: input.externalId,
        displayName: input.displayName ?? '',
        metadata: input.metadata ?? {},
      },
      { timeoutMs: deps.timeoutMs },
    ),
  );
  if (!response.subject) throw new VisorError('internal', 'enrollment returned no subject');
  return subjectView(response.subject);
}

export async function getSubject(
  deps: SubjectsDeps,
  principal: Principal,
  subjectId: string,
): Promise<SubjectView & { faces: FaceView[] }> {
  const response = await rpc(
    deps.enrollment.getSubject(
      { tenantId: principal.tenantId, subjectId: checkId(subjectId, 'subject') },
      { timeoutMs: deps.timeoutMs },
    ),
  );
  if (!response.subject) throw new VisorError('not_found', 'subject not found');
  return { ...subjectView(response.subject), faces: response.faces.map(faceView) };
}

export const DEFAULT_PAGE = 20;
export const MAX_PAGE = 100;

export function parseListQuery(query: Record<string, unknown>): { limit: number; cursor: string; externalId: string } {
  const rawLimit = query.limit;
  let limit = DEFAULT_PAGE;
  if (rawLimit !== undefined && rawLimit !== '') {
    limit = Number(rawLimit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
      throw invalid(`limit must be an integer from 1 to ${MAX_PAGE}`);
    }
  }
  const cursor = typeof query.cursor === 'string' ? query.cursor : '';
  if (cursor.length > 512) throw invalid('cursor is malformed');
  const externalId = typeof query.externalId === 'string' ? query.externalId : '';
  return { limit, cursor, externalId };
}

export async function listSubjects(
  deps: SubjectsDeps,
  principal: Principal,
  query: { limit: number; cursor: string; externalId: string },
): Promise<{ subjects: SubjectView[]; nextCursor: string | null }> {
  const response = await rpc(
    deps.enrollment.listSubjects(
      { tenantId: principal.tenantId, pageSize: query.limit, pageToken: query.cursor, externalId: query.externalId },
      { timeoutMs: deps.timeoutMs },
    ),
  );
  return { subjects: response.subjects.map(subjectView), nextCursor: response.nextPageToken || null };
}

export async function deleteSubject(deps: SubjectsDeps, principal: Principal, subjectId: string): Promise<void> {
  await rpc(
    deps.enrollment.deleteSubject(
      { tenantId: principal.tenantId, subjectId: checkId(subjectId, 'subject') },
      { timeoutMs: deps.timeoutMs },
    ),
  );
}

export async function removeFace(
  deps: SubjectsDeps,
  principal: Principal,
  subjectId: string,
  faceId: string,
): Promise<void> {
  await rpc(
    deps.enrollment.removeFace(
      { tenantId: principal.tenantId, subjectId: checkId(subjectId, 'subject'), faceId: checkId(faceId, 'face') },
      { timeoutMs: deps.timeoutMs },
    ),
  );
}

/** Codes for rejections from an enrollment service that predates Rejection.code (reasons only). */
const REJECTION_CODE: Record<string, ErrorCode> = {
  REJECTION_REASON_UNREADABLE_IMAGE: 'corrupt_image',
  REJECTION_REASON_IMAGE_TOO_LARGE: 'image_too_large',
  REJECTION_REASON_IMAGE_NOT_FOUND: 'not_found',
  REJECTION_REASON_NO_FACE: 'no_face',
  REJECTION_REASON_MULTIPLE_FACES: 'multiple_faces',
  REJECTION_REASON_FACE_INDEX_OUT_OF_RANGE: 'invalid_argument',
  REJECTION_REASON_LOW_QUALITY: 'low_quality',
};

export type RejectedImageView = { index: number; code: ErrorCode; message: string; quality?: QualityView };
export type AddedFaceView = { id: string; quality: QualityView; box: FaceView['box'] };

function rejectionView(result: AddFaceResult__Output): RejectedImageView {
  const rejection = result.rejection;
  const reason = String(rejection?.reasons?.[0] ?? 'REJECTION_REASON_UNSPECIFIED');
  // The enrollment service's own code tells an unsupported from a corrupt image, which the reason cannot.
  const code = isErrorCode(rejection?.code) ? rejection.code : (REJECTION_CODE[reason] ?? 'invalid_argument');
  const view: RejectedImageView = {
    index: result.imageIndex,
    code,
    message: rejection?.message || reason.replace(/^REJECTION_REASON_/, '').toLowerCase(),
  };
  if (rejection?.quality) view.quality = qualityView(rejection.quality);
  return view;
}

export type AddFacesInput = { images: Buffer[]; faceIndexes: Array<number | undefined>; idempotencyKey: string };

/** `faceIndex` fields: none, one for every image, or one per image in order. */
export function pairFaceIndexes(raw: string[], imageCount: number): Array<number | undefined> {
  const parsed = raw.map((v) => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isInteger(n) || n < 0 || n > 1000)
      throw invalid('faceIndex must be an integer >= 0');
    return n;
  });
  if (parsed.length === 0) return Array.from({ length: imageCount }, () => undefined);
  if (parsed.length === 1) return Array.from({ length: imageCount }, () => parsed[0]);
  if (parsed.length !== imageCount) throw invalid('give one faceIndex, or one per image');
  return parsed;
}

/**
 * Enrols one face per image. Images that fail are listed in `rejected`; when every image fails the request fails
 * with the first rejection's code (so a single-photo enrolment gets a plain `no_face`, `low_quality`, ...).
 */
export async function addFaces(
  deps: SubjectsDeps,
  principal: Principal,
  subjectId: string,
  input: AddFacesInput,
): Promise<{ faces: AddedFaceView[]; rejected: RejectedImageView[] }> {
  if (input.images.length === 0) throw invalid('at least one image part is required');
  if (input.idempotencyKey.length > 128) throw invalid('Idempotency-Key must be at most 128 characters');
  const response = await rpc(
    deps.enrollment.addFaces(
      {
        tenantId: principal.tenantId,
        subjectId: checkId(subjectId, 'subject'),
        images: input.images.map((image, i) => {
          const faceIndex = input.faceIndexes[i];
          return faceIndex === undefined ? { image: { inline: image } } : { image: { inline: image }, faceIndex };
        }),
        idempotencyKey: input.idempotencyKey,
      },
      // Enrolment stores, detects and embeds every image: allow it the time of several calls.
      { timeoutMs: deps.timeoutMs * 2 },
    ),
  );
  const faces: AddedFaceView[] = [];
  const rejected: RejectedImageView[] = [];
  for (const result of response.results) {
    if (result.face) {
      const view = faceView(result.face);
      faces.push({ id: view.id, quality: view.quality, box: view.box });
    } else {
      rejected.push(rejectionView(result));
    }
  }
  if (faces.length === 0) {
    const first = rejected[0];
    throw new VisorError(first?.code ?? 'internal', first?.message ?? 'no image was enrolled', {
      details: { rejected },
    });
  }
  return { faces, rejected };
}
