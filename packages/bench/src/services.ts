// Starts Visor services as child processes on free 127.0.0.1 ports, waits for /readyz, reads their memory.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVICE_PROCESS_ENV } from '@visor/testkit';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface ChildService {
  name: string;
  pid: number;
  grpcAddress: string;
  httpUrl: string;
  /** Resident and peak resident memory, MiB, from /proc/<pid>/status. */
  memory(): { rssMb: number; peakMb: number };
  /** CPU time (user + system) the process has used so far, in milliseconds. */
  cpuMs(): number;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function procStatusMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  if (!match) throw new Error(`/proc/${pid}/status has no ${field}`);
  return Number(match[1]) / 1024;
}

/** utime + stime of a process from /proc/<pid>/stat, in ms (clock ticks are 100 Hz on Linux). */
export function procCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces; the fields after its closing parenthesis are fixed.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks * 10;
}

async function waitReady(url: string, child: ChildProcess, log: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`service exited with ${child.exitCode} before it was ready:\n${log()}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`service not ready within ${timeoutMs} ms:\n${log()}`);
}

/** `node services/<name>/src/main.ts` with the given extra environment. */
export async function startChildService(
  name: string,
  env: Record<string, string | undefined> = {},
  timeoutMs = 180_000,
): Promise<ChildService> {
  const grpcPort = await freePort();
  const httpPort = await freePort();
  const childEnv: Record<string, string | undefined> = {
    ...process.env,
    ...SERVICE_PROCESS_ENV,
    VISOR_LOG_LEVEL: 'warn',
    ...env,
    VISOR_GRPC_PORT: String(grpcPort),
    VISOR_HTTP_PORT: String(httpPort),
  };
  for (const [k, v] of Object.entries(childEnv)) if (v === undefined) delete childEnv[k];
  const child = spawn(process.execPath, [path.join(repoRoot, 'services', name, 'src', 'main.ts')], {
    cwd: repoRoot,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const httpUrl = `http://127.0.0.1:${httpPort}`;
  try {
    await waitReady(httpUrl, child, () => output, timeoutMs);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  const pid = child.pid ?? 0;
  return {
    name,
    pid,
    grpcAddress: `127.0.0.1:${grpcPort}`,
    httpUrl,
    memory: () => ({ rssMb: procStatusMb(pid, 'VmRSS'), peakMb: procStatusMb(pid, 'VmHWM') }),
    cpuMs: () => procCpuMs(pid),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
