// Process lifecycle: readiness state and graceful shutdown. Closers run in reverse registration order, so a
// service that wires stores → HTTP port → gRPC server stops gRPC first (draining calls), then HTTP, then stores.
import type { Logger } from 'pino';

export type Closer = () => Promise<void> | void;

export type SignalOptions = {
  logger?: Logger;
  /** Upper bound for the whole shutdown; past it the process exits with code 1. */
  timeoutMs?: number;
  exit?: (code: number) => void;
  signals?: NodeJS.Signals[];
  /** Log uncaught exceptions and unhandled rejections as fatal and exit 1 (default true): state is unknown then. */
  exitOnCrash?: boolean;
};

export class Lifecycle {
  #closers: Array<{ name: string; close: Closer }> = [];
  #shuttingDown = false;
  #shutdownListeners: Array<() => void> = [];
  #done: Promise<void> | undefined;

  get shuttingDown(): boolean {
    return this.#shuttingDown;
  }

  /** Registers a closer (DB pool, NATS connection, ORT session, server). Returns a function that unregisters it. */
  onShutdown(name: string, close: Closer): () => void {
    const entry = { name, close };
    this.#closers.push(entry);
    return () => {
      this.#closers = this.#closers.filter((e) => e !== entry);
    };
  }

  /** Called synchronously the moment shutdown starts (readiness flips, health goes NOT_SERVING). */
  onShuttingDown(listener: () => void): void {
    if (this.#shuttingDown) listener();
    else this.#shutdownListeners.push(listener);
  }

  /** Marks not-ready and runs every closer in reverse order; a failing closer is logged and the rest still run. */
  shutdown(logger?: Logger): Promise<void> {
    if (this.#done) return this.#done;
    this.#shuttingDown = true;
    for (const listener of this.#shutdownListeners.splice(0)) listener();
    this.#done = (async () => {
      for (const { name, close } of this.#closers.splice(0).reverse()) {
        try {
          await close();
          logger?.info({ closer: name }, 'closed');
        } catch (err) {
          logger?.error({ closer: name, err }, 'closer failed');
        }
      }
    })();
    return this.#done;
  }

  /**
   * SIGTERM/SIGINT start a graceful shutdown and exit 0 when it completes; a second signal, or the timeout,
   * exits 1 at once. Also, unless `exitOnCrash: false`, an uncaught exception or unhandled rejection is logged as
   * fatal and exits 1 without running closers.
   */
  installSignalHandlers(options: SignalOptions = {}): () => void {
    const exit = options.exit ?? ((code: number) => process.exit(code));
    const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
    let received = 0;
    const handler = (signal: NodeJS.Signals) => {
      received += 1;
      if (received > 1) {
        options.logger?.warn({ signal }, 'second signal: forcing exit');
        exit(1);
        return;
      }
      options.logger?.info({ signal }, 'shutting down');
      const timer = setTimeout(() => {
        options.logger?.error({ timeoutMs: options.timeoutMs }, 'shutdown timed out: forcing exit');
        exit(1);
      }, options.timeoutMs ?? 30_000);
      timer.unref();
      this.shutdown(options.logger).then(
        () => {
          clearTimeout(timer);
          exit(0);
        },
        () => exit(1),
      );
    };
    const crash = (err: unknown) => {
      options.logger?.fatal({ err }, 'uncaught error: exiting');
      exit(1);
    };
    for (const signal of signals) process.on(signal, handler);
    if (options.exitOnCrash !== false) {
      process.on('uncaughtException', crash);
      process.on('unhandledRejection', crash);
    }
    return () => {
      for (const signal of signals) process.off(signal, handler);
      process.off('uncaughtException', crash);
      process.off('unhandledRejection', crash);
    };
  }
}

/** The process-wide lifecycle that services use through the functions below. */
export const processLifecycle = new Lifecycle();

export const onShutdown = (name: string, close: Closer) => processLifecycle.onShutdown(name, close);
export const isShuttingDown = () => processLifecycle.shuttingDown;
export const shutdown = (logger?: Logger) => processLifecycle.shutdown(logger);
export const installSignalHandlers = (options?: SignalOptions) => processLifecycle.installSignalHandlers(options);
