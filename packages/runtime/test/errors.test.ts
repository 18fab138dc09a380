import { Metadata, type ServiceError, status } from '@grpc/grpc-js';
import {
  ERROR_CODE_METADATA_KEY,
  ERROR_CODES,
  ERROR_TABLE,
  fromGrpcError,
  toGrpcError,
  toHttpError,
  VisorError,
} from '../src/errors.ts';

function asServiceError(partial: Partial<ServiceError>): ServiceError {
  return Object.assign(new Error(`${partial.code} ${partial.details}`), {
    code: partial.code ?? status.UNKNOWN,
    details: partial.details ?? '',
    metadata: partial.metadata ?? new Metadata(),
  }) as ServiceError;
}

describe('error table', () => {
  test('covers every code the API documents', () => {
    for (const code of [
      'invalid_argument',
      'unsupported_image',
      'corrupt_image',
      'image_too_large',
      'not_found',
      'already_exists',
      'unauthorized',
      'forbidden',
      'payload_too_large',
      'rate_limited',
      'locked',
      'no_face',
      'multiple_faces',
      'low_quality',
      'unavailable',
      'internal',
    ]) {
      expect(ERROR_CODES).toContain(code);
    }
  });

  test.each(ERROR_CODES)('%s survives a gRPC round trip and maps to its HTTP status', (code) => {
    const err = new VisorError(code, `message for ${code}`);
    const wire = toGrpcError(err);
    expect(wire.code).toBe(ERROR_TABLE[code].grpc);
    expect(wire.metadata?.get(ERROR_CODE_METADATA_KEY)).toEqual([code]);
    const back = fromGrpcError(asServiceError(wire));
    expect(back).toBeInstanceOf(VisorError);
    expect(back.code).toBe(code);
    expect(back.message).toBe(`message for ${code}`);
    expect(toHttpError(back)).toEqual({
      status: ERROR_TABLE[code].http,
      body: { error: { code, message: `message for ${code}` } },
    });
  });

  test('client-side errors are 4xx, server-side 5xx', () => {
    for (const code of ['invalid_argument', 'image_too_large', 'no_face', 'rate_limited', 'locked'] as const) {
      expect(ERROR_TABLE[code].http).toBeGreaterThanOrEqual(400);
      expect(ERROR_TABLE[code].http).toBeLessThan(500);
    }
    for (const code of ['internal', 'unavailable'] as const) expect(ERROR_TABLE[code].http).toBeGreaterThanOrEqual(500);
  });

  test('details travel with the code and reach the HTTP body', () => {
    const err = new VisorError('multiple_faces', 'expected one face', { details: { faces: 3 } });
    const back = fromGrpcError(asServiceError(toGrpcError(err)));
    expect(back.code).toBe('multiple_faces');
    expect(back.details).toEqual({ faces: 3 });
    expect(toHttpError(back).body.error).toEqual({
      code: 'multiple_faces',
      message: 'expected one face',
      details: { faces: 3 },
    });
  });

  test('unknown errors become internal without leaking their message', () => {
    const wire = toGrpcError(new Error('password=hunter2 at db'));
    expect(wire.code).toBe(status.INTERNAL);
    expect(wire.details).toBe('internal error');
    expect(toHttpError(new TypeError('x is undefined')).body.error).toEqual({
      code: 'internal',
      message: 'internal error',
    });
  });

  test('a bare gRPC status without a Visor code maps to the closest code', () => {
    expect(fromGrpcError(asServiceError({ code: status.UNAVAILABLE, details: 'connect failed' })).code).toBe(
      'unavailable',
    );
    expect(fromGrpcError(asServiceError({ code: status.DEADLINE_EXCEEDED })).code).toBe('deadline_exceeded');
    expect(fromGrpcError(asServiceError({ code: status.DATA_LOSS })).code).toBe('internal');
  });

  test('an unknown code in the trailers is not trusted', () => {
    const metadata = new Metadata();
    metadata.set(ERROR_CODE_METADATA_KEY, 'made_up');
    expect(fromGrpcError(asServiceError({ code: status.NOT_FOUND, metadata })).code).toBe('not_found');
  });
});
