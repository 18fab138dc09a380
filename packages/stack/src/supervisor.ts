// Starts long-running processes detached from the CLI (they outlive `./visor up`), remembers them in pid files
// and stops them again. A pid file records the process start time too, so a pid reused by an unrelated process
// after a crash or reboot is recognised as stale instead of being killed.
import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface PidRecord {
  pid: number;
  /** Field 22 of /proc/<pid>/stat (clock ticks since boot); undefined where /proc is absent. */
  startTime: string | undefined;
  command: string;
}

export interface ProcessSpec {
  command: string;
  args: readonly string[];
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** stdout and stderr are appended here. */
  logFile: string;
}

/** The start time of a live, non-zombie process, or undefined when it does not exist (or is a zombie). */
export function processStartTime(pid: number): string | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces and parentheses: fields after it follow the last ')'.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const state = rest[0];
  if (state === 'Z' || state === 'X') return undefined;
  return rest[19];
}

const hasProc = existsSync('/proc/self/stat');

export function isAlive(record: PidRecord): boolean {
  if (!hasProc) {
    try {
      process.kill(record.pid, 0);
      return true;
    } catch {
      return false;
    }
  }
  const start = processStartTime(record.pid);
  return start !== undefined && (record.startTime === undefined || start === record.startTime);
}

export function readPidFile(file: string): PidRecord | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<PidRecord>;
    if (typeof parsed.pid !== 'number' || !Number.isInteger(parsed.pid) || parsed.pid <= 0) return undefined;
    return { pid: parsed.pid, startTime: parsed.startTime, command: parsed.command ?? '' };
  } catch {
    return undefined;
  }
}

export function writePidFile(file: string, record: PidRecord): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(record)}\n`);
}

export function removePidFile(file: string): void {
  rmSync(file, { force: true });
}

/** Logs are appended across restarts; past this size the old one moves to <log>.1 at the next start. */
const MAX_LOG_BYTES = 32 * 1024 * 1024;

function rotate(logFile: string): void {
  try {
    if (statSync(logFile).size > MAX_LOG_BYTES) renameSync(logFile, `${logFile}.1`);
  } catch {
    // no log yet
  }
}

/** Spawns `spec` in its own process group with output to its log file; returns once the process exists. */
export async function startProcess(spec: ProcessSpec): Promise<PidRecord> {
  mkdirSync(path.dirname(spec.logFile), { recursive: true });
  rotate(spec.logFile);
  const fd = openSync(spec.logFile, 'a');
  try {
    writeSync(fd, `\n--- visor: starting ${spec.command} ${spec.args.join(' ')} at ${new Date().toISOString()}\n`);
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env ? { ...process.env, ...spec.env } : process.env,
      detached: true,
      stdio: ['ignore', fd, fd],
    });
    const pid = await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('spawn', () => resolve(child.pid ?? 0));
    });
    child.unref();
    return { pid, startTime: processStartTime(pid), command: [spec.command, ...spec.args].join(' ') };
  } finally {
    closeSync(fd);
  }
}

function signal(record: PidRecord, sig: NodeJS.Signals): void {
  // Signal the whole group (the process was started as its leader) so helpers it forked go too.
  try {
    process.kill(-record.pid, sig);
  } catch {
    try {
      process.kill(record.pid, sig);
    } catch {
      // already gone
    }
  }
}

export interface StopResult {
  /** How the process ended: it had already exited, it obeyed SIGTERM, or it had to be killed. */
  outcome: 'not-running' | 'terminated' | 'killed';
}

/** SIGTERM, wait up to `graceMs` for the process to exit, then SIGKILL. */
export async function stopProcess(record: PidRecord, graceMs = 30_000): Promise<StopResult> {
  if (!isAlive(record)) return { outcome: 'not-running' };
  signal(record, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isAlive(record)) return { outcome: 'terminated' };
    await sleep(100);
  }
  signal(record, 'SIGKILL');
  const killDeadline = Date.now() + 10_000;
  while (isAlive(record) && Date.now() < killDeadline) await sleep(50);
  return { outcome: 'killed' };
}

/** The last `lines` lines of a log file, for error messages. */
export function tail(file: string, lines = 20): string {
  try {
    const text = readFileSync(file, 'utf8').trimEnd().split('\n');
    return text.slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Whether a live process carries VISOR_INSTANCE_DIR=<dir> in its environment, i.e. was started for that instance. */
export function belongsToInstance(pid: number, instanceDir: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`VISOR_INSTANCE_DIR=${instanceDir}`);
  } catch {
    return false;
  }
}
