// Detect → embed → verify / identify over the services' gRPC clients. Plain functions over injected peers, so the
// rules (one face for verify, lockout, audit) are testable with fakes.
import type {
  DetectedFace__Output,
  DetectionClient,
  Embedding__Output,
  EmbeddingClient,
  MatchingClient,
  ModelRef__Output,
} from '@visor/contracts';
import { type ErrorCode, rpc, VisorError } from '@visor/runtime';
import type { Security } from './audit.ts';
import type { Principal } from './auth.ts';
import type { Lockout } from './lockout.ts';
import type { AuditOutcome } from './store.ts';
import {
  type BoxView,
  boxView,
  landmarksView,
  type ModelView,
  modelView,
  type PointView,
  type QualityView,
  qualityReasonNames,
  qualityView,
} from './views.ts';

export type RecognitionPeers = {
  detection: Pick<DetectionClient, 'detect'>;
  embedding: Pick<EmbeddingClient, 'embed'>;
  matching: Pick<MatchingClient, 'verify' | 'identify'>;
};

export type RecognitionDeps = {
  peers: RecognitionPeers;
  security: Security;
  lockout: Lockout;
  timeoutMs: number;
  /** Identify searches only faces at least this wide (default IDENTIFY_MIN_FACE_PX). */
  identifyMinFacePx?: number;
};

/**
 * Narrower faces are reported by identify but not searched. The calibrated thresholds hold for faces of ordinary
 * size. On lfw-dev shrunk until the probe's face is 35 / 32 / 27 / 22 px wide, against the full-size photos of the
 * others (a face in a class photo against enrolment photos), the FAR 1e-3 threshold accepts 0.070 / 0.074 / 0.078 /
 * 0.124 % of impostor pairs, against 0.061 % at full size (packages/eval/src/small-faces.ts; docs/evaluation.md,
 * _Group photos_). Group mode finds faces down to 20 px; 27 px is the smallest size measured where the threshold
 * still keeps its calibrated rate, and a stranger smaller than that must not be marked present as somebody.
 */
export const IDENTIFY_MIN_FACE_PX = 27;

/** Codes that say the probe or the request was unusable, as opposed to a server-side failure. */
const INPUT_CODES: ReadonlySet<ErrorCode> = new Set([
  'invalid_argument',
  'unsupported_image',
  'corrupt_image',
  'image_too_large',
  'no_face',
  'multiple_faces',
  'low_quality',
  'not_found',
]);

function outcomeOfError(err: unknown): AuditOutcome {
  if (err instanceof VisorError && err.code === 'locked') return 'locked';
  return err instanceof VisorError && INPUT_CODES.has(err.code) ? 'rejected_input' : 'error';
}

// ---- detect ----

export type DetectedFaceView = {
  box: BoxView;
  landmarks: Record<string, PointView>;
  score: number;
  quality: QualityView;
};

export async function detectFaces(
  deps: Pick<RecognitionDeps, 'peers' | 'timeoutMs'>,
  image: Buffer,
): Promise<{ faces: DetectedFaceView[]; imageWidth: number; imageHeight: number }> {
  const response = await rpc(
    deps.peers.detection.detect(
      { image: { inline: image }, options: { mode: 'DETECTION_MODE_AUTO', alignment: 'ALIGNMENT_OUTPUT_NONE' } },
      { timeoutMs: deps.timeoutMs },
    ),
  );
  return {
    faces: response.faces.map((f) => ({
      box: boxView(f.box),
      landmarks: landmarksView(f.landmarks),
      score: Number(f.score.toFixed(4)),
      quality: qualityView(f.quality),
    })),
    imageWidth: response.imageWidth,
    imageHeight: response.imageHeight,
  };
}

// ---- shared steps ----

