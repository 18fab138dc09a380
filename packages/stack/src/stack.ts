// The stack of one instance: which components it has, and bringing them up, down and reporting their health.
// Every operation is idempotent: `up` twice starts nothing new, `up` after a crash clears stale pid files,
// adopts processes of this instance whose pid file was lost and restarts ones that never became healthy.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Component, logFileOf, pidFileOf } from './component.ts';
import { gcs } from './components/gcs.ts';
import { mariadb } from './components/mariadb.ts';
import { nats } from './components/nats.ts';
import { prometheus } from './components/prometheus.ts';
import { service, serviceMain } from './components/service.ts';
import { waitUntil } from './health.ts';
import { contractEnv, type Instance } from './instance.ts';
import { progress } from './log.ts';
import { findPortOwner, isPortFree, PortConflictError, portConflictMessage } from './ports.ts';
import { SERVICES, type ServiceSpec } from './services.ts';
import {
  belongsToInstance,
  isAlive,
  type PidRecord,
  processStartTime,
  readPidFile,
  removePidFile,
  startProcess,
  stopProcess,
  tail,
  writePidFile,
} from './supervisor.ts';

export class StackError extends Error {
  override name = 'StackError';
}

/** Infrastructure first, then every service whose main.ts exists, in the order of the services table. */
export function componentsOf(instance: Instance, services: readonly ServiceSpec[] = SERVICES): Component[] {
  const present = services.filter((s) => existsSync(serviceMain(instance, s.name)));
  return [
    mariadb(instance),
    nats(instance),
    gcs(instance),
    prometheus(instance),
    ...present.map((s) => service(instance, s, services)),
  ];
}

function checkNames(all: readonly Component[], names: readonly string[]): void {
  const unknown = names.filter((n) => !all.some((c) => c.name === n));
  if (unknown.length > 0) {
    throw new StackError(`unknown component ${unknown.join(', ')}; known: ${all.map((c) => c.name).join(', ')}`);
  }
}

/** The components named on the command line; a service brings the infrastructure it needs along. */
export function selectComponents(all: readonly Component[], names: readonly string[]): Component[] {
  if (names.length === 0) return [...all];
  checkNames(all, names);
  const wantsService = all.some((c) => c.kind === 'service' && names.includes(c.name));
  return all.filter((c) => names.includes(c.name) || (wantsService && c.kind === 'infra'));
}

export type StartState = 'started' | 'running' | 'restarted';

export interface StartOutcome {
  component: Component;
  pid: number;
  state: StartState;
}

function ourProcessOnPorts(component: Component, instance: Instance): PidRecord | undefined {
  for (const use of component.ports) {
    const owner = findPortOwner(use.port);
    if (owner && belongsToInstance(owner.pid, instance.dir)) {
      return { pid: owner.pid, startTime: processStartTime(owner.pid), command: owner.command };
    }
  }
  return undefined;
}

/** The live process of a component: from its pid file, or adopted when the pid file was lost. */
function currentProcess(component: Component, instance: Instance, repair: boolean): PidRecord | undefined {
  const pidFile = pidFileOf(instance, component.name);
  const record = readPidFile(pidFile);
  if (record && isAlive(record)) return record;
  if (record && repair) {
    progress(`${component.title}: removing stale pid file (process ${record.pid} is gone)`);
    removePidFile(pidFile);
  }
  const adopted = ourProcessOnPorts(component, instance);
  if (adopted && repair) {
    progress(`${component.title}: found its process ${adopted.pid} without a pid file; adopting it`);
    writePidFile(pidFile, adopted);
  }
  return adopted;
}

/** Starts one component unless it already runs healthy; repairs what an earlier crash left behind. */
export async function ensureRunning(component: Component, instance: Instance): Promise<StartOutcome> {
  const pidFile = pidFileOf(instance, component.name);
  const logFile = logFileOf(instance, component.name);
  const existing = currentProcess(component, instance, true);
  let state: StartState = 'started';
  if (existing) {
    // It may still be starting (an earlier `up` was interrupted): give it a short while, then replace it.
    const waited = await waitUntil(component.healthy, {
      timeoutMs: Math.min(component.startTimeoutMs, 15_000),
      abort: () => (isAlive(existing) ? undefined : 'its process exited'),
    });
    if (waited.ok) {
      await component.afterStart?.(existing.pid);
      return { component, pid: existing.pid, state: 'running' };
    }
    progress(`${component.title} (pid ${existing.pid}) runs but is not healthy (${waited.reason}): restarting it`);
    await stopProcess(existing, component.stopGraceMs);
    removePidFile(pidFile);
    state = 'restarted';
  }
  for (const use of component.ports) {
    if (!(await isPortFree(use.port))) {
      throw new PortConflictError(portConflictMessage(use, findPortOwner(use.port), instance.name));
    }
  }
  const spec = await component.prepare();
  const record = await startProcess(spec);
  writePidFile(pidFile, record);
  progress(`${component.title}: started (pid ${record.pid}), waiting until it is healthy`);
  const ready = await waitUntil(component.healthy, {
    timeoutMs: component.startTimeoutMs,
    abort: () => (isAlive(record) ? undefined : 'its process exited'),
  });
  if (!ready.ok) {
    // Never leave a half-started process behind: the next `up` starts from a clean slate.
    await stopProcess(record, component.stopGraceMs);
    removePidFile(pidFile);
    throw new StackError(
      `${component.title} did not start: ${ready.reason}. Last lines of ${path.relative(instance.root, logFile)}:\n${tail(logFile)}`,
    );
  }
  await component.afterStart?.(record.pid);
  return { component, pid: record.pid, state };
}

