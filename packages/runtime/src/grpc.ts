// gRPC bootstrap: one server per service process, with the standard health service, per-method metrics,
// early rejection of calls whose deadline already passed, VisorError → status mapping, a receive window sized for
// large messages and draining on shutdown.
import type { Http2Server, ServerHttp2Session } from 'node:http2';
import {
  type Deadline,
  status as GrpcStatus,
  type MethodDefinition,
  Server,
  ServerCredentials,
  ServerInterceptingCall,
  type ServerInterceptingCallInterface,
  type ServerInterceptor,
  type ServiceDefinition,
  type ServiceError,
  type UntypedHandleCall,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { HealthImplementation, type ServingStatusMap } from 'grpc-health-check';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { toGrpcError, VisorError } from './errors.ts';
import { type Lifecycle, processLifecycle } from './lifecycle.ts';
import { counter, durationHistogram } from './metrics.ts';

/**
 * Handlers may use the grpc-js callback style or return a promise: a unary/client-streaming handler's resolved
 * value is the response; a streaming handler's resolution ends the stream. A thrown/rejected VisorError becomes
 * its mapped status with `visor-error-code` in the trailers; anything else becomes INTERNAL without its message.
 */
// biome-ignore lint/suspicious/noExplicitAny: handler shapes differ per method kind; grpc-js types them loosely too.
export type AnyHandler = (call: any, callback?: any) => unknown;

export type GrpcServiceRegistration = {
  definition: ServiceDefinition;
  implementation: Record<string, AnyHandler>;
};

export type GrpcServerOptions = {
  port: number;
  host?: string;
  services: GrpcServiceRegistration[];
  logger: Logger;
  registry: Registry;
  lifecycle?: Lifecycle;
  /** How long shutdown waits for in-flight calls before cancelling them (default 10 s). */
  graceMs?: number;
  /** Register this server's shutdown with the lifecycle (default true). */
  closeOnShutdown?: boolean;
  /** Raw grpc-js server options (message size limits, keepalive). */
  serverOptions?: ConstructorParameters<typeof Server>[0];
  /**
   * HTTP/2 receive window, per stream and per connection, given to every client connection. HTTP/2 starts at
   * 64 KiB: a larger request then waits for WINDOW_UPDATE round trips, and concurrent requests on one connection
   * share those 64 KiB and arrive one at a time. Default: `grpc.max_receive_message_length` of serverOptions
   * (grpc-js' own 4 MiB limit when unset), so any message the server accepts fits; 0 keeps HTTP/2's 64 KiB (so
   * does any value up to that: the window is only ever widened).
   */
  flowControlWindowBytes?: number;
};

export type GrpcServerHandle = {
  server: Server;
  port: number;
  address: string;
  health: HealthImplementation;
  /** Sets SERVING / NOT_SERVING for every registered service and the overall ('') status. */
  setServing: (serving: boolean) => void;
  /** Stops accepting calls, waits up to graceMs for in-flight ones, then cancels the rest. */
  shutdown: () => Promise<void>;
  /** The receive window new connections get; 65535 (HTTP/2's default) when it could not be widened. */
  flowControlWindowBytes: number;
};

export function serviceNameOf(definition: ServiceDefinition): string {
  const first = Object.values(definition)[0] as MethodDefinition<unknown, unknown> | undefined;
  if (!first) throw new Error('service definition has no methods');
  return first.path.split('/')[1] ?? first.path;
}

function deadlineMs(deadline: Deadline): number {
  return deadline instanceof Date ? deadline.getTime() : deadline;
}

function expired(call: { getDeadline?: () => Deadline }): boolean {
  return typeof call.getDeadline === 'function' && deadlineMs(call.getDeadline()) <= Date.now();
}

const DEADLINE_PASSED = new VisorError('deadline_exceeded', 'deadline passed before the call started');

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as PromiseLike<unknown>).then === 'function';
}

function isGrpcStatusObject(err: unknown): err is Partial<ServiceError> {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'number' && Number.isInteger(code) && code > 0 && code <= 16;
}

