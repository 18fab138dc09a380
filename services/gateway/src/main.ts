// Gateway process: config → app (MySQL, NATS, gRPC clients, REST server) → signal handling.
import { getRegistry, runService } from '@visor/runtime';
import { startGateway } from './app.ts';
import { loadGatewayConfig } from './config.ts';

void runService('gateway', loadGatewayConfig, (config, { lifecycle, logger }) =>
  startGateway(config, { logger, registry: getRegistry(), lifecycle }),
);
