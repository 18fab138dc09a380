// fake-gcs-server stands in for Google Cloud Storage (@google-cloud/storage reads STORAGE_EMULATOR_HOST); objects
// live as files in the instance dir. The images bucket is created after every start (409 = already there).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { baseProcessEnv, type Component, logFileOf } from '../component.ts';
import { httpOk } from '../health.ts';
import { ensureGo } from '../install.ts';
import type { Instance } from '../instance.ts';

export const GCS_MODULE = 'github.com/fsouza/fake-gcs-server';
export const GCS_VERSION = 'v1.56.1';

/** Creates `bucket` unless it exists. */
export async function ensureBucket(baseUrl: string, bucket: string): Promise<void> {
  const res = await fetch(`${baseUrl}/storage/v1/b?project=visor`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: bucket }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = await res.text();
  if (!res.ok && res.status !== 409) throw new Error(`could not create bucket ${bucket}: HTTP ${res.status} ${body}`);
}

export function gcs(instance: Instance): Component {
  const port = instance.ports.gcs;
  const baseUrl = `http://127.0.0.1:${port}`;
  const binDir = path.join(instance.root, '.visor', 'bin');
  const root = path.join(instance.dir, 'gcs');
  let server = path.join(binDir, 'fake-gcs-server');

  return {
    name: 'gcs',
    title: 'fake-gcs-server',
    kind: 'infra',
    address: baseUrl,
    ports: [{ port, purpose: 'fake-gcs-server', envVar: 'VISOR_GCS_PORT' }],
    startTimeoutMs: 60_000,
    stopGraceMs: 15_000,

    async install() {
      server = await ensureGo({
        binary: 'fake-gcs-server',
        module: GCS_MODULE,
        version: GCS_VERSION,
        binDir,
        title: 'fake-gcs-server',
      });
    },

    async prepare() {
      mkdirSync(root, { recursive: true });
      return {
        command: server,
        args: [
          '-scheme',
          'http',
          '-host',
          '127.0.0.1',
          '-port',
          String(port),
          '-backend',
          'filesystem',
          '-filesystem-root',
          root,
          '-public-host',
          `127.0.0.1:${port}`,
          '-external-url',
          baseUrl,
          '-log-level',
          instance.name === 'test' ? 'warn' : 'info',
        ],
        logFile: logFileOf(instance, 'gcs'),
        env: baseProcessEnv(instance),
      };
    },

    healthy: () => httpOk(`${baseUrl}/storage/v1/b`),

    afterStart: () => ensureBucket(baseUrl, instance.bucket),
  };
}