function wrapHandler(
  path: string,
  method: MethodDefinition<unknown, unknown>,
  handler: AnyHandler,
  logger: Logger,
): UntypedHandleCall {
  const toStatus = (err: unknown): Partial<ServiceError> => {
    if (err instanceof VisorError) return toGrpcError(err);
    // A callback-style handler that answers with an explicit grpc status object meant that status.
    if (isGrpcStatusObject(err)) return err;
    logger.error({ err, method: path }, 'unhandled error in gRPC handler');
    return toGrpcError(err);
  };
  if (!method.responseStream) {
    // unary and client-streaming: (call, callback)
    return ((call: { getDeadline(): Deadline }, callback: (err: unknown, value?: unknown) => void) => {
      let answered = false;
      const reply = (err: unknown, value?: unknown) => {
        if (answered) return;
        answered = true;
        if (err) callback(toStatus(err));
        else callback(null, value);
      };
      if (expired(call)) return reply(DEADLINE_PASSED);
      try {
        const result = handler(call, reply);
        if (isThenable(result)) result.then((value) => reply(null, value), reply);
      } catch (err) {
        reply(err);
      }
    }) as UntypedHandleCall;
  }
  // server-streaming and bidi: (call)
  return ((call: {
    getDeadline(): Deadline;
    emit(event: 'error', err: unknown): boolean;
    end(): void;
    writableEnded: boolean;
  }) => {
    const fail = (err: unknown) => call.emit('error', toStatus(err));
    if (expired(call)) return fail(DEADLINE_PASSED);
    try {
      const result = handler(call);
      if (isThenable(result)) {
        result.then(() => {
          if (!call.writableEnded) call.end();
        }, fail);
      }
    } catch (err) {
      fail(err);
    }
  }) as UntypedHandleCall;
}

export function wrapService(registration: GrpcServiceRegistration, logger: Logger): UntypedServiceImplementation {
  const wrapped: UntypedServiceImplementation = {};
  for (const [name, method] of Object.entries(registration.definition)) {
    const handler = registration.implementation[name] ?? registration.implementation[method.originalName ?? ''];
    if (!handler) throw new Error(`no implementation for ${method.path}`);
    wrapped[name] = wrapHandler(method.path, method, handler, logger);
  }
  return wrapped;
}

/** Counts every call by method and status and observes its duration; health checks included. */
export function metricsInterceptor(registry: Registry): ServerInterceptor {
  const handled = counter(registry, 'grpc_server_handled_total', 'gRPC calls completed, by method and status code', [
    'grpc_service',
    'grpc_method',
    'grpc_code',
  ]);
  const seconds = durationHistogram(registry, 'grpc_server_handling_seconds', 'gRPC call duration in seconds', [
    'grpc_service',
    'grpc_method',
    'grpc_code',
  ]);
  return (methodDescriptor, call: ServerInterceptingCallInterface) => {
    const [, grpc_service = '', grpc_method = ''] = methodDescriptor.path.split('/');
    const start = process.hrtime.bigint();
    let recorded = false;
    const record = (code: GrpcStatus) => {
      if (recorded) return;
      recorded = true;
      const labels = { grpc_service, grpc_method, grpc_code: GrpcStatus[code] ?? String(code) };
      handled.inc(labels);
      seconds.observe(labels, Number(process.hrtime.bigint() - start) / 1e9);
    };
    return new ServerInterceptingCall(call, {
      start: (next) => next({ onCancel: () => record(GrpcStatus.CANCELLED) }),
      sendStatus: (status, next) => {
        record(status.code);
        next(status);
      },
    });
  };
}

/** HTTP/2's initial and largest flow-control windows. */
const HTTP2_DEFAULT_WINDOW = 65_535;
const HTTP2_MAX_WINDOW = 2 ** 31 - 1;
/** grpc-js' default grpc.max_receive_message_length. */
const GRPC_DEFAULT_MAX_RECEIVE = 4 * 1024 * 1024;

