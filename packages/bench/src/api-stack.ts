// The whole Visor stack for `./visor bench api`: MariaDB, NATS and fake-gcs-server (from the environment, or the
// test instance's), the five services as child processes on free ports over a throw-away database, and a tenant
// with an API key made through the gateway's own key store.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { EVENTS_STREAM } from '@visor/contracts';
import { connectNats } from '@visor/events';
import { createKey, ensureTenant, migrateGateway } from '@visor/gateway-service/src/store.ts';
import { acquireLock, contractEnv, instanceFor, status, up } from '@visor/stack';
import { createPool, type Pool } from '@visor/store';
import {
  createTestDatabase,
  type ServiceProcess,
  startServiceProcess,
  stopServiceProcesses,
  type TestDatabase,
} from '@visor/testkit';

/** What the services need from outside; the bench uses the caller's values when all are set. */
export const INFRA_VARIABLES = [
  'VISOR_MYSQL_URL',
  'VISOR_NATS_URL',
  'STORAGE_EMULATOR_HOST',
  'VISOR_GCS_BUCKET',
] as const;

export type Infrastructure = {
  /** The variables of INFRA_VARIABLES plus VISOR_MODELS_DIR when known. */
  env: Record<string, string>;
  source: 'environment' | 'test instance';
};

/**
 * The caller's MariaDB/NATS/GCS when VISOR_MYSQL_URL, VISOR_NATS_URL, STORAGE_EMULATOR_HOST and VISOR_GCS_BUCKET are
 * all set; otherwise the test instance's, started like `./visor up --instance test mysql nats gcs` when it is not
 * already running (and left running afterwards: other people's tests may share it).
 */
