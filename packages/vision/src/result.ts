// Failures the vision functions return as values. The codes are a subset of @visor/runtime's ErrorCode table, so a
// service adapter can turn one into a VisorError (and its gRPC/HTTP status) without a lookup of its own.

export const VISION_ERROR_CODES = [
  'unsupported_image',
  'image_too_large',
  'corrupt_image',
  'invalid_argument',
] as const;

export type VisionErrorCode = (typeof VISION_ERROR_CODES)[number];

export interface Failure {
  readonly ok: false;
  readonly code: VisionErrorCode;
  readonly message: string;
}

export interface Success<T> {
  readonly ok: true;
  readonly value: T;
}

export type Result<T> = Success<T> | Failure;

export function ok<T>(value: T): Success<T> {
  return { ok: true, value };
}

export function fail(code: VisionErrorCode, message: string): Failure {
  return { ok: false, code, message };
}
