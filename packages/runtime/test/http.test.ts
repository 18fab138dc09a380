import { startHttpServer } from '../src/http.ts';
import { Lifecycle } from '../src/lifecycle.ts';
import { createRegistry } from '../src/metrics.ts';

describe('HTTP side port', () => {
  test('serves /healthz, /readyz (503 until ready, 503 when shutting down) and /metrics', async () => {
    const lifecycle = new Lifecycle();
    const registry = createRegistry({ serviceName: 'test' });
    let modelLoaded = false;
    const server = await startHttpServer({
      port: 0,
      registry,
      lifecycle,
      readiness: { model: () => modelLoaded, mysql: async () => true },
      routes: {
        'GET /hello': (_req, res) => {
          res.end('hi');
        },
      },
    });
    try {
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(200);

      const notReady = await fetch(`${server.url}/readyz`);
      expect(notReady.status).toBe(503);
      expect(await notReady.json()).toEqual({ ready: false, reasons: { model: 'not ready' } });

      modelLoaded = true;
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ ready: true, reasons: {} });

      const metrics = await fetch(`${server.url}/metrics`);
      expect(metrics.status).toBe(200);
      expect(metrics.headers.get('content-type')).toContain('text/plain');
      expect(await metrics.text()).toContain('process_resident_memory_bytes');

      expect(await (await fetch(`${server.url}/hello`)).text()).toBe('hi');
      expect((await fetch(`${server.url}/nope`)).status).toBe(404);

      // Shutting down: readiness fails at once, while liveness still answers until the port closes.
      const stopped = lifecycle.shutdown();
      await stopped;
      await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    } finally {
      await server.close();
    }
  });

  test('a throwing readiness check is reported with its reason', async () => {
    const lifecycle = new Lifecycle();
    const server = await startHttpServer({
      port: 0,
      registry: createRegistry({ defaultMetrics: false }),
      lifecycle,
      readiness: () => {
        throw new Error('nats disconnected');
      },
    });
    try {
      const res = await fetch(`${server.url}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ ready: false, reasons: { readiness: 'nats disconnected' } });
      lifecycle.onShutdown('noop', () => {});
    } finally {
      await lifecycle.shutdown();
    }
  });

  test('readiness reports shutting down before the port closes', async () => {
    const lifecycle = new Lifecycle();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const server = await startHttpServer({ port: 0, registry: createRegistry({ defaultMetrics: false }), lifecycle });
    // Registered after the server, so it runs first and holds the HTTP port open while we probe it.
    lifecycle.onShutdown('slow-drain', () => gate);
    const stopped = lifecycle.shutdown();
    const res = await fetch(`${server.url}/readyz`, { headers: { connection: 'close' } });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ ready: false, reasons: { shutdown: 'shutting down' } });
    release();
    await stopped;
  });
});
