// Enrollment service process: config → app (stores, relay, peers, domain, servers) → signal handling.
import { createRegistry, runService } from '@visor/runtime';
import { startEnrollmentService } from './app.ts';
import { loadEnrollmentConfig } from './config.ts';

if (import.meta.main) {
  void runService('enrollment', loadEnrollmentConfig, (config, { lifecycle, logger }) =>
    startEnrollmentService(config, {
      logger,
      registry: createRegistry({ serviceName: 'enrollment' }),
      lifecycle,
      // Crash-recovery tests only: die between the commit and the relay's publish, as a power cut would.
      afterCommit: config.VISOR_TEST_CRASH_AFTER_COMMIT ? () => process.kill(process.pid, 'SIGKILL') : undefined,
    }),
  );
}
