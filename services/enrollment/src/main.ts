// Enrollment service process: config → app (stores, relay, peers, domain, servers) → signal handling.
import { createLogger, createRegistry, initTracing, processLifecycle } from '@visor/runtime';
import { startEnrollmentService } from './app.ts';
import { loadEnrollmentConfig } from './config.ts';

async function main(): Promise<void> {
  const config = loadEnrollmentConfig();
  const logger = createLogger(config.VISOR_SERVICE_NAME ?? 'enrollment', { level: config.VISOR_LOG_LEVEL });
  const tracing = await initTracing('enrollment');
  processLifecycle.onShutdown('tracing', () => tracing.shutdown());
  processLifecycle.installSignalHandlers({ logger, timeoutMs: config.VISOR_SHUTDOWN_GRACE_MS + 5_000 });
  await startEnrollmentService(config, {
    logger,
    registry: createRegistry({ serviceName: 'enrollment' }),
    lifecycle: processLifecycle,
    // Crash-recovery tests only: die between the commit and the relay's publish, as a power cut would.
    afterCommit: config.VISOR_TEST_CRASH_AFTER_COMMIT ? () => process.kill(process.pid, 'SIGKILL') : undefined,
  });
}

if (import.meta.main) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