async function detectWithCrops(
  deps: RecognitionDeps,
  image: Buffer,
  mode: 'DETECTION_MODE_AUTO' | 'DETECTION_MODE_GROUP',
): Promise<DetectedFace__Output[]> {
  const response = await rpc(
    deps.peers.detection.detect(
      { image: { inline: image }, options: { mode, alignment: 'ALIGNMENT_OUTPUT_CROP' } },
      { timeoutMs: deps.timeoutMs },
    ),
  );
  return response.faces;
}

/** Embeds crops in bounded batches (the embedding service caps a batch), keeping order. */
async function embedCrops(
  deps: RecognitionDeps,
  faces: DetectedFace__Output[],
): Promise<{ embeddings: Embedding__Output[]; model: ModelRef__Output | null }> {
  const BATCH = 16;
  const embeddings: Embedding__Output[] = [];
  let model: ModelRef__Output | null = null;
  for (let i = 0; i < faces.length; i += BATCH) {
    const crops = faces.slice(i, i + BATCH).map((f) => {
      if (!f.crop) throw new VisorError('internal', 'detection returned a face without an aligned crop');
      return f.crop;
    });
    const response = await rpc(
      deps.peers.embedding.embed({ crops, encoding: 'EMBEDDING_ENCODING_FLOAT32_LE' }, { timeoutMs: deps.timeoutMs }),
    );
    if (response.embeddings.length !== crops.length) {
      throw new VisorError('internal', 'embedding returned a different number of vectors than crops');
    }
    // A batch never mixes versions, but two batches could straddle a promotion: the caller must compare like with like.
    if (model && response.model && (model.name !== response.model.name || model.version !== response.model.version)) {
      throw new VisorError('unavailable', 'the embedding model changed during the request; retry');
    }
    model = response.model;
    embeddings.push(...response.embeddings);
  }
  return { embeddings, model };
}

// ---- verify ----

export type VerifyResult = {
  match: boolean;
  score: number;
  threshold: number;
  subjectId: string;
  model: ModelView | null;
};

const lockKey = (tenantId: string, subjectId: string) => `${tenantId}\u0000${subjectId}`;

function lockedError(retryAfterMs: number): VisorError {
  const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new VisorError('locked', `too many failed verifications of this subject; retry in ${retryAfterSeconds} s`, {
    details: { retryAfterSeconds },
  });
}

/** 1:1: is the single face in `image` the subject? Locked subjects are refused before any work is done. */
export async function verify(
  deps: RecognitionDeps,
  principal: Principal,
  request: { subjectId: string; image: Buffer },
): Promise<VerifyResult> {
  const { subjectId } = request;
  const key = lockKey(principal.tenantId, subjectId);
  let model: ModelView | null = null;
  let result: VerifyResult;
  try {
    const lock = deps.lockout.check(key);
    if (lock.locked) throw lockedError(lock.retryAfterMs);
    // AUTO rather than SELFIE: the selfie fast path sees only the largest face, and verification must notice a
    // second person in the frame.
    const faces = await detectWithCrops(deps, request.image, 'DETECTION_MODE_AUTO');
    const face = singleUsableFace(faces);
    const { embeddings, model: ref } = await embedCrops(deps, [face]);
    model = modelView(ref);
    const response = await rpc(
      deps.peers.matching.verify(
        { tenantId: principal.tenantId, subjectId, embedding: embeddings[0], model: ref },
        { timeoutMs: deps.timeoutMs },
      ),
    );
    result = {
      match: response.match,
      score: Number(response.score.toFixed(4)),
      threshold: Number(response.threshold.toFixed(4)),
      subjectId,
      model,
    };
  } catch (err) {
    await deps.security.recordAttempt({ principal, kind: 'verify', subjectId, outcome: outcomeOfError(err), model });
    throw err;
  }
  await deps.security.recordAttempt({
    principal,
    kind: 'verify',
    subjectId,
    outcome: result.match ? 'match' : 'no_match',
    score: result.score,
    threshold: result.threshold,
    model,
  });
  if (result.match) {
    deps.lockout.recordSuccess(key);
  } else {
    const failure = deps.lockout.recordFailure(key);
    if (failure.lockedNow) {
      await deps.security.alertLocked(
        principal,
        subjectId,
        `${failure.failures} failed verifications; subject locked until ${new Date(failure.until ?? 0).toISOString()}`,
      );
    }
  }
  return result;
}

