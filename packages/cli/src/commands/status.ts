// ./visor status [--instance dev|test]: one line per component; exit 1 unless every component is healthy.
import { formatTable, stackCommandArgs, status } from '@visor/stack';

export async function run(args: string[]): Promise<number> {
  const parsed = stackCommandArgs('status', args, '[--instance dev|test]');
  if (!parsed) return 2;
  const { instance } = parsed;
  const rows = await status(instance);
  const table = formatTable(
    ['component', 'address', 'healthy', 'pid'],
    rows.map((r) => [r.name, r.address, r.healthy ? 'yes' : 'no', r.pid === undefined ? '-' : String(r.pid)]),
  );
  process.stdout.write(`${table}\n`);
  const unhealthy = rows.filter((r) => !r.healthy);
  if (unhealthy.length === 0) return 0;
  const none = rows.every((r) => r.pid === undefined);
  const start = instance.name === 'dev' ? './visor up' : './visor test';
  process.stderr.write(
    none
      ? `the ${instance.name} instance is not running; start it with ${start}\n`
      : `unhealthy: ${unhealthy.map((r) => r.name).join(', ')}; see ${instance.logsDir}/<component>.log, and rerun ${start} to repair\n`,
  );
  return 1;
}
