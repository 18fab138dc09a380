// The one error type that crosses Visor's boundaries, and the one table that maps its codes onto gRPC and HTTP.
// The code is the contract clients program against; statuses are how each transport carries it.
import { status as GrpcStatus, Metadata, type ServiceError } from '@grpc/grpc-js';

/** Metadata key (sent in trailers) that carries the Visor code next to the gRPC status. */
export const ERROR_CODE_METADATA_KEY = 'visor-error-code';
/** Optional JSON object with the error's `details` (small, structured facts such as `{ faces: 3 }`). */
export const ERROR_DETAILS_METADATA_KEY = 'visor-error-details';
const MAX_DETAILS_JSON = 2048;

export const ERROR_TABLE = {
  invalid_argument: { grpc: GrpcStatus.INVALID_ARGUMENT, http: 400 },
  unsupported_image: { grpc: GrpcStatus.INVALID_ARGUMENT, http: 415 },
  corrupt_image: { grpc: GrpcStatus.INVALID_ARGUMENT, http: 422 },
  image_too_large: { grpc: GrpcStatus.INVALID_ARGUMENT, http: 413 },
  no_face: { grpc: GrpcStatus.FAILED_PRECONDITION, http: 422 },
  multiple_faces: { grpc: GrpcStatus.FAILED_PRECONDITION, http: 422 },
  low_quality: { grpc: GrpcStatus.FAILED_PRECONDITION, http: 422 },
  not_found: { grpc: GrpcStatus.NOT_FOUND, http: 404 },
  already_exists: { grpc: GrpcStatus.ALREADY_EXISTS, http: 409 },
  unauthorized: { grpc: GrpcStatus.UNAUTHENTICATED, http: 401 },
  forbidden: { grpc: GrpcStatus.PERMISSION_DENIED, http: 403 },
  payload_too_large: { grpc: GrpcStatus.RESOURCE_EXHAUSTED, http: 413 },
  rate_limited: { grpc: GrpcStatus.RESOURCE_EXHAUSTED, http: 429 },
  locked: { grpc: GrpcStatus.FAILED_PRECONDITION, http: 423 },
  deadline_exceeded: { grpc: GrpcStatus.DEADLINE_EXCEEDED, http: 504 },
  unavailable: { grpc: GrpcStatus.UNAVAILABLE, http: 503 },
  internal: { grpc: GrpcStatus.INTERNAL, http: 500 },
} as const satisfies Record<string, { grpc: GrpcStatus; http: number }>;

export type ErrorCode = keyof typeof ERROR_TABLE;

export const ERROR_CODES = Object.keys(ERROR_TABLE) as ErrorCode[];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_TABLE, value);
}

/**
 * A failure with a stable machine-readable code. `message` is safe to show to callers; `details` holds extra
 * structured facts (never images, embeddings or keys).
 */
export class VisorError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(message, { cause: options.cause });
    this.name = 'VisorError';
    this.code = code;
    this.details = options.details;
  }

  get grpcStatus(): GrpcStatus {
    return ERROR_TABLE[this.code].grpc;
  }

  get httpStatus(): number {
    return ERROR_TABLE[this.code].http;
  }
}

export function grpcStatusOf(code: ErrorCode): GrpcStatus {
  return ERROR_TABLE[code].grpc;
}

export function httpStatusOf(code: ErrorCode): number {
  return ERROR_TABLE[code].http;
}

/** When no Visor code travelled with a gRPC status (e.g. a transport failure), the closest code. */
const CODE_FOR_BARE_GRPC_STATUS: Partial<Record<GrpcStatus, ErrorCode>> = {
  [GrpcStatus.INVALID_ARGUMENT]: 'invalid_argument',
  [GrpcStatus.OUT_OF_RANGE]: 'invalid_argument',
  [GrpcStatus.NOT_FOUND]: 'not_found',
  [GrpcStatus.ALREADY_EXISTS]: 'already_exists',
  [GrpcStatus.UNAUTHENTICATED]: 'unauthorized',
  [GrpcStatus.PERMISSION_DENIED]: 'forbidden',
  [GrpcStatus.RESOURCE_EXHAUSTED]: 'rate_limited',
  [GrpcStatus.DEADLINE_EXCEEDED]: 'deadline_exceeded',
  [GrpcStatus.CANCELLED]: 'unavailable',
  [GrpcStatus.UNAVAILABLE]: 'unavailable',
};

/** Normalises anything thrown into a VisorError; unknown errors become `internal` without leaking their text. */
export function toVisorError(err: unknown): VisorError {
  if (err instanceof VisorError) return err;
  return new VisorError('internal', 'internal error', { cause: err });
}

/** Server side: a VisorError as the object a grpc-js callback (or `call.emit('error')`) accepts. */
export function toGrpcError(err: unknown): Partial<ServiceError> {
  const visor = toVisorError(err);
  const metadata = new Metadata();
  metadata.set(ERROR_CODE_METADATA_KEY, visor.code);
  if (visor.details) {
    const json = JSON.stringify(visor.details);
    if (json.length <= MAX_DETAILS_JSON) metadata.set(ERROR_DETAILS_METADATA_KEY, json);
  }
  return { code: visor.grpcStatus, details: visor.message, metadata };
}

function isServiceError(err: unknown): err is ServiceError {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'number' && 'metadata' in err;
}

/** Client side: turns a grpc-js ServiceError back into the VisorError the server raised. */
export function fromGrpcError(err: unknown): VisorError {
  if (err instanceof VisorError) return err;
  if (!isServiceError(err)) return toVisorError(err);
  const sent = err.metadata?.get(ERROR_CODE_METADATA_KEY)[0];
  const code = isErrorCode(String(sent))
    ? (String(sent) as ErrorCode)
    : (CODE_FOR_BARE_GRPC_STATUS[err.code] ?? 'internal');
  return new VisorError(code, err.details || err.message, { cause: err, details: parseDetails(err.metadata) });
}

function parseDetails(metadata: Metadata | undefined): Record<string, unknown> | undefined {
  const raw = metadata?.get(ERROR_DETAILS_METADATA_KEY)[0];
  if (typeof raw !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The JSON body an HTTP adapter sends for an error. */
export type HttpErrorBody = { error: { code: ErrorCode; message: string; details?: Record<string, unknown> } };

export function toHttpError(err: unknown): { status: number; body: HttpErrorBody } {
  const visor = toVisorError(err);
  const body: HttpErrorBody = { error: { code: visor.code, message: visor.message } };
  if (visor.details) body.error.details = { ...visor.details };
  return { status: visor.httpStatus, body };
}
