// @visor/stack: the local stack behind `./visor up`, `down`, `status` and `test`.

export {
  describeError,
  lockInstance,
  parseStackArgs,
  type StackArgs,
  type StackCommand,
  stackCommandArgs,
} from './cli.ts';
export type { Component } from './component.ts';
export { logFileOf, pidFileOf } from './component.ts';
export { httpOk, waitUntil } from './health.ts';
export { ensureChromium, InstallError } from './install.ts';
export { contractEnv, type Instance, type InstanceName, instanceFor, parseStackEnv, repoRoot } from './instance.ts';
export { type JestCounts, jestCounts, jestWorkerArgs, summaryLine } from './jest-summary.ts';
export { acquireLock, type Lock } from './lock.ts';
export { progress } from './log.ts';
export { freePort, isPortFree, PortConflictError } from './ports.ts';
export { SERVICES, type ServiceSpec, servicePorts } from './services.ts';
export {
  type ComponentStatus,
  componentsOf,
  down,
  formatTable,
  StackError,
  type StartOutcome,
  type StopOutcome,
  status,
  up,
} from './stack.ts';
