import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { VisorError } from '../src/errors.ts';
import { initTracing, safeAttributes, withSpan } from '../src/tracing.ts';

describe('tracing', () => {
  test('sensitive attributes are dropped and only primitives kept', () => {
    expect(
      safeAttributes({
        image: 'AAAA',
        imageBytes: 123,
        embedding: [0.1],
        apiKey: 'k',
        'http.authorization': 'Bearer x',
        'visor.tenant': 't1',
        'visor.faces': 2,
        'visor.cached': true,
        nested: { a: 1 },
      }),
    ).toEqual({ 'visor.tenant': 't1', 'visor.faces': 2, 'visor.cached': true });
  });

  test('without an OTLP endpoint tracing is off and withSpan still runs the function', async () => {
    const handle = await initTracing('test', {});
    expect(handle.enabled).toBe(false);
    await expect(withSpan('noop', {}, async () => 7)).resolves.toBe(7);
    await handle.shutdown();
  });

  test('with an OTLP endpoint spans are exported, errors carry only the Visor code, no sensitive attributes', async () => {
    const bodies: string[] = [];
    const collector = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      req.on('end', () => {
        bodies.push(`${req.url} ${body}`);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
    const previous = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = endpoint;
    try {
      const handle = await initTracing('tracing-test');
      expect(handle.enabled).toBe(true);
      await withSpan('detect', { 'visor.tenant': 't1', image: 'SECRET-PIXELS' }, async () => 1);
      await expect(
        withSpan('embed', { embedding: 'SECRET-VECTOR' }, async () => {
          throw new VisorError('no_face', 'no face found');
        }),
      ).rejects.toThrow('no face found');
      await handle.shutdown(); // flushes the batch processor
    } finally {
      if (previous === undefined) delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
      else process.env.OTEL_EXPORTER_OTLP_ENDPOINT = previous;
      await new Promise<void>((resolve) => collector.close(() => resolve()));
    }
    const all = bodies.join('\n');
    expect(all).toContain('/v1/traces');
    expect(all).toContain('detect');
    expect(all).toContain('embed');
    expect(all).toContain('tracing-test');
    expect(all).toContain('no_face');
    expect(all).not.toContain('SECRET');
  });
});
