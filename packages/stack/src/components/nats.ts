// NATS with JetStream, built from source with `go install` into .visor/bin; JetStream data in the instance dir.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { baseProcessEnv, type Component, logFileOf } from '../component.ts';
import { httpOk } from '../health.ts';
import { ensureGo } from '../install.ts';
import type { Instance } from '../instance.ts';

export const NATS_MODULE = 'github.com/nats-io/nats-server/v2';
export const NATS_VERSION = 'v2.15.2';

export function nats(instance: Instance): Component {
  const { nats: port, natsMonitor } = instance.ports;
  const binDir = path.join(instance.root, '.visor', 'bin');
  const storeDir = path.join(instance.dir, 'nats');
  let server = path.join(binDir, 'nats-server');

  return {
    name: 'nats',
    title: 'NATS JetStream',
    kind: 'infra',
    address: `nats://127.0.0.1:${port}`,
    ports: [
      { port, purpose: 'NATS', envVar: 'VISOR_NATS_PORT' },
      { port: natsMonitor, purpose: 'NATS monitoring', envVar: 'VISOR_NATS_MONITOR_PORT' },
    ],
    startTimeoutMs: 60_000,
    stopGraceMs: 30_000,

    async install() {
      server = await ensureGo({
        binary: 'nats-server',
        module: NATS_MODULE,
        version: NATS_VERSION,
        binDir,
        title: 'nats-server',
      });
    },

    async prepare() {
      mkdirSync(storeDir, { recursive: true });
      return {
        command: server,
        args: [
          '-js',
          '-a',
          '127.0.0.1',
          '-p',
          String(port),
          '-m',
          String(natsMonitor),
          '-sd',
          storeDir,
          '-n',
          `visor-${instance.name}`,
        ],
        logFile: logFileOf(instance, 'nats'),
        env: baseProcessEnv(instance),
      };
    },

    healthy: () => httpOk(`http://127.0.0.1:${natsMonitor}/healthz?js-enabled-only=true`),
  };
}
