// Matching domain: one in-memory gallery per (tenant, model version), filled from the face store at start and kept
// current by enrolment events. No transport here: server.ts adapts gRPC, events.ts adapts JetStream.
//
// Verify decision. A probe is compared with each of the subject's faces (the best one wins) and with the subject's
// mean template (the re-normalised mean of its faces, which averages out pose and lighting of single photos). The
// score is the higher of the two and the claim is accepted when it reaches the model's calibrated threshold. With
// one face both are the same number. best_face_id names the face when the single face scored highest, and is empty
// when the template did. Identify searches faces, one candidate per subject (its best face), and only returns
// subjects whose score reaches min_score (by default the calibrated threshold): a stranger gets no candidates
// rather than the nearest enrolled subject.
import { GalleryIndex, type IvfOptions, normalized } from '@visor/index';
import { VisorError } from '@visor/runtime';

export type ModelRef = { name: string; version: string };

export const modelKey = (m: ModelRef): string => `${m.name}@${m.version}`;

/** A stored face as the read model delivers it. */
export type FaceRecord = {
  tenantId: string;
  subjectId: string;
  faceId: string;
  model: ModelRef;
  vector: Float32Array;
  /** The tenant's own id for the subject, when the store knows it. */
  externalId?: string;
};

/** The faces table, read-only: what the service loads at start. */
export interface FaceSource {
  /** Every live face, optionally of one tenant and/or one model. */
  loadAll(filter?: { tenantId?: string; model?: ModelRef }): AsyncIterable<FaceRecord>;
  /** The subject's external id, for faces that arrive by event (the event does not carry it). */
  externalId(tenantId: string, subjectId: string): Promise<string | undefined>;
}

export type Threshold = { value: number; source: string };

/** Calibrated decision threshold of a model at the configured operating point; undefined when none is known. */
export type ThresholdResolver = (model: ModelRef) => Threshold | undefined;

export type MatcherOptions = {
  thresholds: ThresholdResolver;
  /** Model used when a request names none (the registry's default embedder). */
  defaultModel?: ModelRef;
  defaultTopK?: number;
  maxTopK?: number;
  approximateAbove?: number;
  ivf?: Omit<IvfOptions, 'onProgress'>;
  onRebuild?: (info: { tenantId: string; model: string; from: string; to: string; size: number; ms: number }) => void;
  /** A background IVF build failed; the gallery keeps serving from its current index and builds in-thread after. */
  onBuildError?: (info: { tenantId: string; model: string; error: unknown }) => void;
};

export type VerifyInput = { tenantId: string; subjectId: string; vector: Float32Array; model?: ModelRef };
export type VerifyResult = {
  match: boolean;
  score: number;
  threshold: number;
  bestFaceId: string;
  model: ModelRef;
  index: 'exact' | 'ivf';
};

export type IdentifyInput = {
  tenantId: string;
  vector: Float32Array;
  /** 0 = the default. */
  topK?: number;
  /** 0 or undefined = the calibrated threshold; any other value is used as given (-1 shows everything). */
  minScore?: number;
  model?: ModelRef;
};
export type Candidate = { subjectId: string; externalId: string; score: number; faceId: string };
export type IdentifyResult = { candidates: Candidate[]; threshold: number; model: ModelRef; index: 'exact' | 'ivf' };

export type GalleryStats = {
  tenantId: string;
  model: ModelRef;
  faces: number;
  subjects: number;
  index: 'exact' | 'ivf';
};

/** What applying an event did: `noop` for a duplicate or an already-absent face (redelivery is harmless). */
export type ApplyOutcome = 'applied' | 'noop';

const KEY_SEPARATOR = '\u0000';

export class Matcher {
  readonly #options: MatcherOptions;
  readonly #galleries = new Map<string, { tenantId: string; model: ModelRef; gallery: GalleryIndex }>();
  readonly #externalIds = new Map<string, string>();

  constructor(options: MatcherOptions) {
    this.#options = options;
  }

