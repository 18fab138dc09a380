// The real stack behind the gateway, as the e2e test runs it: detection, embedding, enrollment, matching and the
// gateway as child processes on ephemeral ports, over the test instance's MariaDB (a database of its own), NATS,
// fake-gcs-server and the built ONNX models; one tenant with an admin key.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createPool, type Pool } from '@visor/store';
import {
  createTestDatabase,
  requireEnv,
  type ServiceProcess,
  serviceMain,
  startServiceProcess,
  stopServiceProcesses,
  type TestDatabase,
} from '@visor/testkit';
import { createKey, ensureTenant, migrateGateway } from '../src/store.ts';

export const STACK_SERVICES = ['detection', 'embedding', 'matching', 'enrollment', 'gateway'] as const;

/** The services whose entry point is not in this checkout (the stack cannot start without them). */
export const missingServices = () => STACK_SERVICES.filter((name) => !existsSync(serviceMain(name)));

export type GatewayStack = {
  gateway: ServiceProcess;
  db: TestDatabase<Pool>;
  /** The stack's tenant and an admin key of it. */
  tenantId: string;
  key: string;
  /** Suffix of this stack's names (tenant, durable), for further tenants of the same run. */
  run: string;
  /** Stops every service (dependents first) and drops the database; safe to call more than once. */
  stop: () => Promise<void>;
};

/**
 * Starts the stack; when any part fails to start, what already started is stopped and the database dropped before
 * the error is rethrown, so a failed start leaves nothing behind.
 */
export async function startGatewayStack(prefix: string): Promise<GatewayStack> {
  const common = {
    VISOR_NATS_URL: requireEnv('VISOR_NATS_URL'),
    STORAGE_EMULATOR_HOST: requireEnv('STORAGE_EMULATOR_HOST'),
    VISOR_GCS_BUCKET: requireEnv('VISOR_GCS_BUCKET'),
    VISOR_MODELS_DIR: requireEnv('VISOR_MODELS_DIR'),
  };
  const run = randomBytes(4).toString('hex');
  const children: ServiceProcess[] = [];
  let db: TestDatabase<Pool> | undefined;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await stopServiceProcesses(children);
    await db?.drop();
  };
  try {
    db = await createTestDatabase(prefix, (url) => createPool(url, { connectionLimit: 2 }));
    const env = { ...common, VISOR_MYSQL_URL: db.url };
    // Sequential: model loading saturates the 2 cores, and each later service needs the earlier ones.
    const detection = await startServiceProcess('detection', env);
    children.push(detection);
    const embedding = await startServiceProcess('embedding', env);
    children.push(embedding);
    const peers = { VISOR_DETECTION_ADDR: detection.grpcAddress, VISOR_EMBEDDING_ADDR: embedding.grpcAddress };
    const enrollment = await startServiceProcess('enrollment', { ...env, ...peers });
    children.push(enrollment);
    const matching = await startServiceProcess('matching', {
      ...env,
      VISOR_MATCHING_DURABLE: `matching-${prefix}-${run}`,
    });
    children.push(matching);
    const gateway = await startServiceProcess('gateway', {
      ...env,
      ...peers,
      VISOR_MATCHING_ADDR: matching.grpcAddress,
      VISOR_ENROLLMENT_ADDR: enrollment.grpcAddress,
    });
    children.push(gateway);

    await migrateGateway(db.pool);
    const { tenant } = await ensureTenant(db.pool, `${prefix}-${run}`);
    const { key } = await createKey(db.pool, tenant.id, ['admin']);
    return { gateway, db, tenantId: tenant.id, key, run, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
