// Client-side helpers: promise calls with deadlines, errors turned back into VisorErrors.
import type { CallOptions, Client, Metadata, ServiceError } from '@grpc/grpc-js';
import { Metadata as GrpcMetadata } from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';
import { fromGrpcError } from './errors.ts';

type UnaryMethod<Req, Res> = (
  request: Req,
  metadata: Metadata,
  options: CallOptions,
  callback: (err: ServiceError | null, response?: Res) => void,
) => unknown;

/** Calls a unary method of a grpc-js client with a deadline; rejects with a VisorError. */
export function callUnary<Req, Res>(
  client: Client,
  method: string,
  request: Req,
  options: { timeoutMs?: number; metadata?: Metadata } = {},
): Promise<Res> {
  const fn = (client as unknown as Record<string, UnaryMethod<Req, Res>>)[method];
  if (typeof fn !== 'function') return Promise.reject(new Error(`client has no method ${method}`));
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  return new Promise<Res>((resolve, reject) => {
    fn.call(client, request, options.metadata ?? new GrpcMetadata(), { deadline }, (err, response) => {
      if (err) reject(fromGrpcError(err));
      else resolve(response as Res);
    });
  });
}

/** Awaits a call of a generated client; a rejection becomes the VisorError the peer raised (or unavailable, …). */
export async function rpc<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (err) {
    throw fromGrpcError(err);
  }
}

/** grpc.health.v1 Check over the client's own channel: resolves true when the peer reports SERVING, never rejects. */
export function healthProbe(client: Client, timeoutMs = 2_000): () => Promise<boolean> {
  const check = healthService.Check;
  if (!check) throw new Error('grpc-health-check has no Check method');
  return () =>
    new Promise<boolean>((resolve) => {
      client.makeUnaryRequest(
        check.path,
        check.requestSerialize,
        check.responseDeserialize,
        { service: '' },
        new GrpcMetadata(),
        { deadline: Date.now() + timeoutMs },
        (err, response) => resolve(!err && (response as { status?: unknown })?.status === 'SERVING'),
      );
    });
}
