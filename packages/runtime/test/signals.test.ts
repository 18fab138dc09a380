import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

describe('signal handling', () => {
  test('SIGTERM closes servers and closers, then exits 0', async () => {
    const child = spawn(process.execPath, [path.join(here, 'fixtures/service.ts')], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    const ready = new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /ready (\d+) (\d+)/.exec(out);
        if (match) resolve(match[1] as string);
      });
      child.once('exit', (code) => reject(new Error(`fixture exited early with ${code}: ${out}`)));
    });
    const httpPort = await ready;
    expect((await fetch(`http://127.0.0.1:${httpPort}/readyz`)).status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('closed fake-pool');
    expect(out).toContain('exit 0');
  });
});
