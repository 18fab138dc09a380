// In-memory stand-ins for the gateway's ports, for unit tests. An "image" is JSON naming the people in it, e.g.
// {"faces":["alice","bob"]}; the fake detector returns one face per name (crop bytes = the name), the fake embedder
// passes the name through as the vector, and the fake matcher matches a vector to the subject with that id.
import type {
  AddFacesRequest,
  CreateSubjectRequest,
  DetectRequest,
  EmbedRequest,
  GetTenantSettingsRequest,
  IdentifyRequest,
  Rejection__Output,
  Subject__Output,
  UpdateTenantSettingsRequest,
  VerifyRequest,
} from '@visor/contracts';
import { createLogger, createRegistry, type ErrorCode, Lifecycle, toGrpcError, VisorError } from '@visor/runtime';
import { createSecurity, securityMetrics } from '../src/audit.ts';
import { createAuthenticator } from '../src/auth.ts';
import { generateKey, type Scope } from '../src/keys.ts';
import { Lockout } from '../src/lockout.ts';
import { TokenBucketLimiter } from '../src/ratelimit.ts';
import { buildServer, type UploadLimits } from '../src/server.ts';
import type { AuditEntry, AuditLog, KeyRecord, KeyStore } from '../src/store.ts';

export const grpcError = (code: ErrorCode, message: string) => toGrpcError(new VisorError(code, message));

export function image(faces: string[], extra: Record<string, unknown> = {}): Buffer {
  return Buffer.from(JSON.stringify({ faces, ...extra }));
}

// `legacy`: enrollment answers like a server that predates Rejection.code (reasons only).
// `faceWidths`: the detector box width of each face (default 80 px).
type ImageSpec = { faces: string[]; faceWidths?: number[]; lowQuality?: boolean; error?: ErrorCode; legacy?: boolean };

function readImage(bytes: Buffer | undefined): ImageSpec {
  try {
    return JSON.parse(String(bytes)) as ImageSpec;
  } catch {
    throw grpcError('unsupported_image', 'not an image');
  }
}

const MODEL = { name: 'fake', version: '1' };

/** What the enrollment service answers for an image it does not enrol (undefined: it enrols one face). */
function enrolRejection(bytes: Buffer | undefined, faceIndex: number | undefined): Rejection__Output | undefined {
  const rejection = (reason: Rejection__Output['reasons'][number], code: ErrorCode, message = '') => ({
    reasons: [reason],
    quality: null,
    message,
    code,
  });
  let spec: ImageSpec;
  try {
    spec = JSON.parse(String(bytes)) as ImageSpec;
  } catch {
    return rejection('REJECTION_REASON_UNREADABLE_IMAGE', 'unsupported_image', 'not a JPEG, PNG or WebP image');
  }
  let found: Rejection__Output | undefined;
  if (spec.error === 'image_too_large') found = rejection('REJECTION_REASON_IMAGE_TOO_LARGE', spec.error);
  else if (spec.error) found = rejection('REJECTION_REASON_UNREADABLE_IMAGE', spec.error, `fake ${spec.error}`);
  else if (spec.faces.length === 0) found = rejection('REJECTION_REASON_NO_FACE', 'no_face');
  else if (spec.faces.length > 1 && faceIndex === undefined) {
    found = rejection('REJECTION_REASON_MULTIPLE_FACES', 'multiple_faces');
  }
  return found && spec.legacy ? { ...found, code: '' } : found;
}

export class FakePeers {
  subjects = new Map<string, Subject__Output & { tenant: string }>();
  /** retain_images per tenant, as the enrollment service stores it; unset = the default (true). */
  retainImages = new Map<string, boolean>();
  calls: string[] = [];
  #seq = 0;

  detection = {
    detect: async (req: DetectRequest) => {
      this.calls.push('detect');
      const spec = readImage(req.image?.inline as Buffer);
      if (spec.error) throw grpcError(spec.error, `fake ${spec.error}`);
      return {
        imageWidth: 640,
        imageHeight: 480,
        faces: spec.faces.map((name, i) => ({
          box: { x: 10 + i * 100, y: 20, width: spec.faceWidths?.[i] ?? 80, height: 90 },
          landmarks: null,
          score: 0.99,
          quality: {
            faceSizePx: 90,
            sharpness: 0.8,
            yawDeg: 0,
            pitchDeg: 0,
            rollDeg: 0,
            brightness: 0.5,
            overall: spec.lowQuality ? 0.1 : 0.9,
            reasons: spec.lowQuality ? ['QUALITY_REASON_BLURRY' as const] : [],
          },
          crop: {
            data: Buffer.from(name),
            width: 112,
            height: 112,
            channels: 3,
            layout: 'PIXEL_LAYOUT_HWC_RGB_U8' as const,
          },
          alignment: 'crop' as const,
        })),
      };
    },
  };

