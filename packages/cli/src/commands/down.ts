// ./visor down [--instance dev|test] [component...]: stop what `up` started (SIGTERM, then SIGKILL); data stays.
import path from 'node:path';
import { acquireLock, describeError, down, instanceFor, parseStackArgs, progress } from '@visor/stack';

export async function run(args: string[]): Promise<number> {
  let instance: ReturnType<typeof instanceFor>;
  let names: string[];
  try {
    const parsed = parseStackArgs(args);
    instance = instanceFor(parsed.instance);
    names = parsed.names;
  } catch (err) {
    process.stderr.write(
      `visor down: ${describeError(err)}\nusage: ./visor down [--instance dev|test] [component...]\n`,
    );
    return 2;
  }
  const lock = await acquireLock(path.join(instance.root, '.visor', `${instance.name}.lock`), './visor down');
  try {
    const outcomes = await down(instance, { only: names });
    const stopped = outcomes.filter((o) => o.outcome !== 'not-running');
    for (const o of stopped) {
      const how = o.outcome === 'killed' ? 'killed after the grace period' : 'stopped';
      progress(`${o.component.title}: ${how} (pid ${o.pid})`);
    }
    process.stdout.write(
      stopped.length === 0
        ? `nothing of the ${instance.name} instance was running\n`
        : `stopped ${stopped.length} component(s) of the ${instance.name} instance; data kept in ${path.relative(process.cwd(), instance.dir) || '.'}\n`,
    );
    return 0;
  } catch (err) {
    progress(`down failed: ${describeError(err)}`);
    return 1;
  } finally {
    lock.release();
  }
}
