// REST error bodies: every error, from the services (gRPC) or from the REST edge, goes through @visor/runtime's one
// code table.
import { ERROR_CODES, fromGrpcError, isErrorCode, toHttpError, VisorError } from '@visor/runtime';

export type RestErrorBody = { error: { code: string; message: string; details?: Record<string, unknown> } };

/** Every error code a REST client can see (for the OpenAPI document). */
export const REST_ERROR_CODES: readonly string[] = ERROR_CODES;

type FastifyishError = { statusCode?: number; code?: string; message?: string; validation?: unknown };

/** Fastify's own errors (body parsing, limits, multipart) as Visor codes. */
function fromFrameworkError(err: FastifyishError): VisorError | undefined {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new VisorError('payload_too_large', 'request body too large');
    case 'FST_FILES_LIMIT':
      return new VisorError('payload_too_large', 'too many images in one request');
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
  if (err.statusCode === 413) return new VisorError('payload_too_large', 'request body too large');
  if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
    // e.g. malformed JSON (FST_ERR_CTP_INVALID_JSON_BODY / SyntaxError with statusCode 400).
    return new VisorError('invalid_argument', 'malformed request body');
  }
  return undefined;
}

/** Whatever was thrown while serving a request → status and `{error: {code, message, details?}}`. */
export function toRestError(err: unknown): { status: number; body: RestErrorBody } {
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

export { isErrorCode };
