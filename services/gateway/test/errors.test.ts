import { rpc, toGrpcError, VisorError } from '@visor/runtime';
import { REST_ERROR_CODES, toRestError } from '../src/errors.ts';

describe('REST error mapping', () => {
  it('maps a downstream gRPC error through the runtime table, keeping code, message and details', async () => {
    const grpc = toGrpcError(new VisorError('multiple_faces', '2 faces', { details: { faces: 2 } }));
    const err = await rpc(Promise.reject(grpc)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VisorError);
    expect(toRestError(err)).toEqual({
      status: 422,
      body: { error: { code: 'multiple_faces', message: '2 faces', details: { faces: 2 } } },
    });
    expect(toRestError(grpc).status).toBe(422);
  });

  it.each([
    ['not_found', 404],
    ['already_exists', 409],
    ['unsupported_image', 415],
    ['image_too_large', 413],
    ['locked', 423],
    ['rate_limited', 429],
    ['unavailable', 503],
  ] as const)('%s → %i', (code, status) => {
    expect(toRestError(new VisorError(code, 'x')).status).toBe(status);
  });

  it('gives REST-only codes their status', () => {
    expect(toRestError(new VisorError('unauthorized', 'no')).status).toBe(401);
    expect(toRestError(new VisorError('forbidden', 'no')).status).toBe(403);
    expect(toRestError(new VisorError('payload_too_large', 'no')).status).toBe(413);
  });

  it('maps framework errors and hides unknown ones', () => {
    expect(toRestError({ code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 }).body.error.code).toBe(
      'payload_too_large',
    );
    expect(toRestError({ code: 'FST_REQ_FILE_TOO_LARGE', statusCode: 413 }).body.error.code).toBe('image_too_large');
    expect(toRestError({ code: 'FST_ERR_CTP_INVALID_JSON_BODY', statusCode: 400 }).body.error.code).toBe(
      'invalid_argument',
    );
    const hidden = toRestError(new Error('secret stack detail'));
    expect(hidden).toEqual({ status: 500, body: { error: { code: 'internal', message: 'internal error' } } });
  });

  it('lists every code it can produce', () => {
    for (const code of ['unauthorized', 'forbidden', 'payload_too_large', 'locked', 'no_face']) {
      expect(REST_ERROR_CODES).toContain(code);
    }
  });
});
