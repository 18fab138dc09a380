// A Visor service as its own process (`node services/<name>/src/main.ts`), as `./visor up` runs it: on free ports,
// with the caller's environment, ready once its /readyz says so, stopped with SIGTERM (SIGKILL if it hangs).
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot, SERVICE_PROCESS_ENV } from './env.ts';
import { freePort } from './ports.ts';

export type ServiceProcess = {
  name: string;
  process: ChildProcess;
  /** `127.0.0.1:<port>` of its gRPC server (unused by the gateway). */
  grpcAddress: string;
  /** `http://127.0.0.1:<port>`: probes and /metrics (and the gateway's REST API). */
  httpUrl: string;
  /** The signal that ended the process, or its exit code. */
  exited: Promise<NodeJS.Signals | number>;
  /** The last few kB of its stdout and stderr, for failure messages. */
  output: () => string;
  /** SIGTERM, SIGKILL after `graceMs`; resolves with how it ended (at once when it already has). */
  stop: (graceMs?: number) => Promise<NodeJS.Signals | number>;
};

export type StartServiceOptions = {
  /** The entry point; default `services/<name>/src/main.ts`. */
  main?: string;
  /** Give up (and kill it) when it is not ready by then; default 240 s (model loading on a busy 2-core box). */
  readyTimeoutMs?: number;
};

const OUTPUT_KEPT = 6000;

/** Entry point of a service of this repository. */
export const serviceMain = (name: string) => path.join(repoRoot, 'services', name, 'src', 'main.ts');

/**
 * Starts the service and resolves once GET /readyz answers 200; rejects (with its output) when it exits first or
 * is not ready in time. `env` comes on top of this process's environment (an undefined value removes that
 * variable); the ports are always fresh ones.
 */
export async function startServiceProcess(
  name: string,
  env: Record<string, string | undefined>,
  options: StartServiceOptions = {},
): Promise<ServiceProcess> {
  const grpcPort = await freePort();
  const httpPort = await freePort();
  const childEnv: Record<string, string | undefined> = {
    ...process.env,
    ...SERVICE_PROCESS_ENV,
    VISOR_LOG_LEVEL: 'warn',
    VISOR_SERVICE_NAME: name,
    ...env,
    VISOR_GRPC_PORT: String(grpcPort),
    VISOR_HTTP_PORT: String(httpPort),
  };
  for (const [key, value] of Object.entries(childEnv)) if (value === undefined) delete childEnv[key];
  const child = spawn(process.execPath, [options.main ?? serviceMain(name)], {
    cwd: repoRoot,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<NodeJS.Signals | number>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code ?? 0)),
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_KEPT);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const service: ServiceProcess = {
    name,
    process: child,
    grpcAddress: `127.0.0.1:${grpcPort}`,
    httpUrl: `http://127.0.0.1:${httpPort}`,
    exited,
    output: () => output,
    stop: async (graceMs = 20_000) => {
      if (child.exitCode === null && child.signalCode === null) {
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        child.kill('SIGTERM');
        await exited;
        clearTimeout(timer);
      }
      return exited;
    },
  };
  await untilReady(service, options.readyTimeoutMs ?? 240_000);
  return service;
}

async function untilReady(service: ServiceProcess, timeoutMs: number): Promise<void> {
  const { name, process: child } = service;
  let ended: NodeJS.Signals | number | undefined;
  void service.exited.then((how) => {
    ended = how;
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (ended !== undefined) throw new Error(`${name} exited (${ended}) before it was ready:\n${service.output()}`);
    try {
      if ((await fetch(`${service.httpUrl}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} not ready within ${timeoutMs} ms:\n${service.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Stops services in reverse order of start (dependents first); tolerates entries that never started. */
export async function stopServiceProcesses(services: Array<ServiceProcess | undefined>): Promise<void> {
  for (const service of [...services].reverse()) await service?.stop();
}
