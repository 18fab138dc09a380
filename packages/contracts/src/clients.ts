// Promise-based clients with a deadline on every call. A call without a deadline can hang forever on a stalled
// peer, so each client has a default timeout and each call may override it (timeoutMs or an absolute deadline).
import {
  type CallOptions,
  type ChannelCredentials,
  type ChannelOptions,
  Client,
  credentials,
  Metadata,
  type ServiceDefinition,
} from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import type {
  DetectionServiceDefinition,
  EmbeddingServiceDefinition,
  EnrollmentServiceDefinition,
  MatchingServiceDefinition,
} from './generated/index.ts';
import { detectionService, embeddingService, enrollmentService, matchingService } from './grpc.ts';

export const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Largest message a Visor client accepts, and the limit servers should configure as
 * grpc.max_receive_message_length. grpc-js defaults to 4 MiB, which a group photo's aligned crops or a batch of
 * enrolment images can exceed; services still enforce their own, smaller per-field limits.
 */
export const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

/** grpc-js options for a Visor gRPC server: it receives and sends messages up to MAX_MESSAGE_BYTES. */
export const SERVER_MESSAGE_LIMITS = {
  'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
  'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
} as const satisfies ChannelOptions;

export const defaultChannelOptions: ChannelOptions = {
  ...SERVER_MESSAGE_LIMITS,
  // HTTP/2 receive window (per stream and connection) sized like the largest message: with HTTP/2's 64 KiB, a
  // response over that (a Detect response carries a 67.5 KB crop per face) waits for WINDOW_UPDATE round trips,
  // and concurrent responses on one channel arrive one at a time.
  'grpc-node.flow_control_window': MAX_MESSAGE_BYTES,
};

export interface CallOpts {
  /** Relative deadline; ignored when deadline is set. Defaults to the client's defaultTimeoutMs. */
  timeoutMs?: number;
  /** Absolute deadline. */
  deadline?: Date;
  metadata?: Metadata;
  /** Cancels the call (it then rejects with status CANCELLED). */
  signal?: AbortSignal;
}

export interface ClientOpts {
  /** Default: insecure, for traffic inside the cluster network. */
  credentials?: ChannelCredentials;
  defaultTimeoutMs?: number;
  /** Merged over defaultChannelOptions. */
  channelOptions?: ChannelOptions;
}

type MethodNames<D> = keyof { [K in keyof D as string extends K ? never : K]: unknown } & string;

/** One async method per RPC, named in lowerCamelCase (`Detect` → `detect`); rejects with a grpc-js ServiceError. */
export type PromiseClient<D> = {
  readonly [K in MethodNames<D> as Uncapitalize<K>]: D[K] extends MethodDefinition<
    infer Req,
    infer _Res,
    infer _ReqOut,
    infer Res
  >
    ? (request: Req, options?: CallOpts) => Promise<Res>
    : never;
} & {
  /** The underlying channel owner, e.g. for waitForReady or getChannel().getConnectivityState(). */
  readonly grpc: Client;
  close(): void;
};

/** A Date `ms` milliseconds from now, the form grpc-js expects for deadlines. */
export function deadlineAfter(ms: number): Date {
  return new Date(Date.now() + ms);
}

/** Waits until the client's channel is connected, or rejects at the deadline. */
export function waitForReady(client: { grpc: Client }, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
  return new Promise((resolve, reject) => {
    client.grpc.waitForReady(deadlineAfter(timeoutMs), (error) => (error ? reject(error) : resolve()));
  });
}

export function createPromiseClient<D extends ServiceDefinition>(
  definition: D,
  address: string,
  opts: ClientOpts = {},
): PromiseClient<D> {
  const client = new Client(address, opts.credentials ?? credentials.createInsecure(), {
    ...defaultChannelOptions,
    ...opts.channelOptions,
  });
  const defaultTimeoutMs = opts.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  const methods: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(definition)) {
    if (method.requestStream || method.responseStream) {
      throw new Error(`${method.path} streams; use the callback client from grpcPackage instead`);
    }
    methods[name.charAt(0).toLowerCase() + name.slice(1)] = (request: unknown, call: CallOpts = {}) =>
      new Promise((resolve, reject) => {
        const options: CallOptions = { deadline: call.deadline ?? deadlineAfter(call.timeoutMs ?? defaultTimeoutMs) };
        const pending = client.makeUnaryRequest(
          method.path,
          method.requestSerialize,
          method.responseDeserialize,
          request,
          call.metadata ?? new Metadata(),
          options,
          (error, response) => (error ? reject(error) : resolve(response)),
        );
        if (call.signal?.aborted) pending.cancel();
        else call.signal?.addEventListener('abort', () => pending.cancel(), { once: true });
      });
  }
  return { ...methods, grpc: client, close: () => client.close() } as PromiseClient<D>;
}

export type DetectionClient = PromiseClient<DetectionServiceDefinition>;
export type EmbeddingClient = PromiseClient<EmbeddingServiceDefinition>;
export type MatchingClient = PromiseClient<MatchingServiceDefinition>;
export type EnrollmentClient = PromiseClient<EnrollmentServiceDefinition>;

export function createDetectionClient(address: string, opts?: ClientOpts): DetectionClient {
  return createPromiseClient(detectionService, address, opts);
}
export function createEmbeddingClient(address: string, opts?: ClientOpts): EmbeddingClient {
  return createPromiseClient(embeddingService, address, opts);
}
export function createMatchingClient(address: string, opts?: ClientOpts): MatchingClient {
  return createPromiseClient(matchingService, address, opts);
}
export function createEnrollmentClient(address: string, opts?: ClientOpts): EnrollmentClient {
  return createPromiseClient(enrollmentService, address, opts);
}
