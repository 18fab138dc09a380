// Helpers shared by the test suites: where the real dependencies and the shared datasets are, throw-away databases,
// services as child processes, free ports, polling, and reading back JetStream events.
export { createTestDatabase, type TestDatabase } from './database.ts';
export { type DatasetLabel, datasetPath, datasetsDir, describeWithDataset, readLabels } from './datasets.ts';
export { repoRoot, requireEnv, SERVICE_PROCESS_ENV } from './env.ts';
export { type EventuallyOptions, eventually } from './eventually.ts';
export { nextStreamSeq, readStreamEvents, type StreamEvent } from './jetstream.ts';
export { freePort } from './ports.ts';
export {
  type ServiceProcess,
  type StartServiceOptions,
  serviceMain,
  startServiceProcess,
  stopServiceProcesses,
} from './services.ts';
