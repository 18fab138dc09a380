// Gateway process: config → app (MySQL, NATS, gRPC clients, REST server) → signal handling.
import { getRegistry, runService, tuneCollectorForInference } from '@visor/runtime';
import { startGateway } from './app.ts';
import { loadGatewayConfig } from './config.ts';

// The gateway is buffer-heavy like the inference services (each verification reads a ~150 KB upload, encodes it
// for Detect and relays a 67.5 KB crop to Embed, ~0.9 MB of buffers) around a ~45 MB heap: the same marking
// triggers cut its CPU per verification by ~1.5 ms (ad-hoc A/B, 2 × 300 verifications each, 7.4–7.6 vs 9.0 ms).
tuneCollectorForInference();
void runService('gateway', loadGatewayConfig, (config, { lifecycle, logger }) =>
  startGateway(config, { logger, registry: getRegistry(), lifecycle }),
);
