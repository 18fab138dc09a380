// Matching service process: config → app (stores, index load, event consumer, gRPC) → signal handling.
import { getRegistry, runService } from '@visor/runtime';
import { loadModelRegistry, startMatchingService } from './app.ts';
import { loadMatchingConfig } from './config.ts';

void runService('matching', loadMatchingConfig, async (config, { lifecycle, logger }) => {
  const models = await loadModelRegistry(logger);
  await startMatchingService(config, { logger, registry: getRegistry(), lifecycle, models });
});
