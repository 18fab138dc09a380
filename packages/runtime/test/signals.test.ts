import { type ChildProcessByStdio, spawn } from 'node:child_process';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

type Fixture = {
  child: ChildProcessByStdio<null, Readable, Readable>;
  output: () => string;
  /** Resolves with the first match of `pattern` in the output so far or to come. */
  waitFor: (pattern: RegExp) => Promise<RegExpExecArray>;
  exited: Promise<number | null>;
};

/** stdout and stderr of the fixture end up in one output. */
function startFixture(env: Record<string, string> = {}, file = 'service.ts'): Fixture {
  const child = spawn(process.execPath, [path.join(here, 'fixtures', file)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let out = '';
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    out += chunk.toString();
    for (const l of listeners) l();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waitFor = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(out);
        if (match) {
          listeners.delete(check);
          resolve(match);
        }
      };
      listeners.add(check);
      check();
      void exited.then((code) => {
        if (!pattern.exec(out)) reject(new Error(`fixture exited with ${code} before ${pattern}: ${out}`));
      });
    });
  return { child, output: () => out, waitFor, exited };
}

describe('signal handling', () => {
  test('SIGTERM closes servers and closers, then exits 0', async () => {
    const fixture = startFixture();
    const [, httpPort] = await fixture.waitFor(/ready (\d+) (\d+)/);
    expect((await fetch(`http://127.0.0.1:${httpPort}/readyz`)).status).toBe(200);
    fixture.child.kill('SIGTERM');
    expect(await fixture.exited).toBe(0);
    expect(fixture.output()).toContain('closed fake-pool');
    expect(fixture.output()).toContain('exit 0');
  });

  test('a second signal forces exit 1 while a closer hangs', async () => {
    const fixture = startFixture({ FIXTURE_HANG_ON_SHUTDOWN: '1' });
    await fixture.waitFor(/ready (\d+) (\d+)/);
    fixture.child.kill('SIGTERM');
    await fixture.waitFor(/closing hang/);
    fixture.child.kill('SIGTERM');
    expect(await fixture.exited).toBe(1);
    expect(fixture.output()).not.toContain('closed fake-pool');
  });

  test('an uncaught exception exits 1', async () => {
    const fixture = startFixture({ FIXTURE_CRASH: '1' });
    expect(await fixture.exited).toBe(1);
    expect(fixture.output()).toContain('exit 1');
  });
});

describe('runService', () => {
  test('starts the service on the process lifecycle; SIGTERM runs its closers and exits 0', async () => {
    const fixture = startFixture({ FIXTURE_REQUIRED: 'yes', VISOR_LOG_LEVEL: 'silent' }, 'run-service.ts');
    await fixture.waitFor(/ready yes/);
    fixture.child.kill('SIGTERM');
    expect(await fixture.exited).toBe(0);
    expect(fixture.output()).toContain('closed fake-pool');
  });

  test('a bad config is printed with the variable named, and exits 1', async () => {
    const fixture = startFixture({ FIXTURE_REQUIRED: '' }, 'run-service.ts');
    expect(await fixture.exited).toBe(1);
    expect(fixture.output()).toContain('FIXTURE_REQUIRED');
    expect(fixture.output()).not.toContain('ready');
  });
});
