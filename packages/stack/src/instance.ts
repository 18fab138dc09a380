// An instance is one private copy of the stack: `dev` for `./visor up`, `test` for `./visor test`. It fixes the
// ports (test = dev + 10000, so both can run side by side), the directories under .visor/<name>/ and the
// environment contract handed to services and tests.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const INSTANCE_NAMES = ['dev', 'test'] as const;
export type InstanceName = (typeof INSTANCE_NAMES)[number];

export const TEST_PORT_OFFSET = 10_000;

/** Base ports of the `dev` instance, each with the variable that overrides it. */
export const PORT_VARS = {
  mysql: 'VISOR_MYSQL_PORT',
  nats: 'VISOR_NATS_PORT',
  natsMonitor: 'VISOR_NATS_MONITOR_PORT',
  gcs: 'VISOR_GCS_PORT',
  prometheus: 'VISOR_PROMETHEUS_PORT',
  gateway: 'VISOR_GATEWAY_PORT',
} as const;
export type PortName = keyof typeof PORT_VARS;

const DEFAULT_PORTS: Record<PortName, number> = {
  mysql: 3306,
  nats: 4222,
  natsMonitor: 8222,
  gcs: 4443,
  prometheus: 9090,
  gateway: 8080,
};

// The test instance adds 10000, so a base port above 55535 could not be shifted.
const basePort = z.coerce
  .number()
  .int()
  .min(1)
  .max(65_535 - TEST_PORT_OFFSET);

const envSchema = z.object({
  VISOR_MYSQL_PORT: basePort.default(DEFAULT_PORTS.mysql),
  VISOR_NATS_PORT: basePort.default(DEFAULT_PORTS.nats),
  VISOR_NATS_MONITOR_PORT: basePort.default(DEFAULT_PORTS.natsMonitor),
  VISOR_GCS_PORT: basePort.default(DEFAULT_PORTS.gcs),
  VISOR_PROMETHEUS_PORT: basePort.default(DEFAULT_PORTS.prometheus),
  VISOR_GATEWAY_PORT: basePort.default(DEFAULT_PORTS.gateway),
  VISOR_TEST_SCRAPE_PORT: z.coerce.number().int().min(1).max(65_535).default(19_199),
  VISOR_GCS_BUCKET: z.string().min(3).default('visor-images'),
  VISOR_MODELS_DIR: z.string().optional(),
  VISOR_DATASETS_DIR: z.string().optional(),
});
export type StackEnv = z.infer<typeof envSchema>;

export interface Instance {
  readonly name: InstanceName;
  /** Repository root (where ./visor lives). */
  readonly root: string;
  /** .visor/<name>: data, logs, pid files. */
  readonly dir: string;
  readonly logsDir: string;
  readonly runDir: string;
  readonly ports: Readonly<Record<PortName, number>>;
  /** Offset added to every service port (0 for dev, 10000 for test). */
  readonly offset: number;
  /** Port of the throwaway target the test instance's Prometheus scrapes (test instance only). */
  readonly testScrapePort: number | undefined;
  readonly scrapeInterval: string;
  readonly bucket: string;
  readonly modelsDir: string;
  readonly datasetsDir: string;
  /** Directory whose `<name>/src/main.ts` files are the services to start. */
  readonly servicesDir: string;
}

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Validates the port/bucket variables once; throws a readable message naming the bad variable. */
export function parseStackEnv(env: NodeJS.ProcessEnv): StackEnv {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid environment:\n${lines.join('\n')}`);
  }
  return result.data;
}

export interface InstanceOptions {
  root?: string;
  env?: NodeJS.ProcessEnv;
  /** Overrides .visor/<name> (tests of this package use a temporary directory). */
  dir?: string;
  servicesDir?: string;
}

export function instanceFor(name: InstanceName, options: InstanceOptions = {}): Instance {
  const root = options.root ?? repoRoot;
  const env = parseStackEnv(options.env ?? process.env);
  const offset = name === 'test' ? TEST_PORT_OFFSET : 0;
  const ports = {
    mysql: env.VISOR_MYSQL_PORT + offset,
    nats: env.VISOR_NATS_PORT + offset,
    natsMonitor: env.VISOR_NATS_MONITOR_PORT + offset,
    gcs: env.VISOR_GCS_PORT + offset,
    prometheus: env.VISOR_PROMETHEUS_PORT + offset,
    gateway: env.VISOR_GATEWAY_PORT + offset,
  };
  const dir = options.dir ?? path.join(root, '.visor', name);
  return {
    name,
    root,
    dir,
    logsDir: path.join(dir, 'logs'),
    runDir: path.join(dir, 'run'),
    ports,
    offset,
    testScrapePort: name === 'test' ? env.VISOR_TEST_SCRAPE_PORT : undefined,
    scrapeInterval: name === 'test' ? '2s' : '10s',
    bucket: env.VISOR_GCS_BUCKET,
    modelsDir: path.resolve(root, env.VISOR_MODELS_DIR ?? 'models/build'),
    datasetsDir: path.resolve(root, env.VISOR_DATASETS_DIR ?? '../shared/datasets'),
    servicesDir: options.servicesDir ?? path.join(root, 'services'),
  };
}

/** The environment contract of docs/conventions.md, as seen by services and tests of this instance. */
export function contractEnv(instance: Instance): Record<string, string> {
  const p = instance.ports;
  return {
    VISOR_INSTANCE: instance.name,
    VISOR_MYSQL_URL: `mysql://visor:visor@127.0.0.1:${p.mysql}/visor`,
    VISOR_NATS_URL: `nats://127.0.0.1:${p.nats}`,
    STORAGE_EMULATOR_HOST: `http://127.0.0.1:${p.gcs}`,
    VISOR_GCS_BUCKET: instance.bucket,
    VISOR_PROMETHEUS_URL: `http://127.0.0.1:${p.prometheus}`,
    VISOR_MODELS_DIR: instance.modelsDir,
    VISOR_DATASETS_DIR: instance.datasetsDir,
    VISOR_GATEWAY_URL: `http://127.0.0.1:${p.gateway}`,
  };
}
