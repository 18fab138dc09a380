// REST error bodies. Errors that come from the services (gRPC) go through @visor/runtime's one code table; the few
// codes that exist only at the REST edge (API keys, HTTP body limits) are listed here until the runtime table
// carries them.
import { fromGrpcError, isErrorCode, toHttpError, VisorError } from '@visor/runtime';

/** Codes only the gateway raises, with their HTTP status. */
export const REST_ONLY_ERRORS = {
  unauthorized: 401,
  forbidden: 403,
  payload_too_large: 413,
} as const;
export type RestOnlyCode = keyof typeof REST_ONLY_ERRORS;

/** A REST-edge failure whose code is not (yet) in the runtime table. */
export class GatewayError extends Error {
  readonly code: RestOnlyCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: RestOnlyCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'GatewayError';
    this.code = code;
    this.details = details;
  }

  get httpStatus(): number {
    return REST_ONLY_ERRORS[this.code];
  }
}

export type RestErrorBody = { error: { code: string; message: string; details?: Record<string, unknown> } };

/** Every error code a REST client can see (for the OpenAPI document). */
export const REST_ERROR_CODES: readonly string[] = [
  ...Object.keys(REST_ONLY_ERRORS),
  'invalid_argument',
  'unsupported_image',
  'corrupt_image',
  'image_too_large',
  'no_face',
  'multiple_faces',
  'low_quality',
  'not_found',
  'already_exists',
  'rate_limited',
  'locked',
  'deadline_exceeded',
  'unavailable',
  'internal',
];

type FastifyishError = { statusCode?: number; code?: string; message?: string; validation?: unknown };

/** Fastify's own errors (body parsing, limits, multipart) as Visor codes. */
function fromFrameworkError(err: FastifyishError): VisorError | GatewayError | undefined {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new GatewayError('payload_too_large', 'request body too large');
    case 'FST_FILES_LIMIT':
      return new GatewayError('payload_too_large', 'too many images in one request');
    case 'FST_REQ_FILE_TOO_LARGE':
      return new VisorError('image_too_large', 'image larger than the per-image limit');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new VisorError('invalid_argument', 'unsupported content type for this route');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_PROTO_VIOLATION':
    case 'FST_MP_PREMATURE_CLOSE':
      return new VisorError('invalid_argument', err.message ?? 'bad request body');
  }
  if (err.validation) return new VisorError('invalid_argument', err.message ?? 'invalid request');
  if (err.statusCode === 413) return new GatewayError('payload_too_large', 'request body too large');
  if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
    // e.g. malformed JSON (FST_ERR_CTP_INVALID_JSON_BODY / SyntaxError with statusCode 400).
    return new VisorError('invalid_argument', 'malformed request body');
  }
  return undefined;
}

/** Whatever was thrown while serving a request → status and `{error: {code, message, details?}}`. */
export function toRestError(err: unknown): { status: number; body: RestErrorBody } {
  if (err instanceof GatewayError) {
    const body: RestErrorBody = { error: { code: err.code, message: err.message } };
    if (err.details) body.error.details = err.details;
    return { status: err.httpStatus, body };
  }
  if (err instanceof VisorError) return toHttpError(err);
  // A grpc-js ServiceError (from a downstream call that was not already converted).
  if (
    typeof err === 'object' &&
    err !== null &&
    'metadata' in err &&
    typeof (err as { code?: unknown }).code === 'number'
  ) {
    return toHttpError(fromGrpcError(err));
  }
  if (typeof err === 'object' && err !== null) {
    const framework = fromFrameworkError(err as FastifyishError);
    if (framework) return toRestError(framework);
  }
  return toHttpError(err);
}

/** Converts a downstream gRPC rejection into the VisorError its server raised. */
export async function rpc<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (err) {
    throw fromGrpcError(err);
  }
}

export { isErrorCode };