  /** Loads every face of the source; returns how many were added. */
  async load(source: FaceSource, onProgress?: (faces: number) => void): Promise<number> {
    // Galleries are filled without rebalancing and switched to IVF once at the end, not at every threshold crossing.
    const batches = new Map<string, FaceRecord[]>();
    let count = 0;
    for await (const face of source.loadAll()) {
      const key = this.#key(face.tenantId, face.model);
      let batch = batches.get(key);
      if (!batch) {
        batch = [];
        batches.set(key, batch);
      }
      batch.push(face);
      if (face.externalId) this.#externalIds.set(face.tenantId + KEY_SEPARATOR + face.subjectId, face.externalId);
      count++;
      if (count % 50_000 === 0) onProgress?.(count);
    }
    let added = 0;
    for (const faces of batches.values()) {
      const first = faces[0] as FaceRecord;
      const gallery = this.#gallery(first.tenantId, first.model, first.vector.length);
      added += gallery.addAll(
        faces.map((f) => ({ faceId: f.faceId, subjectId: f.subjectId, vector: this.#unit(f.vector, gallery.dim) })),
      );
    }
    // Ready means searching at speed: a large gallery's IVF build (a worker thread, so probes still answer) ends
    // before the service reports ready, rather than serving exact scans of a million faces meanwhile.
    await Promise.all([...this.#galleries.values()].map((e) => e.gallery.settled()));
    return added;
  }

  /** FaceEnrolled: a face id already present is left as it is (enrolment is immutable, redelivery harmless). */
  addFace(face: FaceRecord): ApplyOutcome {
    if (face.externalId) this.#externalIds.set(face.tenantId + KEY_SEPARATOR + face.subjectId, face.externalId);
    const gallery = this.#gallery(face.tenantId, face.model, face.vector.length);
    return gallery.add(face.faceId, face.subjectId, this.#unit(face.vector, gallery.dim)) ? 'applied' : 'noop';
  }

  hasExternalId(tenantId: string, subjectId: string): boolean {
    return this.#externalIds.has(tenantId + KEY_SEPARATOR + subjectId);
  }

  /** FaceDeleted: removed from whichever model's gallery of the tenant holds it. */
  removeFace(tenantId: string, faceId: string): ApplyOutcome {
    let removed = false;
    for (const entry of this.#ofTenant(tenantId)) removed = entry.gallery.removeFace(faceId) || removed;
    return removed ? 'applied' : 'noop';
  }

  /** SubjectDeleted: every face of the subject, in every model's gallery (plus any face ids the event lists). */
  removeSubject(tenantId: string, subjectId: string, faceIds: readonly string[] = []): ApplyOutcome {
    let removed = 0;
    for (const entry of this.#ofTenant(tenantId)) {
      removed += entry.gallery.removeSubject(subjectId);
      for (const faceId of faceIds) if (entry.gallery.removeFace(faceId)) removed++;
    }
    this.#externalIds.delete(tenantId + KEY_SEPARATOR + subjectId);
    return removed > 0 ? 'applied' : 'noop';
  }

  verify(input: VerifyInput): VerifyResult {
    requireId('tenant_id', input.tenantId);
    requireId('subject_id', input.subjectId);
    const model = this.#model(input.model);
    const threshold = this.#threshold(model);
    const gallery = this.#galleries.get(this.#key(input.tenantId, model))?.gallery;
    const scored = gallery?.scoreSubject(input.subjectId, this.#probe(input.vector, gallery.dim));
    if (!gallery || !scored) {
      const elsewhere = this.#ofTenant(input.tenantId).some((e) => e.gallery.facesOf(input.subjectId).length > 0);
      if (elsewhere) {
        throw new VisorError('no_face', `subject has no face enrolled with model ${modelKey(model)}`, {
          details: { model: modelKey(model) },
        });
      }
      throw new VisorError('not_found', 'no such subject (or it has no enrolled face)');
    }
    const templateWins = scored.template > scored.best.score;
    const score = templateWins ? scored.template : scored.best.score;
    return {
      match: score >= threshold.value,
      score,
      threshold: threshold.value,
      bestFaceId: templateWins ? '' : scored.best.faceId,
      model,
      index: gallery.kind,
    };
  }

  identify(input: IdentifyInput): IdentifyResult {
    requireId('tenant_id', input.tenantId);
    const model = this.#model(input.model);
    const threshold = this.#threshold(model);
    const maxTopK = this.#options.maxTopK ?? 100;
    const requested = input.topK ?? 0;
    if (!Number.isInteger(requested) || requested < 0 || requested > maxTopK) {
      throw new VisorError('invalid_argument', `top_k must be between 0 and ${maxTopK}`);
    }
    const topK = requested === 0 ? (this.#options.defaultTopK ?? 5) : requested;
    const minScore = input.minScore === undefined || input.minScore === 0 ? threshold.value : input.minScore;
    if (!Number.isFinite(minScore)) throw new VisorError('invalid_argument', 'min_score must be a number');
    const gallery = this.#galleries.get(this.#key(input.tenantId, model))?.gallery;
    if (!gallery) {
      // Still validate the probe, so a bad request fails the same way whether or not the gallery exists.
      this.#probe(input.vector, input.vector.length);
      return { candidates: [], threshold: threshold.value, model, index: 'exact' };
    }
    const hits = gallery.identify(this.#probe(input.vector, gallery.dim), topK, minScore);
    return {
      candidates: hits.map((h) => ({
        subjectId: h.subjectId,
        externalId: this.#externalIds.get(input.tenantId + KEY_SEPARATOR + h.subjectId) ?? '',
        score: h.score,
        faceId: h.faceId,
      })),
      threshold: threshold.value,
      model,
      index: gallery.kind,
    };
  }

  stats(tenantId?: string): GalleryStats[] {
    const out: GalleryStats[] = [];
    for (const { tenantId: t, model, gallery } of this.#galleries.values()) {
      if (tenantId && t !== tenantId) continue;
      if (gallery.size === 0) continue;
      out.push({ tenantId: t, model, faces: gallery.size, subjects: gallery.subjects, index: gallery.kind });
    }
    return out;
  }

  /** Every gallery including empty ones, for metrics (a gauge must drop to 0, not vanish, when a gallery empties). */
  galleries(): Array<{ tenantId: string; model: ModelRef; faces: number }> {
    return [...this.#galleries.values()].map((e) => ({ tenantId: e.tenantId, model: e.model, faces: e.gallery.size }));
  }

  #key(tenantId: string, model: ModelRef): string {
    return tenantId + KEY_SEPARATOR + modelKey(model);
  }

  #ofTenant(tenantId: string) {
    return [...this.#galleries.values()].filter((e) => e.tenantId === tenantId);
  }

  #gallery(tenantId: string, model: ModelRef, dim: number): GalleryIndex {
    const key = this.#key(tenantId, model);
    const existing = this.#galleries.get(key);
    if (existing) return existing.gallery;
    const gallery = new GalleryIndex({
      dim,
      approximateAbove: this.#options.approximateAbove,
      ivf: this.#options.ivf,
      onRebuild: (info) => this.#options.onRebuild?.({ tenantId, model: modelKey(model), ...info }),
      onBuildError: (error) => this.#options.onBuildError?.({ tenantId, model: modelKey(model), error }),
    });
    this.#galleries.set(key, { tenantId, model: { name: model.name, version: model.version }, gallery });
    return gallery;
  }

  #model(model: ModelRef | undefined): ModelRef {
    if (model?.name && model.version) return model;
    if (model?.name || model?.version) throw new VisorError('invalid_argument', 'model needs both name and version');
    if (this.#options.defaultModel) return this.#options.defaultModel;
    throw new VisorError('invalid_argument', 'model is required (no default embedder is configured)');
  }

  #threshold(model: ModelRef): Threshold {
    const threshold = this.#options.thresholds(model);
    if (!threshold) {
      throw new VisorError('unavailable', `no calibrated threshold for model ${modelKey(model)}`, {
        details: { model: modelKey(model) },
      });
    }
    return threshold;
  }

  /** Stored vectors: normalised again, so a slightly off-norm producer cannot skew cosine scores. */
  #unit(vector: Float32Array, dim: number): Float32Array {
    if (vector.length !== dim) {
      throw new VisorError('invalid_argument', `embedding has ${vector.length} components, the gallery has ${dim}`);
    }
    try {
      return normalized(vector);
    } catch {
      throw new VisorError('invalid_argument', 'embedding has zero or non-finite norm');
    }
  }

  #probe(vector: Float32Array, dim: number): Float32Array {
    if (vector.length === 0) throw new VisorError('invalid_argument', 'embedding is empty');
    return this.#unit(vector, dim);
  }
}

function requireId(field: string, value: string): void {
  if (!value) throw new VisorError('invalid_argument', `${field} is required`);
  if (value.length > 128) throw new VisorError('invalid_argument', `${field} is longer than 128 characters`);
}
