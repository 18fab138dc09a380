// ./visor down [--instance dev|test] [component...]: stop what `up` started (SIGTERM, then SIGKILL); data stays.
import path from 'node:path';
import { describeError, down, lockInstance, progress, stackCommandArgs } from '@visor/stack';

export async function run(args: string[]): Promise<number> {
  const parsed = stackCommandArgs('down', args);
  if (!parsed) return 2;
  const { instance, names } = parsed;
  const lock = await lockInstance(instance, 'down');
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
