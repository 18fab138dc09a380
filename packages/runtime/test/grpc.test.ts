import http2 from 'node:http2';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Client,
  credentials,
  loadPackageDefinition,
  Metadata,
  makeGenericClientConstructor,
  type ServiceDefinition,
  status,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { service as healthService } from 'grpc-health-check';
import { callUnary, healthProbe } from '../src/client.ts';
import { isErrorCode, VisorError } from '../src/errors.ts';
import { startGrpcServer, wrapService } from '../src/grpc.ts';
import { Lifecycle } from '../src/lifecycle.ts';
import { createLogger } from '../src/logger.ts';
import { createRegistry } from '../src/metrics.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
type Echo = { service: ServiceDefinition } & (new (
  address: string,
  creds: ReturnType<typeof credentials.createInsecure>,
) => Client);
const pkg = loadPackageDefinition(loadSync(path.join(here, 'fixtures/echo.proto'))) as unknown as {
  visor: { test: { v1: { Echo: Echo } } };
};
const Echo = pkg.visor.test.v1.Echo;
const HealthClient = makeGenericClientConstructor(healthService, 'Health');
const logger = createLogger('grpc-test', { level: 'silent' });

type Req = { request: { text: string } };

/** A server of the Echo service that echoes, on an ephemeral port. */
const echoOnly = (lifecycle: Lifecycle) => ({
  port: 0,
  logger,
  registry: createRegistry({ defaultMetrics: false }),
  lifecycle,
  services: [
    {
      definition: Echo.service,
      implementation: {
        Echo: async (call: Req) => ({ text: call.request.text }),
        Wait: async () => ({}),
        Fail: async () => ({}),
      },
    },
  ],
});