  embedding = {
    embed: async (req: EmbedRequest) => {
      this.calls.push('embed');
      return {
        model: MODEL,
        embeddings: (req.crops ?? []).map((c) => ({
          values: [],
          float32Le: Buffer.from(c.data as Buffer),
          dimension: 0,
        })),
      };
    },
  };

  matching = {
    verify: async (req: VerifyRequest) => {
      this.calls.push('verify');
      const subject = this.subjects.get(req.subjectId ?? '');
      if (!subject || subject.tenant !== req.tenantId) throw grpcError('not_found', 'subject not found');
      const who = String(req.embedding?.float32Le);
      const match = who === subject.externalId;
      return { match, score: match ? 0.8 : 0.1, threshold: 0.4, bestFaceId: '' };
    },
    identify: async (req: IdentifyRequest) => {
      this.calls.push('identify');
      const who = String(req.embedding?.float32Le);
      const candidates = [...this.subjects.values()]
        .filter((s) => s.tenant === req.tenantId && s.externalId === who)
        .map((s) => ({ subjectId: s.subjectId, externalId: s.externalId, score: 0.77, faceId: 'f' }));
      return { candidates, threshold: 0.4 };
    },
  };

  enrollment = {
    createSubject: async (req: CreateSubjectRequest) => {
      for (const s of this.subjects.values()) {
        if (s.tenant === req.tenantId && s.externalId === req.externalId) throw grpcError('already_exists', 'taken');
      }
      const id = `00000000-0000-0000-0000-${String(++this.#seq).padStart(12, '0')}`;
      const subject = {
        subjectId: id,
        tenantId: req.tenantId ?? '',
        tenant: req.tenantId ?? '',
        externalId: req.externalId ?? '',
        displayName: req.displayName ?? '',
        metadata: req.metadata ?? {},
        faceCount: 0,
        createdAt: { seconds: '1700000000', nanos: 0 },
      };
      this.subjects.set(id, subject);
      return { subject };
    },
    getSubject: async (req: { tenantId?: string; subjectId?: string }) => {
      const s = this.subjects.get(req.subjectId ?? '');
      if (!s || s.tenant !== req.tenantId) throw grpcError('not_found', 'subject not found');
      return { subject: s, faces: [] };
    },
    listSubjects: async (req: { tenantId?: string; pageSize?: number; pageToken?: string }) => {
      const all = [...this.subjects.values()].filter((s) => s.tenant === req.tenantId);
      const start = Number(req.pageToken || 0);
      const size = req.pageSize || 20;
      const page = all.slice(start, start + size);
      return { subjects: page, nextPageToken: start + size < all.length ? String(start + size) : '' };
    },
    deleteSubject: async (req: { tenantId?: string; subjectId?: string }) => {
      const s = this.subjects.get(req.subjectId ?? '');
      if (!s || s.tenant !== req.tenantId) throw grpcError('not_found', 'subject not found');
      this.subjects.delete(s.subjectId);
      return { deletedFaces: 0 };
    },
    addFaces: async (req: AddFacesRequest) => {
      const s = this.subjects.get(req.subjectId ?? '');
      if (!s || s.tenant !== req.tenantId) throw grpcError('not_found', 'subject not found');
      return {
        results: (req.images ?? []).map((img, i) => {
          const rejection = enrolRejection(img.image?.inline as Buffer, img.faceIndex ?? undefined);
          if (rejection) return { imageIndex: i, outcome: 'rejection' as const, rejection };
          return {
            imageIndex: i,
            outcome: 'face' as const,
            face: {
              faceId: `face-${i}`,
              subjectId: s.subjectId,
              box: { x: 1, y: 2, width: 3, height: 4 },
              quality: null,
              model: MODEL,
              image: null,
              createdAt: null,
            },
          };
        }),
      };
    },
    removeFace: async () => ({}),
    getTenantSettings: async (req: GetTenantSettingsRequest) => this.#settings(req.tenantId ?? ''),
    updateTenantSettings: async (req: UpdateTenantSettingsRequest) => {
      this.calls.push(req.purgeImages ? 'updateTenantSettings+purge' : 'updateTenantSettings');
      if (typeof req.settings?.retainImages === 'boolean') {
        this.retainImages.set(req.tenantId ?? '', req.settings.retainImages);
      }
      // The fake stores no images: a purge finds none.
      return { ...this.#settings(req.tenantId ?? ''), purgedImages: 0 };
    },
  };

  #settings(tenantId: string) {
    return {
      settings: { retainImages: this.retainImages.get(tenantId) ?? true, _retainImages: 'retainImages' as const },
    };
  }
}

