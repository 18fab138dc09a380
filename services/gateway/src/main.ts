// Gateway process: config → app (MySQL, NATS, gRPC clients, REST server) → signal handling.
import { createLogger, getRegistry, installSignalHandlers, processLifecycle } from '@visor/runtime';
import { startGateway } from './app.ts';
import { loadGatewayConfig } from './config.ts';

async function run(): Promise<void> {
  const config = loadGatewayConfig();
  const logger = createLogger(config.VISOR_SERVICE_NAME ?? 'gateway', { level: config.VISOR_LOG_LEVEL });
  installSignalHandlers({ logger, timeoutMs: config.VISOR_SHUTDOWN_GRACE_MS + 5_000 });
  await startGateway(config, { logger, registry: getRegistry(), lifecycle: processLifecycle });
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