/** Writes .visor/<instance>/env: the contract as `export` lines, for running one service or a tool by hand. */
export function writeEnvFile(instance: Instance): string {
  const file = path.join(instance.dir, 'env');
  const lines = Object.entries(contractEnv(instance)).map(([k, v]) => `export ${k}='${v.replaceAll("'", "'\\''")}'`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

async function settleAll<T>(tasks: Array<Promise<T>>): Promise<{ values: T[]; errors: string[] }> {
  const results = await Promise.allSettled(tasks);
  const values: T[] = [];
  const errors: string[] = [];
  for (const r of results) {
    if (r.status === 'fulfilled') values.push(r.value);
    else errors.push(r.reason instanceof Error ? r.reason.message : String(r.reason));
  }
  return { values, errors };
}

export interface UpOptions {
  /** Component names to start (services bring the infrastructure); all when empty. */
  only?: readonly string[];
  services?: readonly ServiceSpec[];
}

/** Installs what is missing, then starts infrastructure (in parallel) and services (in parallel). */
export async function up(instance: Instance, options: UpOptions = {}): Promise<StartOutcome[]> {
  const selected = selectComponents(componentsOf(instance, options.services), options.only ?? []);
  mkdirSync(instance.logsDir, { recursive: true });
  mkdirSync(instance.runDir, { recursive: true });
  writeEnvFile(instance);
  // Every foreign port holder at once, before anything starts, rather than one per rerun.
  const conflicts: string[] = [];
  for (const c of selected) {
    if (currentProcess(c, instance, false)) continue;
    for (const use of c.ports) {
      if (!(await isPortFree(use.port)))
        conflicts.push(portConflictMessage(use, findPortOwner(use.port), instance.name));
    }
  }
  if (conflicts.length > 0) throw new PortConflictError(conflicts.join('\n'));
  // One at a time: two apt-get runs would only queue on the dpkg lock.
  for (const c of selected) await c.install();
  const outcomes: StartOutcome[] = [];
  for (const kind of ['infra', 'service'] as const) {
    const batch = selected.filter((c) => c.kind === kind);
    const { values, errors } = await settleAll(batch.map((c) => ensureRunning(c, instance)));
    outcomes.push(...values);
    if (errors.length > 0) throw new StackError(errors.join('\n'));
  }
  return outcomes;
}

export interface StopOutcome {
  component: Component;
  pid: number | undefined;
  outcome: 'not-running' | 'terminated' | 'killed';
}

async function stopComponent(component: Component, instance: Instance): Promise<StopOutcome> {
  const record = currentProcess(component, instance, false);
  removePidFile(pidFileOf(instance, component.name));
  if (!record) return { component, pid: undefined, outcome: 'not-running' };
  const { outcome } = await stopProcess(record, component.stopGraceMs);
  return { component, pid: record.pid, outcome };
}

/** Stops services first (they hold connections), then the infrastructure; data stays. */
export async function down(instance: Instance, options: UpOptions = {}): Promise<StopOutcome[]> {
  const all = componentsOf(instance, options.services);
  const names = options.only ?? [];
  checkNames(all, names);
  const selected = names.length === 0 ? all : all.filter((c) => names.includes(c.name));
  const outcomes: StopOutcome[] = [];
  for (const kind of ['service', 'infra'] as const) {
    const batch = selected.filter((c) => c.kind === kind);
    outcomes.push(...(await Promise.all(batch.map((c) => stopComponent(c, instance)))));
  }
  return outcomes;
}

export interface ComponentStatus {
  name: string;
  title: string;
  address: string;
  healthy: boolean;
  pid: number | undefined;
}

/** Health of every component: healthy means this instance's process runs and answers its probe. */
export async function status(instance: Instance, services?: readonly ServiceSpec[]): Promise<ComponentStatus[]> {
  const all = componentsOf(instance, services);
  return Promise.all(
    all.map(async (c) => {
      const record = currentProcess(c, instance, false);
      const healthy = record !== undefined && (await c.healthy());
      return { name: c.name, title: c.title, address: c.address, healthy, pid: record?.pid };
    }),
  );
}

/** A fixed-width text table. */
export function formatTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