export class MemoryKeys implements KeyStore {
  keys = new Map<string, KeyRecord>();
  touched: string[] = [];

  add(tenantId: string, scopes: Scope[]): string {
    const key = generateKey();
    this.keys.set(key.keyId, {
      keyId: key.keyId,
      tenantId,
      tenantName: tenantId,
      scopes,
      secretHash: key.secretHash,
      label: null,
      createdAt: new Date(),
      lastUsedAt: null,
      revokedAt: null,
    });
    return key.key;
  }

  async findKey(keyId: string) {
    return this.keys.get(keyId);
  }

  async touchKey(keyId: string) {
    this.touched.push(keyId);
  }
}

export class MemoryAudit implements AuditLog {
  entries: AuditEntry[] = [];
  events: Array<{ subject: string; msgId: string }> = [];

  async record(entry: AuditEntry, events: Array<{ subject: string; msgId: string }>) {
    this.entries.push(entry);
    this.events.push(...events);
  }

  async emit(events: Array<{ subject: string; msgId: string }>) {
    this.events.push(...events);
  }
}

export type TestGateway = Awaited<ReturnType<typeof testGateway>>;

export async function testGateway(
  options: {
    limits?: Partial<UploadLimits>;
    rate?: { ratePerSecond: number; burst: number };
    authFailures?: { ratePerSecond: number; burst: number };
    trustProxy?: string;
    now?: () => number;
  } = {},
) {
  const peers = new FakePeers();
  const keys = new MemoryKeys();
  const audit = new MemoryAudit();
  const registry = createRegistry({ defaultMetrics: false });
  const now = options.now ?? Date.now;
  const lockout = new Lockout({ maxFailures: 3, windowMs: 60_000, lockMs: 300_000, now });
  const app = await buildServer({
    authenticator: createAuthenticator(keys, { now }),
    limiter: new TokenBucketLimiter({ ...(options.rate ?? { ratePerSecond: 1000, burst: 1000 }), now }),
    authFailures: options.authFailures ? new TokenBucketLimiter({ ...options.authFailures, now }) : undefined,
    recognition: { peers, security: createSecurity(audit, securityMetrics(registry), now), lockout, timeoutMs: 1000 },
    subjects: { enrollment: peers.enrollment, timeoutMs: 1000 },
    settings: { enrollment: peers.enrollment, timeoutMs: 1000 },
    limits: { maxImageBytes: 1024 * 1024, maxImages: 3, maxJsonBytes: 4096, ...options.limits },
    trustProxy: options.trustProxy,
    registry,
    logger: createLogger('gateway-test', { level: 'silent' }),
    lifecycle: new Lifecycle(),
    readiness: { fake: () => true },
  });
  return { app, peers, keys, audit, registry };
}

/** A multipart/form-data body for Fastify's inject. */
export function form(parts: Array<{ name: string; value: string | Buffer; filename?: string }>): {
  payload: Buffer;
  headers: Record<string, string>;
} {
  const boundary = `----visor${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = part.filename
      ? `form-data; name="${part.name}"; filename="${part.filename}"`
      : `form-data; name="${part.name}"`;
    const type = part.filename ? 'Content-Type: application/octet-stream\r\n' : '';
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${type}\r\n`));
    chunks.push(Buffer.isBuffer(part.value) ? part.value : Buffer.from(part.value));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export const imagePart = (bytes: Buffer, name = 'image') => ({ name, value: bytes, filename: 'photo.jpg' });
