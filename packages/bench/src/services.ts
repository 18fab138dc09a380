// Starts Visor services as child processes (@visor/testkit's startServiceProcess, as the tests do) and reads their
// memory and CPU time from /proc.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServiceProcess } from '@visor/testkit';

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

/** `node services/<name>/src/main.ts` with the given extra environment (an undefined value unsets a variable). */
export async function startChildService(
  name: string,
  env: Record<string, string | undefined> = {},
  timeoutMs = 180_000,
): Promise<ChildService> {
  const service = await startServiceProcess(name, env, { readyTimeoutMs: timeoutMs });
  const pid = service.process.pid ?? 0;
  return {
    name,
    pid,
    grpcAddress: service.grpcAddress,
    httpUrl: service.httpUrl,
    memory: () => ({ rssMb: procStatusMb(pid, 'VmRSS'), peakMb: procStatusMb(pid, 'VmHWM') }),
    cpuMs: () => procCpuMs(pid),
    stop: async () => {
      await service.stop();
    },
  };
}
