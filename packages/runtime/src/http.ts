// The HTTP side port every service exposes: /healthz (alive), /readyz (ready to take traffic), /metrics.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { type Lifecycle, processLifecycle } from './lifecycle.ts';

export type ReadinessCheck = () => Promise<boolean> | boolean;
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export type HttpServerOptions = {
  port: number;
  host?: string;
  registry: Registry;
  /** One check, or named checks that must all pass; a check that throws or takes over 2 s counts as failed. */
  readiness?: ReadinessCheck | Record<string, ReadinessCheck>;
  /** Extra routes keyed by path (any method) or `METHOD /path`. */
  routes?: Record<string, RouteHandler>;
  lifecycle?: Lifecycle;
  /** Register this server's close() with the lifecycle (default true). */
  closeOnShutdown?: boolean;
};

export type HttpServerHandle = { server: Server; port: number; url: string; close: () => Promise<void> };

const CHECK_TIMEOUT_MS = 2_000;

async function runCheck(check: ReadinessCheck): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve('timed out'), CHECK_TIMEOUT_MS);
    });
    const result = await Promise.race([Promise.resolve().then(check), timeout]);
    if (result === true) return undefined;
    return typeof result === 'string' ? result : 'not ready';
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    clearTimeout(timer);
  }
}

export async function evaluateReadiness(
  readiness: HttpServerOptions['readiness'],
  lifecycle: Lifecycle,
): Promise<{ ready: boolean; reasons: Record<string, string> }> {
  const reasons: Record<string, string> = {};
  if (lifecycle.shuttingDown) reasons.shutdown = 'shutting down';
  const checks = typeof readiness === 'function' ? { readiness } : (readiness ?? {});
  const results = await Promise.all(Object.entries(checks).map(async ([name, check]) => [name, await runCheck(check)]));
  for (const [name, reason] of results) if (name && reason) reasons[name] = reason;
  return { ready: Object.keys(reasons).length === 0, reasons };
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  res.end(body);
}

export async function startHttpServer(options: HttpServerOptions): Promise<HttpServerHandle> {
  const lifecycle = options.lifecycle ?? processLifecycle;
  const routes = options.routes ?? {};
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://side-port').pathname;
    const handle = async () => {
      if (path === '/healthz') return send(res, 200, 'application/json', '{"status":"ok"}');
      if (path === '/readyz') {
        const { ready, reasons } = await evaluateReadiness(options.readiness, lifecycle);
        return send(res, ready ? 200 : 503, 'application/json', JSON.stringify({ ready, reasons }));
      }
      if (path === '/metrics') {
        return send(res, 200, options.registry.contentType, await options.registry.metrics());
      }
      const route = routes[`${req.method} ${path}`] ?? routes[path];
      if (route) return route(req, res);
      return send(res, 404, 'application/json', '{"error":{"code":"not_found","message":"no such route"}}');
    };
    handle().catch(() => {
      if (!res.headersSent)
        send(res, 500, 'application/json', '{"error":{"code":"internal","message":"internal error"}}');
      else res.destroy();
    });
  });
  // Probes and scrapes are short; idle keep-alive sockets must not hold shutdown open.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= new Promise<void>((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()));
      server.closeIdleConnections();
    });
    return closed;
  };
  if (options.closeOnShutdown !== false) lifecycle.onShutdown(`http:${port}`, close);
  return { server, port, url: `http://${options.host ?? '127.0.0.1'}:${port}`, close };
}