function receiveWindow(options: GrpcServerOptions): number {
  const limit = options.serverOptions?.['grpc.max_receive_message_length'] ?? GRPC_DEFAULT_MAX_RECEIVE;
  const bytes = options.flowControlWindowBytes ?? (limit < 0 ? HTTP2_MAX_WINDOW : limit);
  if (!Number.isInteger(bytes) || bytes < 0) throw new Error(`flowControlWindowBytes must be >= 0, got ${bytes}`);
  return Math.min(Math.max(bytes, HTTP2_DEFAULT_WINDOW), HTTP2_MAX_WINDOW);
}

/**
 * grpc-js (1.14) reads 'grpc-node.flow_control_window' for its client connections only and offers no hook on its
 * servers' HTTP/2 sessions (grpc/grpc-node#3058 would add the option to servers). Until then, this is the one
 * place that reaches into its private map of bound HTTP/2 servers, checked: false (and nothing changed) when the
 * internals are not what this expects. test/grpc.test.ts checks the window a client is given.
 */
function widenReceiveWindow(server: Server, bytes: number): boolean {
  const http2Servers = (server as unknown as { http2Servers?: unknown }).http2Servers;
  if (!(http2Servers instanceof Map) || http2Servers.size === 0) return false;
  for (const http2Server of http2Servers.keys() as IterableIterator<Http2Server>) {
    if (typeof http2Server?.on !== 'function') return false;
  }
  for (const http2Server of http2Servers.keys() as IterableIterator<Http2Server>) {
    http2Server.on('session', (session: ServerHttp2Session) => {
      try {
        session.settings({ initialWindowSize: bytes }); // every stream of the connection
        session.setLocalWindowSize(bytes); // the connection as a whole
      } catch {
        // A session that is already closing keeps the default window; nothing to do.
      }
    });
  }
  return true;
}

export async function startGrpcServer(options: GrpcServerOptions): Promise<GrpcServerHandle> {
  const lifecycle = options.lifecycle ?? processLifecycle;
  const host = options.host ?? '127.0.0.1';
  const graceMs = options.graceMs ?? 10_000;
  const windowBytes = receiveWindow(options);
  const server = new Server({
    // Read by grpc-js versions that support it on servers; harmless where it is ignored.
    'grpc-node.flow_control_window': windowBytes,
    ...options.serverOptions,
    interceptors: [metricsInterceptor(options.registry), ...(options.serverOptions?.interceptors ?? [])],
  });
  const names = options.services.map((s) => serviceNameOf(s.definition));
  const initial: ServingStatusMap = { '': 'NOT_SERVING' };
  for (const name of names) initial[name] = 'NOT_SERVING';
  const health = new HealthImplementation(initial);
  health.addToServer(server);
  for (const registration of options.services) {
    server.addService(registration.definition, wrapService(registration, options.logger));
  }
  const setServing = (serving: boolean) => {
    for (const name of ['', ...names]) health.setStatus(name, serving ? 'SERVING' : 'NOT_SERVING');
  };

  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${host}:${options.port}`, ServerCredentials.createInsecure(), (err, bound) =>
      err ? reject(err) : resolve(bound),
    );
  });
  let flowControlWindowBytes = HTTP2_DEFAULT_WINDOW;
  if (windowBytes > HTTP2_DEFAULT_WINDOW) {
    if (widenReceiveWindow(server, windowBytes)) flowControlWindowBytes = windowBytes;
    else options.logger.warn({ windowBytes }, 'could not widen the HTTP/2 receive window: it stays 64 KiB');
  }
  setServing(!lifecycle.shuttingDown);
  options.logger.info({ port, services: names, flowControlWindowBytes }, 'gRPC server listening');

  let stopped: Promise<void> | undefined;
  const shutdown = () => {
    stopped ??= new Promise<void>((resolve) => {
      setServing(false);
      const timer = setTimeout(() => {
        options.logger.warn({ graceMs }, 'gRPC drain timed out: cancelling remaining calls');
        server.forceShutdown();
        resolve();
      }, graceMs);
      server.tryShutdown(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    return stopped;
  };
  lifecycle.onShuttingDown(() => setServing(false));
  if (options.closeOnShutdown !== false) lifecycle.onShutdown(`grpc:${port}`, shutdown);
  return { server, port, address: `${host}:${port}`, health, setServing, shutdown, flowControlWindowBytes };
}
