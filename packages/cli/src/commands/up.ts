// ./visor up [--instance dev|test] [component...]: install what is missing, start the stack, print its URLs.
import path from 'node:path';
import { contractEnv, describeError, lockInstance, progress, stackCommandArgs, up } from '@visor/stack';

export async function run(args: string[]): Promise<number> {
  const parsed = stackCommandArgs('up', args);
  if (!parsed) return 2;
  const { instance, names } = parsed;
  const lock = await lockInstance(instance, 'up');
  const started = Date.now();
  try {
    const outcomes = await up(instance, { only: names });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const env = contractEnv(instance);
    const rel = (p: string) => path.relative(process.cwd(), p) || '.';
    const out = [`Visor ${instance.name} instance is up (${seconds} s):`];
    for (const o of outcomes) {
      const note = o.state === 'running' ? 'already running' : o.state;
      out.push(`  ${o.component.name.padEnd(11)} ${o.component.address}  (pid ${o.pid}, ${note})`);
    }
    const gateway = outcomes.find((o) => o.component.name === 'gateway');
    out.push(
      '',
      gateway
        ? `  Web UI and API: ${env.VISOR_GATEWAY_URL}`
        : `  Web UI and API: ${env.VISOR_GATEWAY_URL} once services/gateway exists (not started: no services/gateway/src/main.ts)`,
      `  Prometheus:     ${env.VISOR_PROMETHEUS_URL}`,
      `  NATS monitor:   http://127.0.0.1:${instance.ports.natsMonitor}`,
      `  GCS emulator:   ${env.STORAGE_EMULATOR_HOST} (bucket ${env.VISOR_GCS_BUCKET})`,
      `  Logs:           ${rel(instance.logsDir)}/<component>.log`,
      `  Environment:    . ${rel(path.join(instance.dir, 'env'))}`,
      `  Stop with:      ./visor down${instance.name === 'dev' ? '' : ` --instance ${instance.name}`}`,
    );
    process.stdout.write(`${out.join('\n')}\n`);
    return 0;
  } catch (err) {
    progress(`up failed: ${describeError(err)}`);
    return 1;
  } finally {
    lock.release();
  }
}
