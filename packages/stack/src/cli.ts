// Argument handling shared by the up/down/status commands: `[--instance dev|test] [component...]`.
import path from 'node:path';
import { INSTANCE_NAMES, type Instance, type InstanceName, instanceFor } from './instance.ts';
import { acquireLock, type Lock } from './lock.ts';

export interface StackArgs {
  instance: InstanceName;
  names: string[];
  flags: Set<string>;
}

export function parseStackArgs(args: readonly string[], knownFlags: readonly string[] = []): StackArgs {
  let instance: InstanceName = 'dev';
  const names: string[] = [];
  const flags = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    let value: string | undefined;
    if (arg === '--instance') value = args[++i];
    else if (arg.startsWith('--instance=')) value = arg.slice('--instance='.length);
    else if (knownFlags.includes(arg)) {
      flags.add(arg);
      continue;
    } else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}`);
    else {
      names.push(arg);
      continue;
    }
    if (!INSTANCE_NAMES.includes(value as InstanceName)) {
      throw new Error(`--instance must be one of ${INSTANCE_NAMES.join(', ')}`);
    }
    instance = value as InstanceName;
  }
  return { instance, names, flags };
}

/** The message of an error, without a stack trace for the errors we raise on purpose. */
export function describeError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export type StackCommand = { instance: Instance; names: string[] };

/**
 * The instance and components `./visor <command>` names, or undefined once the error and `usage` are on stderr (the
 * command then exits 2).
 */
export function stackCommandArgs(
  command: string,
  args: readonly string[],
  usage = '[--instance dev|test] [component...]',
): StackCommand | undefined {
  try {
    const parsed = parseStackArgs(args);
    return { instance: instanceFor(parsed.instance), names: parsed.names };
  } catch (err) {
    process.stderr.write(`visor ${command}: ${describeError(err)}\nusage: ./visor ${command} ${usage}\n`);
    return undefined;
  }
}

/** The instance's lock, held by the commands that start or stop its components. */
export function lockInstance(instance: Instance, command: string): Promise<Lock> {
  return acquireLock(path.join(instance.root, '.visor', `${instance.name}.lock`), `./visor ${command}`);
}
