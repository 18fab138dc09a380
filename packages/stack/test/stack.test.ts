// Integration: the test instance started by ./visor test really serves what the services rely on.
import http from 'node:http';
import { requireEnv } from '@visor/testkit';
import { createConnection } from 'mysql2/promise';
import { Counter, collectDefaultMetrics, Registry } from 'prom-client';

describe('test instance of the stack', () => {
  it('MariaDB answers SELECT 1 as user visor', async () => {
    const conn = await createConnection(requireEnv('VISOR_MYSQL_URL'));
    try {
      const [rows] = await conn.query('SELECT 1 AS one, CURRENT_USER() AS user');
      expect(rows).toEqual([{ one: 1, user: 'visor@%' }]);
      // Tests create their own databases: the visor user may.
      await conn.query('CREATE DATABASE IF NOT EXISTS visor_stack_probe');
      await conn.query('DROP DATABASE visor_stack_probe');
    } finally {
      await conn.end();
    }
  });

  it('NATS reports JetStream healthy', async () => {
    const res = await fetch(`${requireEnv('VISOR_NATS_MONITOR_URL')}/healthz?js-enabled-only=true`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    const jsz = (await (await fetch(`${requireEnv('VISOR_NATS_MONITOR_URL')}/jsz`)).json()) as { config?: object };
    expect(jsz.config).toBeDefined();
  });

  it('fake-gcs-server has the images bucket and stores objects in it', async () => {
    const host = requireEnv('STORAGE_EMULATOR_HOST');
    const bucket = requireEnv('VISOR_GCS_BUCKET');
    const buckets = (await (await fetch(`${host}/storage/v1/b`)).json()) as { items?: Array<{ name: string }> };
    expect(buckets.items?.map((b) => b.name)).toContain(bucket);
    const name = `stack-probe-${process.pid}.txt`;
    const upload = await fetch(`${host}/upload/storage/v1/b/${bucket}/o?uploadType=media&name=${name}`, {
      method: 'POST',
      body: 'probe',
    });
    expect(upload.status).toBe(200);
    const listed = (await (await fetch(`${host}/storage/v1/b/${bucket}/o`)).json()) as {
      items?: Array<{ name: string }>;
    };
    expect(listed.items?.map((o) => o.name)).toContain(name);
    await fetch(`${host}/storage/v1/b/${bucket}/o/${name}`, { method: 'DELETE' });
  });

  it('Prometheus scrapes a running service', async () => {
    const prometheus = requireEnv('VISOR_PROMETHEUS_URL');
    const port = Number(requireEnv('VISOR_TEST_SCRAPE_PORT'));
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    const probes = new Counter({ name: 'visor_stack_probe_total', help: 'scrapes seen', registers: [registry] });
    const server = http.createServer(async (req, res) => {
      if (req.url !== '/metrics') return void res.writeHead(404).end();
      probes.inc();
      res.writeHead(200, { 'content-type': registry.contentType }).end(await registry.metrics());
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    try {
      // Bounded wait for the first successful scrape (interval 2 s): polling, not a timing assertion.
      const query = `${prometheus}/api/v1/query?query=${encodeURIComponent('up{job="visor-test-target"}')}`;
      let value: string | undefined;
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        const body = (await (await fetch(query)).json()) as {
          status: string;
          data: { result: Array<{ value: [number, string] }> };
        };
        value = body.data.result[0]?.value[1];
        if (value === '1') break;
        await new Promise((r) => setTimeout(r, 500));
      }
      expect(value).toBe('1');
      expect((await probes.get()).values[0]?.value).toBeGreaterThan(0);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
