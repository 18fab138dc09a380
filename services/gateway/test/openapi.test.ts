// The OpenAPI document describes every API route the server answers, and every error response has the error shape.
import { registeredRoutes } from '../src/server.ts';
import { testGateway } from './fakes.ts';

type Operation = { responses: Record<string, { $ref?: string; content?: unknown }> };

describe('OpenAPI document', () => {
  it('describes exactly the routes the server registers (besides the docs page and UI assets)', async () => {
    const gw = await testGateway();
    const doc = (await gw.app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, Operation>>;
    };
    const documented = new Set<string>();
    for (const [p, item] of Object.entries(doc.paths)) {
      for (const method of Object.keys(item)) {
        if (method === 'parameters') continue;
        documented.add(`${method.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`);
      }
    }
    const served = new Set(
      registeredRoutes(gw.app)
        .filter((r) => !r.url.startsWith('/docs') && !r.url.startsWith('/ui') && r.url !== '/')
        .map((r) => `${r.method} ${r.url}`),
    );
    expect([...documented].sort()).toEqual([...served].sort());
    await gw.app.close();
  });

  it('gives every /v1 operation 401/403/429 and points every error response at the Error schema', async () => {
    const gw = await testGateway();
    const doc = (await gw.app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, Operation>>;
      components: { responses: Record<string, { content: { 'application/json': { schema: { $ref: string } } } }> };
    };
    for (const [p, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (method === 'parameters') continue;
        if (p.startsWith('/v1/')) {
          expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['401', '403', '429', '500']));
        }
        for (const [status, response] of Object.entries(op.responses)) {
          if (Number(status) < 400 || p === '/readyz') continue;
          const name = response.$ref?.replace('#/components/responses/', '') ?? '';
          expect([p, method, status, doc.components.responses[name]?.content['application/json'].schema.$ref]).toEqual([
            p,
            method,
            status,
            '#/components/schemas/Error',
          ]);
        }
      }
    }
    await gw.app.close();
  });
});
