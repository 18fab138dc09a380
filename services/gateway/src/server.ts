// The REST transport: Fastify routes that authenticate, rate-limit, parse and hand over to the domain modules.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import multipart from '@fastify/multipart';
import {
  durationHistogram,
  evaluateReadiness,
  type Lifecycle,
  type Logger,
  processLifecycle,
  type ReadinessCheck,
  type Registry,
  VisorError,
} from '@visor/runtime';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from 'fastify';
import { type Authenticator, type Principal, requireScope } from './auth.ts';
import { toRestError } from './errors.ts';
import type { Scope } from './keys.ts';
import { openApiDocument } from './openapi.ts';
import type { TokenBucketLimiter } from './ratelimit.ts';
import { detectFaces, identify, type RecognitionDeps, verify } from './recognition.ts';
import { getSettings, parseSettings, type SettingsDeps, updateSettings } from './settings.ts';
import {
  addFaces,
  checkId,
  createSubject,
  deleteSubject,
  getSubject,
  listSubjects,
  pairFaceIndexes,
  parseCreateSubject,
  parseListQuery,
  removeFace,
  type SubjectsDeps,
} from './subjects.ts';

export type UploadLimits = { maxImageBytes: number; maxImages: number; maxJsonBytes: number };

export type ServerDeps = {
  authenticator: Authenticator;
  limiter: TokenBucketLimiter;
  /** Failed authentications per client address: past the budget, requests are refused before any key lookup. */
  authFailures?: TokenBucketLimiter;
  recognition: RecognitionDeps;
  subjects: SubjectsDeps;
  /** Tenant settings; the enrollment service owns them, so this is usually the subjects' client. */
  settings: SettingsDeps;
  limits: UploadLimits;
  /** Fastify trustProxy (addresses or CIDRs, comma-separated); the client address then comes from X-Forwarded-For. */
  trustProxy?: string;
  registry: Registry;
  logger: Logger;
  readiness?: Record<string, ReadinessCheck>;
  lifecycle?: Lifecycle;
};

const publicDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../public');
const swaggerDir = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
/** The files of the docs page; nothing else under node_modules is reachable. */
const DOC_ASSETS: Record<string, { file: string; type: string }> = {
  'swagger-ui.css': { file: path.join(swaggerDir, 'swagger-ui.css'), type: 'text/css; charset=utf-8' },
  'swagger-ui-bundle.js': {
    file: path.join(swaggerDir, 'swagger-ui-bundle.js'),
    type: 'text/javascript; charset=utf-8',
  },
  'init.js': { file: path.join(publicDir, 'docs-init.js'), type: 'text/javascript; charset=utf-8' },
};
const UI_ASSETS: Record<string, { file: string; type: string }> = {
  'app.js': { file: path.join(publicDir, 'app.js'), type: 'text/javascript; charset=utf-8' },
  'style.css': { file: path.join(publicDir, 'style.css'), type: 'text/css; charset=utf-8' },
};

type Upload = { images: Buffer[]; fields: Map<string, string[]> };

/** Reads a multipart body into memory within the limits: `image` file parts and small text fields. */
async function readUpload(request: FastifyRequest, limits: UploadLimits): Promise<Upload> {
  if (!request.isMultipart()) throw new VisorError('invalid_argument', 'expected a multipart/form-data body');
  const images: Buffer[] = [];
  const fields = new Map<string, string[]>();
  const parts = request.parts({
    limits: {
      fileSize: limits.maxImageBytes,
      files: limits.maxImages,
      fields: 16,
      fieldSize: 1024,
      parts: limits.maxImages + 16,
    },
  });
  for await (const part of parts) {
    if (part.type === 'file') {
      if (part.fieldname !== 'image') {
        part.file.resume();
        throw new VisorError('invalid_argument', `unexpected file part ${part.fieldname}; images go in "image" parts`);
      }
      images.push(await part.toBuffer());
    } else {
      const list = fields.get(part.fieldname) ?? [];
      list.push(String(part.value));
      fields.set(part.fieldname, list);
    }
  }
  return { images, fields };
}

function oneImage(upload: Upload): Buffer {
  if (upload.images.length === 0) throw new VisorError('invalid_argument', 'an "image" file part is required');
  if (upload.images.length > 1) throw new VisorError('invalid_argument', 'send exactly one "image" part');
  return upload.images[0] as Buffer;
}

