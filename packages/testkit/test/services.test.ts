// startServiceProcess against a stand-in service (test/fixtures/service.ts): readiness, environment, ports, stop.
import { fileURLToPath } from 'node:url';
import { type ServiceProcess, serviceMain, startServiceProcess, stopServiceProcesses } from '../src/index.ts';

const main = fileURLToPath(new URL('./fixtures/service.ts', import.meta.url));

describe('startServiceProcess', () => {
  const started: ServiceProcess[] = [];
  afterAll(() => stopServiceProcesses(started));

  test('resolves once /readyz answers 200, with the caller’s env and fresh ports; stop() is SIGTERM', async () => {
    const service = await startServiceProcess('fixture', { FIXTURE_GREETING: 'hello' }, { main });
    started.push(service);
    const res = await fetch(`${service.httpUrl}/readyz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { grpcPort: string; name: string };
    expect(body).toEqual({ ready: true, grpcPort: service.grpcAddress.split(':')[1], name: 'fixture' });
    expect(service.grpcAddress).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(service.output()).toContain('greeting=hello');
    expect(await service.stop()).toBe(0);
    expect(await service.stop()).toBe(0);
  });

  test('rejects with the process output when it exits before it is ready', async () => {
    await expect(startServiceProcess('fixture', { FIXTURE_MODE: 'crash' }, { main })).rejects.toThrow(
      /fixture exited \(3\) before it was ready:\nfixture: cannot start/,
    );
  });

  test('kills a process that is not ready in time', async () => {
    await expect(
      startServiceProcess('fixture', { FIXTURE_MODE: 'stuck' }, { main, readyTimeoutMs: 500 }),
    ).rejects.toThrow(/fixture not ready within 500 ms:\nfixture listening/);
  });

  test('names the entry point of a service of this repository', () => {
    expect(serviceMain('gateway')).toMatch(/services\/gateway\/src\/main\.ts$/);
  });
});