export async function ensureInfrastructure(
  progress: (line: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Infrastructure> {
  const set = INFRA_VARIABLES.filter((name) => env[name]);
  if (set.length === INFRA_VARIABLES.length) {
    const out: Record<string, string> = {};
    for (const name of [...INFRA_VARIABLES, 'VISOR_MODELS_DIR']) if (env[name]) out[name] = env[name] as string;
    return { env: out, source: 'environment' };
  }
  if (set.length > 0) {
    const unset = INFRA_VARIABLES.filter((name) => !env[name]);
    throw new Error(
      `${set.join(', ')} set but ${unset.join(', ')} not: set all of them, or none to use the test instance ` +
        '(./visor up --instance test mysql nats gcs)',
    );
  }
  const instance = instanceFor('test');
  const wanted = ['mysql', 'nats', 'gcs'];
  const healthy = async () => (await status(instance)).filter((c) => wanted.includes(c.name)).every((c) => c.healthy);
  if (!(await healthy())) {
    progress(
      `${INFRA_VARIABLES.join(', ')} not set: starting the test instance's ${wanted.join(', ')} ` +
        '(as ./visor up --instance test mysql nats gcs; left running, stop with ./visor down --instance test) …',
    );
    const lock = await acquireLock(path.join(instance.root, '.visor', `${instance.name}.lock`), './visor bench api');
    try {
      await up(instance, { only: wanted });
    } finally {
      lock.release();
    }
  } else {
    progress(`${INFRA_VARIABLES.join(', ')} not set: using the running test instance's ${wanted.join(', ')}`);
  }
  const contract = contractEnv(instance);
  const out: Record<string, string> = {};
  for (const name of [...INFRA_VARIABLES, 'VISOR_MODELS_DIR']) out[name] = contract[name] as string;
  return { env: out, source: 'test instance' };
}

/**
 * VISOR_BENCH_CPU_PROF=<dir>[:service,service]: the named services (default: all) run under `node --cpu-prof`,
 * writing a .cpuprofile into <dir> when they stop, so a profile comes from exactly the load the bench measures.
 * The profiler costs a little CPU itself: quote figures from a run without it.
 */
function profiling(name: string, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const spec = env.VISOR_BENCH_CPU_PROF;
  if (!spec) return {};
  const [dir = '', list] = spec.split(':');
  if (list && !list.split(',').includes(name)) return {};
  const options = `--cpu-prof --cpu-prof-dir=${path.resolve(dir)} --cpu-prof-name=${name}.cpuprofile`;
  return { NODE_OPTIONS: [env.NODE_OPTIONS, options].filter(Boolean).join(' ') };
}

export type GatewayLimits = { ratePerSecond: number; burst: number };

export type ApiStack = {
  gatewayUrl: string;
  key: string;
  tenantId: string;
  /** Started services by name (detection, embedding, enrollment, matching, gateway). */
  services: Map<string, ServiceProcess>;
};

/**
 * Owns what the bench starts, so that it can always be undone: children (in start order), the database and the
 * matching service's durable consumer. `killNow` is for signal and exit handlers, which cannot wait.
 */
export class StackHandle {
  readonly run = randomBytes(4).toString('hex');
  readonly children: ServiceProcess[] = [];
  db: TestDatabase<Pool> | undefined;
  natsUrl: string | undefined;
  #stopped: Promise<void> | undefined;

  get durable(): string {
    return `matching-bench-api-${this.run}`;
  }

  /** SIGKILL every child still running; synchronous. */
  killNow(): void {
    for (const child of this.children) {
      const p = child.process;
      if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    }
  }

  /** Stops the services (dependents first), removes the durable consumer and drops the database; once. */
  stop(progress: (line: string) => void): Promise<void> {
    this.#stopped ??= (async () => {
      await stopServiceProcesses(this.children);
      if (this.natsUrl) {
        try {
          const nats = await connectNats(this.natsUrl, { name: 'visor-bench-api' });
          try {
            await nats.jsm.consumers.delete(EVENTS_STREAM, this.durable);
          } finally {
            await nats.close();
          }
        } catch (err) {
          progress(`could not delete consumer ${this.durable}: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      await this.db?.drop();
    })();
    return this.#stopped;
  }

  /** Starts all five services over a fresh database and creates a tenant with an admin key. */
  async start(infra: Infrastructure, limits: GatewayLimits, progress: (line: string) => void): Promise<ApiStack> {
    // createTestDatabase reads the server from the environment.
    process.env.VISOR_MYSQL_URL ??= infra.env.VISOR_MYSQL_URL;
    this.db = await createTestDatabase('visor_bench_api', (url) => createPool(url, { connectionLimit: 2 }));
    this.natsUrl = infra.env.VISOR_NATS_URL;
    progress(`database ${this.db.name}; starting detection, embedding, enrollment, matching, gateway …`);
    const common: Record<string, string> = { ...infra.env, VISOR_MYSQL_URL: this.db.url, VISOR_LOG_LEVEL: 'warn' };
    const services = new Map<string, ServiceProcess>();
    const start = async (name: string, env: Record<string, string>) => {
      const t = performance.now();
      const service = await startServiceProcess(name, { ...common, ...profiling(name), ...env });
      this.children.push(service);
      services.set(name, service);
      progress(`  ${name} ready in ${((performance.now() - t) / 1000).toFixed(1)} s (pid ${service.process.pid})`);
      return service;
    };
    // One after another: model loading saturates the 2 cores, and later services need the earlier ones.
    const detection = await start('detection', {});
    const embedding = await start('embedding', {});
    const peers = { VISOR_DETECTION_ADDR: detection.grpcAddress, VISOR_EMBEDDING_ADDR: embedding.grpcAddress };
    const enrollment = await start('enrollment', peers);
    const matching = await start('matching', { VISOR_MATCHING_DURABLE: this.durable });
    const gateway = await start('gateway', {
      ...peers,
      VISOR_MATCHING_ADDR: matching.grpcAddress,
      VISOR_ENROLLMENT_ADDR: enrollment.grpcAddress,
      // The per-key token bucket (10/s, burst 30 by default) would turn a load test into a test of the limiter.
      VISOR_RATE_LIMIT_PER_SECOND: String(limits.ratePerSecond),
      VISOR_RATE_LIMIT_BURST: String(limits.burst),
    });
    await migrateGateway(this.db.pool);
    const { tenant } = await ensureTenant(this.db.pool, `bench-api-${this.run}`);
    const { key } = await createKey(this.db.pool, tenant.id, ['admin'], 'bench api');
    return { gatewayUrl: gateway.httpUrl, key, tenantId: tenant.id, services };
  }
}
