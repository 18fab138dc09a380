// Client-side helpers: promise calls with deadlines, errors turned back into VisorErrors.
import type { CallOptions, Client, Metadata, ServiceError } from '@grpc/grpc-js';
import { Metadata as GrpcMetadata } from '@grpc/grpc-js';
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
