// A service process's entry point: the steps every Visor service takes around its own start function.
import type { Logger } from 'pino';
import { type Lifecycle, processLifecycle } from './lifecycle.ts';
import { createLogger } from './logger.ts';
import { initTracing } from './tracing.ts';

/** What runService reads from a service's config; all of it comes with `commonConfig`. */
export type ServiceProcessConfig = {
  VISOR_SERVICE_NAME?: string;
  VISOR_LOG_LEVEL?: string;
  VISOR_SHUTDOWN_GRACE_MS: number;
};

export type ServiceContext = { lifecycle: Lifecycle; logger: Logger };

/** The service's logger: named VISOR_SERVICE_NAME (else `name`), at VISOR_LOG_LEVEL. */
export function serviceLogger(
  name: string,
  config: Pick<ServiceProcessConfig, 'VISOR_SERVICE_NAME' | 'VISOR_LOG_LEVEL'>,
): Logger {
  return createLogger(config.VISOR_SERVICE_NAME ?? name, { level: config.VISOR_LOG_LEVEL });
}

/**
 * Loads the config, creates the logger (named VISOR_SERVICE_NAME, else `name`), starts tracing, installs the signal
 * handlers (the whole shutdown bounded by the gRPC grace period plus 5 s), then runs `start` on the process
 * lifecycle. A start-up failure, such as a ConfigError listing every bad variable, is printed and exits 1.
 */
export async function runService<C extends ServiceProcessConfig>(
  name: string,
  loadConfig: () => C,
  start: (config: C, context: ServiceContext) => Promise<unknown>,
): Promise<void> {
  try {
    const config = loadConfig();
    const logger = serviceLogger(name, config);
    const tracing = await initTracing(name);
    processLifecycle.onShutdown('tracing', () => tracing.shutdown());
    processLifecycle.installSignalHandlers({ logger, timeoutMs: config.VISOR_SHUTDOWN_GRACE_MS + 5_000 });
    await start(config, { lifecycle: processLifecycle, logger });
  } catch (err) {
    console.error(err);
    process.exit(1);
  }
}

/** Where a service's gRPC server listens and how long it drains, from its config (ports and hosts of the contract). */
export function grpcListen(config: {
  VISOR_GRPC_PORT: number;
  VISOR_GRPC_HOST: string;
  VISOR_SHUTDOWN_GRACE_MS: number;
}): {
  port: number;
  host: string;
  graceMs: number;
} {
  return { port: config.VISOR_GRPC_PORT, host: config.VISOR_GRPC_HOST, graceMs: config.VISOR_SHUTDOWN_GRACE_MS };
}

/** Where a service's HTTP side port (probes, metrics) listens, from its config. */
export function httpListen(config: { VISOR_HTTP_PORT: number; VISOR_HTTP_HOST: string }): {
  port: number;
  host: string;
} {
  return { port: config.VISOR_HTTP_PORT, host: config.VISOR_HTTP_HOST };
}