function field(upload: Upload, name: string): string | undefined {
  const values = upload.fields.get(name);
  if (values && values.length > 1) throw new VisorError('invalid_argument', `field ${name} given more than once`);
  return values?.[0];
}

function numberField(upload: Upload, name: string, min: number, max: number, integer: boolean): number | undefined {
  const raw = field(upload, name);
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    throw new VisorError(
      'invalid_argument',
      `${name} must be ${integer ? 'an integer' : 'a number'} in [${min}, ${max}]`,
    );
  }
  return n;
}

async function sendFile(reply: FastifyReply, asset: { file: string; type: string } | undefined) {
  if (!asset) throw new VisorError('not_found', 'no such file');
  const body = await readFile(asset.file);
  return reply.header('content-type', asset.type).header('cache-control', 'public, max-age=300').send(body);
}

const routeTables = new WeakMap<FastifyInstance, Array<{ method: string; url: string }>>();

/** Every method and path the server answers (HEAD routes excluded), for the OpenAPI completeness test. */
export function registeredRoutes(app: FastifyInstance): Array<{ method: string; url: string }> {
  return [...(routeTables.get(app) ?? [])];
}

export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const lifecycle = deps.lifecycle ?? processLifecycle;
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    // Fastify's per-request lines would duplicate the one the onResponse hook writes (with route and key id).
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: deps.limits.maxJsonBytes,
    // Request ids in logs only; nothing from the client.
    requestIdHeader: false,
    trustProxy: deps.trustProxy ?? false,
  });
  const routes: Array<{ method: string; url: string }> = [];
  routeTables.set(app, routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url });
  });
  await app.register(multipart, { throwFileSizeLimit: true });

  const principals = new WeakMap<FastifyRequest, Principal>();
  const principalOf = (request: FastifyRequest): Principal => {
    const p = principals.get(request);
    if (!p) throw new VisorError('internal', 'route has no authentication guard');
    return p;
  };

  const durations = durationHistogram(
    deps.registry,
    'visor_http_request_duration_seconds',
    'REST request duration by route, method and status',
    ['route', 'method', 'status'],
  );

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    durations.observe({ route, method: request.method, status: String(reply.statusCode) }, seconds);
    if (route.startsWith('/v1/')) {
      request.log.info(
        {
          method: request.method,
          route,
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime),
          keyId: principals.get(request)?.keyId,
        },
        'request',
      );
    }
  });

  // The UI page may load only its own scripts and styles; webcam frames and photos are blob: URLs.
  const UI_CSP =
    "default-src 'self'; img-src 'self' blob: data:; media-src 'self' blob:; object-src 'none'; frame-ancestors 'none'";
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    if (request.url === '/' || request.url.startsWith('/ui/')) reply.header('content-security-policy', UI_CSP);
  });

  app.setErrorHandler((err, request, reply) => {
    const { status, body } = toRestError(err);
    if (status >= 500) request.log.error({ err, code: body.error.code }, 'request failed');
    const retry = body.error.details?.retryAfterSeconds;
    if (typeof retry === 'number') reply.header('retry-after', String(retry));
    return reply.status(status).send(body);
  });
  app.setNotFoundHandler((_request, reply) =>
    reply.status(404).send({ error: { code: 'not_found', message: 'no such route' } }),
  );

  /** Authentication, scope and the caller's rate limit, before any body is read. */
  const rateLimited = (retryAfterMs: number, message: string) => {
    const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    return new VisorError('rate_limited', message, { details: { retryAfterSeconds } });
  };
  const guard = (scope: Scope) => async (request: FastifyRequest) => {
    const budget = deps.authFailures?.peek(request.ip);
    if (budget && !budget.allowed) throw rateLimited(budget.retryAfterMs, 'too many failed authentications');
    let principal: Principal;
    try {
      principal = await deps.authenticator.authenticate(request.headers.authorization);
    } catch (err) {
      deps.authFailures?.take(request.ip);
      throw err;
    }
    principals.set(request, principal);
    requireScope(principal, scope);
    const decision = deps.limiter.take(principal.keyId);
    if (!decision.allowed) throw rateLimited(decision.retryAfterMs, 'rate limit exceeded for this API key');
  };

  // ---- probes, metrics, docs, UI ----
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const { ready, reasons } = await evaluateReadiness(deps.readiness ?? {}, lifecycle);
    return reply.status(ready ? 200 : 503).send({ ready, reasons });
  });
  app.get('/metrics', async (_request, reply) =>
    reply.header('content-type', deps.registry.contentType).send(await deps.registry.metrics()),
  );
  const document = openApiDocument({ maxImageBytes: deps.limits.maxImageBytes, maxImages: deps.limits.maxImages });
  app.get('/openapi.json', async () => document);
  app.get('/docs', async (_request, reply) =>
    sendFile(reply, { file: path.join(publicDir, 'docs.html'), type: 'text/html; charset=utf-8' }),
  );
  app.get<{ Params: { file: string } }>('/docs/assets/:file', async (request, reply) =>
    sendFile(reply, DOC_ASSETS[request.params.file]),
  );
  app.get('/', async (_request, reply) =>
    sendFile(reply, { file: path.join(publicDir, 'index.html'), type: 'text/html; charset=utf-8' }),
  );
  app.get<{ Params: { file: string } }>('/ui/:file', async (request, reply) =>
    sendFile(reply, UI_ASSETS[request.params.file]),
  );

  // ---- subjects ----
  app.post('/v1/subjects', { onRequest: guard('enrol') }, async (request, reply) => {
    const subject = await createSubject(deps.subjects, principalOf(request), parseCreateSubject(request.body));
    return reply.status(201).header('location', `/v1/subjects/${subject.id}`).send(subject);
  });
  app.get('/v1/subjects', { onRequest: guard('enrol') }, async (request) =>
    listSubjects(deps.subjects, principalOf(request), parseListQuery(request.query as Record<string, unknown>)),
  );
  app.get<{ Params: { id: string } }>('/v1/subjects/:id', { onRequest: guard('enrol') }, async (request) =>
    getSubject(deps.subjects, principalOf(request), request.params.id),
  );
  app.delete<{ Params: { id: string } }>('/v1/subjects/:id', { onRequest: guard('enrol') }, async (request, reply) => {
    await deleteSubject(deps.subjects, principalOf(request), request.params.id);
    return reply.status(204).send();
  });
  app.post<{ Params: { id: string } }>(
    '/v1/subjects/:id/faces',
    { onRequest: guard('enrol') },
    async (request, reply) => {
      const upload = await readUpload(request, deps.limits);
      const idempotency = request.headers['idempotency-key'];
      const result = await addFaces(deps.subjects, principalOf(request), request.params.id, {
        images: upload.images,
        faceIndexes: pairFaceIndexes(upload.fields.get('faceIndex') ?? [], upload.images.length),
        idempotencyKey: typeof idempotency === 'string' ? idempotency : '',
      });
      return reply.status(201).send(result);
    },
  );
  app.delete<{ Params: { id: string; faceId: string } }>(
    '/v1/subjects/:id/faces/:faceId',
    { onRequest: guard('enrol') },
    async (request, reply) => {
      await removeFace(deps.subjects, principalOf(request), request.params.id, request.params.faceId);
      return reply.status(204).send();
    },
  );

  // ---- tenant settings (admin keys only: they change what is stored about every subject) ----
  app.get('/v1/settings', { onRequest: guard('admin') }, async (request) =>
    getSettings(deps.settings, principalOf(request)),
  );
  app.put('/v1/settings', { onRequest: guard('admin') }, async (request) =>
    updateSettings(deps.settings, principalOf(request), parseSettings(request.body)),
  );

  // ---- recognition ----
  app.post('/v1/verify', { onRequest: guard('verify') }, async (request) => {
    const upload = await readUpload(request, { ...deps.limits, maxImages: 1 });
    const subjectId = field(upload, 'subjectId');
    if (!subjectId) throw new VisorError('invalid_argument', 'subjectId is required');
    return verify(deps.recognition, principalOf(request), {
      subjectId: checkId(subjectId, 'subject'),
      image: oneImage(upload),
    });
  });
  app.post('/v1/identify', { onRequest: guard('verify') }, async (request) => {
    const upload = await readUpload(request, { ...deps.limits, maxImages: 1 });
    return identify(deps.recognition, principalOf(request), {
      image: oneImage(upload),
      topK: numberField(upload, 'topK', 1, 100, true),
      minScore: numberField(upload, 'minScore', -1, 1, false),
    });
  });
  app.post('/v1/detect', { onRequest: guard('verify') }, async (request) => {
    const upload = await readUpload(request, { ...deps.limits, maxImages: 1 });
    return detectFaces(deps.recognition, oneImage(upload));
  });

  return app;
}
