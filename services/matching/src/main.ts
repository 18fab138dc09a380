// Matching service process: config → app (stores, index load, event consumer, gRPC) → signal handling.
import { createLogger, getRegistry, installSignalHandlers, processLifecycle } from '@visor/runtime';
import { loadModelRegistry, startMatchingService } from './app.ts';
import { loadMatchingConfig } from './config.ts';

async function run(): Promise<void> {
  const config = loadMatchingConfig();
  const logger = createLogger(config.VISOR_SERVICE_NAME ?? 'matching', { level: config.VISOR_LOG_LEVEL });
  installSignalHandlers({ logger, timeoutMs: config.VISOR_SHUTDOWN_GRACE_MS + 5_000 });
  const models = await loadModelRegistry(logger);
  await startMatchingService(config, { logger, registry: getRegistry(), lifecycle: processLifecycle, models });
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