function deferred<T = void>() {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

function healthCheck(address: string, serviceName: string): Promise<string> {
  const client = new HealthClient(address, credentials.createInsecure());
  return callUnary<{ service: string }, { status: string }>(client, 'check', { service: serviceName })
    .then((r) => String(r.status))
    .finally(() => client.close());
}

describe('gRPC bootstrap', () => {
  test('serves health, maps VisorErrors, records metrics and drains an in-flight call on shutdown', async () => {
    const lifecycle = new Lifecycle();
    const registry = createRegistry({ defaultMetrics: false });
    const waitStarted = deferred();
    const releaseWait = deferred();
    const server = await startGrpcServer({
      port: 0,
      logger,
      registry,
      lifecycle,
      graceMs: 30_000,
      services: [
        {
          definition: Echo.service,
          implementation: {
            Echo: async (call: Req) => ({ text: call.request.text.toUpperCase() }),
            Wait: async (call: Req) => {
              waitStarted.resolve();
              await releaseWait.promise;
              return { text: `waited ${call.request.text}` };
            },
            Fail: async (call: Req) => {
              const code = call.request.text;
              if (isErrorCode(code)) throw new VisorError(code, `failed with ${code}`);
              throw new Error('secret internals');
            },
          },
        },
      ],
    });
    const client = new Echo(server.address, credentials.createInsecure());
    try {
      expect(await healthCheck(server.address, '')).toBe('SERVING');
      expect(await healthCheck(server.address, 'visor.test.v1.Echo')).toBe('SERVING');

      await expect(callUnary(client, 'Echo', { text: 'hi' })).resolves.toEqual({ text: 'HI' });

      const notFound = await callUnary(client, 'Fail', { text: 'no_face' }).catch((e: unknown) => e);
      expect(notFound).toBeInstanceOf(VisorError);
      expect((notFound as VisorError).code).toBe('no_face');
      expect((notFound as VisorError).message).toBe('failed with no_face');

      const internal = await callUnary(client, 'Fail', { text: 'boom' }).catch((e: unknown) => e);
      expect((internal as VisorError).code).toBe('internal');
      expect((internal as VisorError).message).not.toContain('secret');

      const metrics = await registry.metrics();
      expect(metrics).toContain(
        'grpc_server_handled_total{grpc_service="visor.test.v1.Echo",grpc_method="Echo",grpc_code="OK"} 1',
      );
      expect(metrics).toContain(
        'grpc_server_handled_total{grpc_service="visor.test.v1.Echo",grpc_method="Fail",grpc_code="FAILED_PRECONDITION"} 1',
      );
      expect(metrics).toContain(
        'grpc_server_handled_total{grpc_service="visor.test.v1.Echo",grpc_method="Fail",grpc_code="INTERNAL"} 1',
      );
      expect(metrics).toContain('grpc_server_handling_seconds_bucket{le="0.005",grpc_service="visor.test.v1.Echo"');

      // An in-flight call survives shutdown: start it, begin shutting down, then let it finish.
      const inFlight = callUnary(client, 'Wait', { text: 'for me' }, { timeoutMs: 60_000 });
      await waitStarted.promise;
      const stopped = lifecycle.shutdown();
      let stoppedEarly = false;
      void stopped.then(() => {
        stoppedEarly = true;
      });
      // New connections are refused while the server drains.
      const late = new Echo(server.address, credentials.createInsecure());
      const refused = await callUnary(late, 'Echo', { text: 'late' }, { timeoutMs: 10_000 }).catch((e: unknown) => e);
      late.close();
      expect((refused as VisorError).code).toBe('unavailable');
      expect(stoppedEarly).toBe(false);

      releaseWait.resolve();
      await expect(inFlight).resolves.toEqual({ text: 'waited for me' });
      await stopped;
    } finally {
      client.close();
      await server.shutdown();
    }
  });

  test('a call whose deadline already passed is rejected before the handler runs', async () => {
    let ran = false;
    const wrapped = wrapService(
      {
        definition: Echo.service,
        implementation: {
          Echo: async () => {
            ran = true;
            return { text: '' };
          },
          Wait: async () => ({}),
          Fail: async () => ({}),
        },
      },
      logger,
    );
    const result = await new Promise<{ err: unknown; value: unknown }>((resolve) => {
      const call = { request: { text: 'x' }, getDeadline: () => Date.now() - 1, metadata: new Metadata() };
      (wrapped.Echo as (call: unknown, cb: (err: unknown, value?: unknown) => void) => void)(call, (err, value) =>
        resolve({ err, value }),
      );
    });
    expect(ran).toBe(false);
    expect(result.err).toMatchObject({ code: status.DEADLINE_EXCEEDED });
  });

  test('callback-style handlers keep working, including an explicit gRPC status', async () => {
    const wrapped = wrapService(
      {
        definition: Echo.service,
        implementation: {
          Echo: (call: Req, cb: (err: unknown, value?: unknown) => void) => cb(null, { text: call.request.text }),
          Wait: (_call: Req, cb: (err: unknown) => void) => cb({ code: status.NOT_FOUND, details: 'no such face' }),
          Fail: (_call: Req, cb: (err: unknown) => void) => cb(new Error('raw internals')),
        },
      },
      logger,
    );
    const invoke = (name: string) =>
      new Promise<{ err: unknown; value: unknown }>((resolve) => {
        const call = { request: { text: 'x' }, getDeadline: () => Infinity, metadata: new Metadata() };
        (wrapped[name] as (call: unknown, cb: (err: unknown, value?: unknown) => void) => void)(call, (err, value) =>
          resolve({ err, value }),
        );
      });
    expect(await invoke('Echo')).toEqual({ err: null, value: { text: 'x' } });
    expect((await invoke('Wait')).err).toEqual({ code: status.NOT_FOUND, details: 'no such face' });
    expect((await invoke('Fail')).err).toMatchObject({ code: status.INTERNAL, details: 'internal error' });
  });

  test('health reports NOT_SERVING once shutdown starts', async () => {
    const lifecycle = new Lifecycle();
    const gate = deferred();
    const server = await startGrpcServer(echoOnly(lifecycle));
    // Registered after the server, so it runs first: the gRPC port stays open while we probe it.
    lifecycle.onShutdown('hold', () => gate.promise);
    const stopped = lifecycle.shutdown();
    expect(await healthCheck(server.address, 'visor.test.v1.Echo')).toBe('NOT_SERVING');
    expect(await healthCheck(server.address, '')).toBe('NOT_SERVING');
    gate.resolve();
    await stopped;
  });

  test('healthProbe is true over a client channel while the peer serves, false once it is gone', async () => {
    const lifecycle = new Lifecycle();
    const server = await startGrpcServer(echoOnly(lifecycle));
    const client = new Echo(server.address, credentials.createInsecure());
    try {
      const probe = healthProbe(client);
      expect(await probe()).toBe(true);
      await lifecycle.shutdown();
      expect(await probe()).toBe(false);
    } finally {
      client.close();
    }
  });
});

describe('HTTP/2 receive window', () => {
  /** The windows a plain HTTP/2 client is given: per stream (SETTINGS) and for the whole connection. */
  async function windowsSeenByClient(address: string): Promise<{ stream: number; connection: number }> {
    const session = http2.connect(`http://${address}`);
    try {
      await new Promise<void>((resolve, reject) => {
        session.once('error', reject);
        session.once('remoteSettings', () => resolve());
      });
      // The server sends its SETTINGS and WINDOW_UPDATE as the connection opens, before it answers this PING.
      await new Promise<void>((resolve, reject) => session.ping((err) => (err ? reject(err) : resolve())));
      return {
        stream: session.remoteSettings.initialWindowSize ?? -1,
        connection: session.state.remoteWindowSize ?? -1,
      };
    } finally {
      session.close();
    }
  }

  test("defaults to the server's receive message limit, and 0 keeps HTTP/2's 64 KiB", async () => {
    const lifecycle = new Lifecycle();
    const limit = 8 * 1024 * 1024;
    const wide = await startGrpcServer({
      ...echoOnly(lifecycle),
      serverOptions: { 'grpc.max_receive_message_length': limit },
    });
    const narrow = await startGrpcServer({ ...echoOnly(lifecycle), flowControlWindowBytes: 0 });
    try {
      expect(wide.flowControlWindowBytes).toBe(limit);
      expect(await windowsSeenByClient(wide.address)).toEqual({ stream: limit, connection: limit });
      expect(narrow.flowControlWindowBytes).toBe(65_535);
      expect(await windowsSeenByClient(narrow.address)).toEqual({ stream: 65_535, connection: 65_535 });
    } finally {
      await lifecycle.shutdown();
    }
  });

  test('16 concurrent calls of ~1 MB each on one connection all complete', async () => {
    const lifecycle = new Lifecycle();
    const server = await startGrpcServer(echoOnly(lifecycle));
    const client = new Echo(server.address, credentials.createInsecure());
    try {
      const replies = await Promise.all(
        Array.from({ length: 16 }, (_, i) => {
          const text = String.fromCharCode(97 + i).repeat(1_000_000);
          return callUnary<{ text: string }, { text: string }>(client, 'Echo', { text }, { timeoutMs: 60_000 }).then(
            (reply) => reply.text === text,
          );
        }),
      );
      expect(replies).toEqual(Array(16).fill(true));
    } finally {
      client.close();
      await lifecycle.shutdown();
    }
  });
});
