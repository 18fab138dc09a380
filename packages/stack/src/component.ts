// What the stack needs to know about one thing it runs: how to install it, prepare its data, start it, probe it.
import path from 'node:path';
import type { Instance } from './instance.ts';
import type { PortUse } from './ports.ts';
import type { ProcessSpec } from './supervisor.ts';

export interface Component {
  /** Short name used in pid/log file names and on the command line (`./visor up mysql`). */
  readonly name: string;
  /** Human name, e.g. "MariaDB". */
  readonly title: string;
  readonly kind: 'infra' | 'service';
  /** Main address shown by `status` and `up`. */
  readonly address: string;
  readonly ports: readonly PortUse[];
  /** How long a start may take before it counts as failed. */
  readonly startTimeoutMs: number;
  /** How long SIGTERM gets before SIGKILL. */
  readonly stopGraceMs: number;
  /** Installs what is missing (idempotent). */
  install(): Promise<void>;
  /** Creates data directories and config files (idempotent) and says which process to run. */
  prepare(): Promise<ProcessSpec>;
  healthy(): Promise<boolean>;
  /** Runs once the component is healthy, on every `up` (idempotent): create the bucket, reload config, … */
  afterStart?(pid: number): Promise<void>;
}

export function pidFileOf(instance: Instance, name: string): string {
  return path.join(instance.runDir, `${name}.pid`);
}

export function logFileOf(instance: Instance, name: string): string {
  return path.join(instance.logsDir, `${name}.log`);
}

/** Environment given to every process the stack starts; VISOR_INSTANCE_DIR lets a later run recognise it. */
export function baseProcessEnv(instance: Instance): Record<string, string> {
  return { VISOR_INSTANCE_DIR: instance.dir };
}