/** The one face of a verification probe, or the reason there is none. */
export function singleUsableFace(faces: DetectedFace__Output[]): DetectedFace__Output {
  if (faces.length === 0) throw new VisorError('no_face', 'no face found in the image');
  if (faces.length > 1) {
    throw new VisorError('multiple_faces', `${faces.length} faces found; a verification photo must show one person`, {
      details: { faces: faces.length },
    });
  }
  const face = faces[0] as DetectedFace__Output;
  const reasons = qualityReasonNames(face.quality?.reasons ?? []);
  if (reasons.length > 0) {
    throw new VisorError('low_quality', `face quality too low: ${reasons.join(', ')}`, { details: { reasons } });
  }
  return face;
}

// ---- identify ----

export type CandidateView = { subjectId: string; externalId: string; score: number };
/** `reason` says why a face was not searched: it is narrower than the identify minimum. */
export type IdentifiedFaceView = { box: BoxView; candidates: CandidateView[]; reason?: 'face_too_small' };
export type IdentifyResult = { faces: IdentifiedFaceView[]; threshold: number | null; model: ModelView | null };

/** 1:N for every face in the photo (group mode): attendance from one photo. */
export async function identify(
  deps: RecognitionDeps,
  principal: Principal,
  request: { image: Buffer; topK?: number; minScore?: number },
): Promise<IdentifyResult> {
  let model: ModelView | null = null;
  let result: IdentifyResult;
  try {
    const faces = await detectWithCrops(deps, request.image, 'DETECTION_MODE_GROUP');
    if (faces.length === 0) throw new VisorError('no_face', 'no face found in the image');
    const minWidth = deps.identifyMinFacePx ?? IDENTIFY_MIN_FACE_PX;
    const searched = faces.filter((f) => (f.box?.width ?? 0) >= minWidth);
    const { embeddings, model: ref } =
      searched.length > 0 ? await embedCrops(deps, searched) : { embeddings: [], model: null };
    model = modelView(ref);
    let threshold: number | null = null;
    const answers = await Promise.all(
      embeddings.map((embedding) =>
        rpc(
          deps.peers.matching.identify(
            {
              tenantId: principal.tenantId,
              embedding,
              model: ref,
              topK: request.topK ?? 0,
              minScore: request.minScore ?? 0,
            },
            { timeoutMs: deps.timeoutMs },
          ),
        ),
      ),
    );
    const candidatesOf = new Map(
      answers.map((answer, i) => {
        threshold = answer.threshold;
        const candidates = answer.candidates.map((c) => ({
          subjectId: c.subjectId,
          externalId: c.externalId,
          score: Number(c.score.toFixed(4)),
        }));
        return [searched[i], candidates] as const;
      }),
    );
    const out: IdentifiedFaceView[] = faces.map((face) => {
      const candidates = candidatesOf.get(face);
      return candidates
        ? { box: boxView(face.box), candidates }
        : { box: boxView(face.box), candidates: [], reason: 'face_too_small' };
    });
    result = { faces: out, threshold: threshold === null ? null : Number((threshold as number).toFixed(4)), model };
  } catch (err) {
    await deps.security.recordAttempt({ principal, kind: 'identify', outcome: outcomeOfError(err), model });
    throw err;
  }
  const best = result.faces
    .flatMap((f) => f.candidates)
    .reduce<CandidateView | undefined>((a, c) => (a === undefined || c.score > a.score ? c : a), undefined);
  await deps.security.recordAttempt({
    principal,
    kind: 'identify',
    subjectId: best?.subjectId,
    outcome: best ? 'match' : 'no_match',
    score: best?.score,
    threshold: result.threshold ?? undefined,
    model,
    faces: result.faces.length,
  });
  return result;
}
