// The OpenAPI 3.1 description of the REST API, served at /openapi.json and rendered at /docs. Hand-written next to
// the routes (server.ts); test/openapi.test.ts checks that every route is described and every error is declared.
import { REST_ERROR_CODES } from './errors.ts';

type Json = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const errorRef = (name: string) => ({ $ref: `#/components/responses/${name}` });

/** The error responses each kind of route can give. */
const COMMON_ERRORS = ['401', '403', '429', '500', '503', '504'];
const IMAGE_ERRORS = ['400', '413', '415', '422'];

function errors(statuses: string[]): Json {
  const out: Json = {};
  for (const status of statuses) out[status] = errorRef(`E${status}`);
  return out;
}

const ERROR_RESPONSES: Record<string, { description: string; codes: string[]; headers?: Json }> = {
  E400: { description: 'Invalid request', codes: ['invalid_argument'] },
  E401: { description: 'Missing, malformed, unknown or revoked API key', codes: ['unauthorized'] },
  E403: { description: 'The API key lacks the scope this route needs', codes: ['forbidden'] },
  E404: { description: 'No such subject or face in the caller’s tenant', codes: ['not_found'] },
  E409: { description: 'externalId already used in the tenant', codes: ['already_exists'] },
  E413: {
    description: 'An image or the whole body is over its size limit, or too many images',
    codes: ['image_too_large', 'payload_too_large'],
  },
  E415: { description: 'Not a JPEG, PNG or WebP image', codes: ['unsupported_image'] },
  E422: {
    description: 'The image cannot be used: undecodable, no face, several faces, or a face of too low quality',
    codes: ['corrupt_image', 'no_face', 'multiple_faces', 'low_quality'],
  },
  E423: {
    description: 'Too many failed verifications of this subject: locked for a while',
    codes: ['locked'],
    headers: { 'Retry-After': { description: 'Seconds until the lock ends', schema: { type: 'integer' } } },
  },
  E429: {
    description: 'Rate limit of this API key exceeded',
    codes: ['rate_limited'],
    headers: { 'Retry-After': { description: 'Seconds until a request is allowed', schema: { type: 'integer' } } },
  },
  E500: { description: 'Internal error', codes: ['internal'] },
  E503: { description: 'A backing service is unavailable', codes: ['unavailable'] },
  E504: { description: 'A backing service did not answer in time', codes: ['deadline_exceeded'] },
};

function errorResponses(): Json {
  const out: Json = {};
  for (const [name, spec] of Object.entries(ERROR_RESPONSES)) {
    out[name] = {
      description: `${spec.description} (error.code: ${spec.codes.join(', ')})`,
      ...(spec.headers ? { headers: spec.headers } : {}),
      content: {
        'application/json': {
          schema: ref('Error'),
          example: { error: { code: spec.codes[0], message: spec.description } },
        },
      },
    };
  }
  return out;
}

const json = (schema: Json, description = 'OK') => ({
  description,
  content: { 'application/json': { schema } },
});

const multipartBody = (properties: Json, required: string[], encoding?: Json) => ({
  required: true,
  content: {
    'multipart/form-data': {
      schema: { type: 'object', properties, required },
      ...(encoding ? { encoding } : {}),
    },
  },
});

const imagePart = (description: string) => ({ type: 'string', format: 'binary', description });

const subjectIdParam = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string' },
  description: 'Subject id (UUID)',
};

