// Argument handling shared by the up/down/status commands: `[--instance dev|test] [component...]`.
import { INSTANCE_NAMES, type InstanceName } from './instance.ts';

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
