// Real processes, no stack needed: a fixture service started, found again, repaired after a crash and stopped.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pidFileOf } from '../src/component.ts';
import { service } from '../src/components/service.ts';
import { instanceFor } from '../src/instance.ts';
import { acquireLock } from '../src/lock.ts';
import { freePort, PortConflictError } from '../src/ports.ts';
import type { ServiceSpec } from '../src/services.ts';
import { down, ensureRunning, status } from '../src/stack.ts';
import { isAlive, readPidFile } from '../src/supervisor.ts';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'services');

describe('supervised service', () => {
  let dir: string;
  let spec: ServiceSpec;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'visor-stack-'));
    spec = { name: 'echo', grpcPort: undefined, httpPort: await freePort() };
  });

  afterEach(async () => {
    await down(instanceFor('dev', { dir, servicesDir: fixtures, env: {} }), { only: ['echo'], services: [spec] });
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts once, is found again, and gets the environment contract', async () => {
    const instance = instanceFor('dev', { dir, servicesDir: fixtures, env: {} });
    const component = service(instance, spec, [spec]);
    const first = await ensureRunning(component, instance);
    expect(first.state).toBe('started');
    const again = await ensureRunning(component, instance);
    expect(again).toMatchObject({ state: 'running', pid: first.pid });

    const env = (await (await fetch(`http://127.0.0.1:${spec.httpPort}/env`)).json()) as Record<string, string>;
    expect(env).toMatchObject({
      VISOR_HTTP_PORT: String(spec.httpPort),
      VISOR_MYSQL_URL: 'mysql://visor:visor@127.0.0.1:3306/visor',
      VISOR_INSTANCE_DIR: dir,
      VISOR_SERVICE_NAME: 'echo',
      VISOR_HTTP_HOST: '127.0.0.1',
    });

    const rows = await status(instance, [spec]);
    expect(rows.find((r) => r.name === 'echo')).toMatchObject({ healthy: true, pid: first.pid });
    const stopped = await down(instance, { only: ['echo'], services: [spec] });
    expect(stopped).toEqual([expect.objectContaining({ pid: first.pid, outcome: 'terminated' })]);
    expect(readPidFile(pidFileOf(instance, 'echo'))).toBeUndefined();
  });

  it('replaces a crashed process instead of trusting its stale pid file', async () => {
    const instance = instanceFor('dev', { dir, servicesDir: fixtures, env: {} });
    const component = service(instance, spec, [spec]);
    const first = await ensureRunning(component, instance);
    process.kill(first.pid, 'SIGKILL');
    const record = readPidFile(pidFileOf(instance, 'echo'));
    if (!record) throw new Error('pid file missing');
    while (isAlive(record)) await new Promise((r) => setTimeout(r, 20));

    const second = await ensureRunning(component, instance);
    expect(second.state).toBe('started');
    expect(second.pid).not.toBe(first.pid);
  });

  it('adopts its own process when the pid file was lost', async () => {
    const instance = instanceFor('dev', { dir, servicesDir: fixtures, env: {} });
    const component = service(instance, spec, [spec]);
    const first = await ensureRunning(component, instance);
    rmSync(pidFileOf(instance, 'echo'));
    const again = await ensureRunning(component, instance);
    expect(again).toMatchObject({ state: 'running', pid: first.pid });
  });

  it('refuses a port held by a foreign process with a message naming it', async () => {
    const instance = instanceFor('dev', { dir, servicesDir: fixtures, env: {} });
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(spec.httpPort, '127.0.0.1', resolve));
    try {
      const attempt = ensureRunning(service(instance, spec, [spec]), instance);
      await expect(attempt).rejects.toThrow(PortConflictError);
      await expect(attempt).rejects.toThrow(new RegExp(`port ${spec.httpPort} .*process ${process.pid}`));
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});

describe('instance lock', () => {
  it('makes a second holder wait for the first', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'visor-lock-'));
    const file = path.join(dir, 'x.lock');
    const events: string[] = [];
    const first = await acquireLock(file, 'first');
    const second = acquireLock(file, 'second').then((lock) => {
      events.push('second acquired');
      return lock;
    });
    await new Promise((r) => setTimeout(r, 700));
    events.push('first released');
    first.release();
    (await second).release();
    expect(events).toEqual(['first released', 'second acquired']);
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes over a lock whose holder is gone', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'visor-lock-'));
    const file = path.join(dir, 'x.lock');
    const child = spawn(process.execPath, ['-e', '0']);
    const pid = child.pid ?? 0;
    await new Promise((r) => child.once('exit', r));
    writeFileSync(file, JSON.stringify({ pid, startTime: '1', command: 'crashed run' }));
    const lock = await acquireLock(file, 'me');
    lock.release();
    rmSync(dir, { recursive: true, force: true });
  });
});