export function openApiDocument(limits: { maxImageBytes: number; maxImages: number }): Json {
  const mb = (limits.maxImageBytes / (1024 * 1024)).toFixed(0);
  const security = [{ apiKey: [] }];
  return {
    openapi: '3.1.0',
    info: {
      title: 'Visor API',
      version: '1.0.0',
      description:
        'Face enrolment, 1:1 verification and 1:N identification. Every request carries `Authorization: Bearer ' +
        '<API key>`; a key belongs to one tenant and sees only that tenant’s subjects. Images: JPEG, PNG or WebP, ' +
        `at most ${mb} MiB each, at most ${limits.maxImages} per request; JSON bodies at most 64 KiB.`,
    },
    servers: [{ url: '/' }],
    security,
    tags: [{ name: 'subjects' }, { name: 'recognition' }, { name: 'settings' }, { name: 'operations' }],
    paths: {
      '/v1/subjects': {
        post: {
          tags: ['subjects'],
          operationId: 'createSubject',
          summary: 'Create a subject (scope enrol)',
          requestBody: {
            required: true,
            content: { 'application/json': { schema: ref('CreateSubject') } },
          },
          responses: { '201': json(ref('Subject'), 'Created'), ...errors(['400', '409', '413', ...COMMON_ERRORS]) },
        },
        get: {
          tags: ['subjects'],
          operationId: 'listSubjects',
          summary: 'List subjects, oldest first, a page at a time (scope enrol)',
          parameters: [
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
            {
              name: 'cursor',
              in: 'query',
              schema: { type: 'string' },
              description: 'nextCursor of the previous page',
            },
            { name: 'externalId', in: 'query', schema: { type: 'string' }, description: 'Only this externalId' },
          ],
          responses: {
            '200': json({
              type: 'object',
              required: ['subjects', 'nextCursor'],
              properties: {
                subjects: { type: 'array', items: ref('Subject') },
                nextCursor: { type: ['string', 'null'], description: 'null on the last page' },
              },
            }),
            ...errors(['400', ...COMMON_ERRORS]),
          },
        },
      },
      '/v1/subjects/{id}': {
        parameters: [subjectIdParam],
        get: {
          tags: ['subjects'],
          operationId: 'getSubject',
          summary: 'A subject and its enrolled faces (scope enrol)',
          responses: {
            '200': json({
              allOf: [ref('Subject'), { type: 'object', properties: { faces: { type: 'array', items: ref('Face') } } }],
            }),
            ...errors(['404', ...COMMON_ERRORS]),
          },
        },
        delete: {
          tags: ['subjects'],
          operationId: 'deleteSubject',
          summary: 'Delete a subject, its faces and stored images (scope enrol)',
          responses: { '204': { description: 'Deleted' }, ...errors(['404', ...COMMON_ERRORS]) },
        },
      },
      '/v1/subjects/{id}/faces': {
        parameters: [
          subjectIdParam,
          {
            name: 'Idempotency-Key',
            in: 'header',
            schema: { type: 'string', maxLength: 128 },
            description: 'Retrying with the same key returns the first answer without enrolling twice',
          },
        ],
        post: {
          tags: ['subjects'],
          operationId: 'addFaces',
          summary: 'Enrol faces from one or more photos (scope enrol)',
          description:
            'Each `image` part must show one face, or give `faceIndex` (one for all images, or one per image) to ' +
            'pick a face (0 = largest). Images that fail are listed in `rejected`; when all fail the request fails ' +
            'with the first failure’s code.',
          requestBody: multipartBody(
            {
              image: {
                type: 'array',
                items: imagePart('JPEG, PNG or WebP'),
                maxItems: limits.maxImages,
                minItems: 1,
              },
              faceIndex: { type: 'array', items: { type: 'integer', minimum: 0 } },
            },
            ['image'],
          ),
          responses: {
            '201': json(
              {
                type: 'object',
                required: ['faces', 'rejected'],
                properties: {
                  faces: { type: 'array', items: ref('AddedFace') },
                  rejected: { type: 'array', items: ref('RejectedImage') },
                },
              },
              'Created',
            ),
            ...errors([...IMAGE_ERRORS, '404', ...COMMON_ERRORS]),
          },
        },
      },
      '/v1/subjects/{id}/faces/{faceId}': {
        parameters: [subjectIdParam, { name: 'faceId', in: 'path', required: true, schema: { type: 'string' } }],
        delete: {
          tags: ['subjects'],
          operationId: 'deleteFace',
          summary: 'Delete one enrolled face and its image (scope enrol)',
          responses: { '204': { description: 'Deleted' }, ...errors(['404', ...COMMON_ERRORS]) },
        },
      },
      '/v1/settings': {
        get: {
          tags: ['settings'],
          operationId: 'getSettings',
          summary: 'The tenant’s settings as they apply now, server defaults included (scope admin)',
          responses: { '200': json(ref('Settings')), ...errors(COMMON_ERRORS) },
        },
        put: {
          tags: ['settings'],
          operationId: 'updateSettings',
          summary: 'Replace the tenant’s settings (scope admin)',
          description:
            '`retainImages: false` stops storing the source images of faces enrolled from now on (only templates are ' +
            'kept). Images already stored are kept until their face or subject is deleted, unless `purgeImages: ' +
            'true` is sent with `retainImages: false`: then they are erased now (faces and templates stay) and the ' +
            'answer says how many in `purgedImages`.',
          requestBody: { required: true, content: { 'application/json': { schema: ref('SettingsUpdate') } } },
          responses: {
            '200': json({
              allOf: [
                ref('Settings'),
                {
                  type: 'object',
                  properties: {
                    purgedImages: { type: 'integer', minimum: 0, description: 'Only when purgeImages was sent true' },
                  },
                },
              ],
            }),
            ...errors(['400', '413', ...COMMON_ERRORS]),
          },
        },
      },
      '/v1/verify': {
        post: {
          tags: ['recognition'],
          operationId: 'verify',
          summary: '1:1 — is the one face in this photo the given subject? (scope verify)',
          description:
            'Repeated non-matching attempts against one subject lock it for a while (423 `locked`) and raise a ' +
            'security alert. Every attempt is audited (never the image).',
          requestBody: multipartBody({ subjectId: { type: 'string' }, image: imagePart('The probe photo') }, [
            'subjectId',
            'image',
          ]),
          responses: {
            '200': json(ref('VerifyResult')),
            ...errors([...IMAGE_ERRORS, '404', '423', ...COMMON_ERRORS]),
          },
        },
      },
      '/v1/identify': {
        post: {
          tags: ['recognition'],
          operationId: 'identify',
          summary: '1:N — who are the people in this photo? Every face is searched (scope verify)',
          requestBody: multipartBody(
            {
              image: imagePart('A selfie or a group photo'),
              topK: { type: 'integer', minimum: 1, maximum: 100, description: 'Candidates per face' },
              minScore: {
                type: 'number',
                minimum: -1,
                maximum: 1,
                description: 'Default: the calibrated threshold; lower values return unknown people’s look-alikes',
              },
            },
            ['image'],
          ),
          responses: { '200': json(ref('IdentifyResult')), ...errors([...IMAGE_ERRORS, ...COMMON_ERRORS]) },
        },
      },
      '/v1/detect': {
        post: {
          tags: ['recognition'],
          operationId: 'detect',
          summary: 'Find faces, landmarks and quality in a photo (scope verify)',
          requestBody: multipartBody({ image: imagePart('Any photo') }, ['image']),
          responses: {
            '200': json({
              type: 'object',
              required: ['faces'],
              properties: {
                faces: { type: 'array', items: ref('DetectedFace') },
                imageWidth: { type: 'integer' },
                imageHeight: { type: 'integer' },
              },
            }),
            ...errors(['400', '413', '415', '422', ...COMMON_ERRORS]),
          },
        },
      },
      '/healthz': {
        get: {
          tags: ['operations'],
          security: [],
          summary: 'Liveness',
          responses: { '200': json({ type: 'object', properties: { status: { const: 'ok' } } }) },
        },
      },
      '/readyz': {
        get: {
          tags: ['operations'],
          security: [],
          summary: 'Readiness: MySQL and every backing service reachable',
          responses: {
            '200': json(ref('Readiness')),
            '503': json(ref('Readiness'), 'Not ready'),
          },
        },
      },
      '/metrics': {
        get: {
          tags: ['operations'],
          security: [],
          summary: 'Prometheus metrics',
          responses: { '200': { description: 'Prometheus text format', content: { 'text/plain': {} } } },
        },
      },
      '/openapi.json': {
        get: {
          tags: ['operations'],
          security: [],
          summary: 'This document',
          responses: { '200': json({ type: 'object' }) },
        },
      },
    },
    components: {
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'vsr_<keyId>_<secret>',
          description: 'An API key from `./visor keys create --tenant NAME`',
        },
      },
      responses: errorResponses(),
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { type: 'string', enum: [...REST_ERROR_CODES] },
                message: { type: 'string', description: 'For people; program against code' },
                details: { type: 'object', additionalProperties: true },
              },
            },
          },
        },
        CreateSubject: {
          type: 'object',
          required: ['externalId'],
          additionalProperties: false,
          properties: {
            externalId: { type: 'string', minLength: 1, maxLength: 255, description: 'Your id for the person' },
            displayName: { type: 'string', maxLength: 255 },
            metadata: { type: 'object', additionalProperties: { type: 'string', maxLength: 1024 }, maxProperties: 32 },
          },
        },
        Settings: {
          type: 'object',
          required: ['retainImages'],
          additionalProperties: false,
          properties: {
            retainImages: {
              type: 'boolean',
              description:
                'Store the original image of each enrolled face (under the tenant’s prefix in GCS). Until a tenant ' +
                'sets it, the server default applies (VISOR_ENROLL_RETAIN_IMAGES_DEFAULT, normally true).',
            },
          },
        },
        SettingsUpdate: {
          type: 'object',
          required: ['retainImages'],
          additionalProperties: false,
          properties: {
            retainImages: { type: 'boolean' },
            purgeImages: {
              type: 'boolean',
              default: false,
              description:
                'Also erase the images already stored for the tenant’s faces (only with retainImages false). Not a ' +
                'setting: nothing is remembered.',
            },
          },
        },
        Subject: {
          type: 'object',
          required: ['id', 'externalId', 'displayName', 'metadata', 'faceCount', 'createdAt'],
          properties: {
            id: { type: 'string' },
            externalId: { type: 'string' },
            displayName: { type: 'string' },
            metadata: { type: 'object', additionalProperties: { type: 'string' } },
            faceCount: { type: 'integer' },
            createdAt: { type: ['string', 'null'], format: 'date-time' },
          },
        },
        Box: {
          type: 'object',
          description: 'Source-image pixels, origin top-left',
          required: ['x', 'y', 'width', 'height'],
          properties: {
            x: { type: 'number' },
            y: { type: 'number' },
            width: { type: 'number' },
            height: { type: 'number' },
          },
        },
        Point: { type: 'object', properties: { x: { type: 'number' }, y: { type: 'number' } } },
        Quality: {
          type: 'object',
          properties: {
            overall: { type: 'number', description: '0..1' },
            faceSizePx: { type: 'number' },
            sharpness: { type: 'number' },
            yawDeg: { type: 'number' },
            pitchDeg: { type: 'number' },
            rollDeg: { type: 'number' },
            brightness: { type: 'number' },
            reasons: {
              type: 'array',
              items: {
                type: 'string',
                enum: ['too_small', 'blurry', 'pose', 'too_dark', 'too_bright', 'cropped', 'occluded'],
              },
            },
          },
        },
        Model: {
          type: ['object', 'null'],
          properties: { name: { type: 'string' }, version: { type: 'string' } },
        },
        Face: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            box: ref('Box'),
            quality: ref('Quality'),
            model: ref('Model'),
            createdAt: { type: ['string', 'null'], format: 'date-time' },
          },
        },
        AddedFace: {
          type: 'object',
          required: ['id', 'quality', 'box'],
          properties: { id: { type: 'string' }, quality: ref('Quality'), box: ref('Box') },
        },
        RejectedImage: {
          type: 'object',
          required: ['index', 'code', 'message'],
          properties: {
            index: { type: 'integer', description: 'Position of the image part' },
            code: { type: 'string' },
            message: { type: 'string' },
            quality: ref('Quality'),
          },
        },
        VerifyResult: {
          type: 'object',
          required: ['match', 'score', 'threshold', 'subjectId', 'model'],
          properties: {
            match: { type: 'boolean' },
            score: { type: 'number', description: 'Cosine similarity, -1..1' },
            threshold: { type: 'number', description: 'Calibrated threshold the score was compared with' },
            subjectId: { type: 'string' },
            model: ref('Model'),
          },
        },
        IdentifyResult: {
          type: 'object',
          required: ['faces'],
          properties: {
            faces: {
              type: 'array',
              items: {
                type: 'object',
                required: ['box', 'candidates'],
                properties: {
                  box: ref('Box'),
                  reason: {
                    type: 'string',
                    enum: ['face_too_small'],
                    description:
                      "Present when the face was not searched: narrower than the gateway's VISOR_IDENTIFY_MIN_FACE_PX " +
                      '(default 27 px), below which the calibrated false-accept rate no longer holds',
                  },
                  candidates: {
                    type: 'array',
                    description: 'Best first; empty when nobody enrolled scores above the threshold',
                    items: {
                      type: 'object',
                      required: ['subjectId', 'externalId', 'score'],
                      properties: {
                        subjectId: { type: 'string' },
                        externalId: { type: 'string' },
                        score: { type: 'number' },
                      },
                    },
                  },
                },
              },
            },
            threshold: { type: ['number', 'null'] },
            model: ref('Model'),
          },
        },
        DetectedFace: {
          type: 'object',
          required: ['box', 'landmarks', 'score', 'quality'],
          properties: {
            box: ref('Box'),
            landmarks: {
              type: 'object',
              description: 'Named points (the subject’s own left and right)',
              properties: {
                leftEye: ref('Point'),
                rightEye: ref('Point'),
                nose: ref('Point'),
                mouth: ref('Point'),
                leftEar: ref('Point'),
                rightEar: ref('Point'),
              },
            },
            score: { type: 'number', description: 'Detector confidence 0..1' },
            quality: ref('Quality'),
          },
        },
        Readiness: {
          type: 'object',
          properties: {
            ready: { type: 'boolean' },
            reasons: { type: 'object', additionalProperties: { type: 'string' } },
          },
        },
      },
    },
  };
}
