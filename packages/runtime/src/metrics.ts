// One prom-client Registry per process, with the helpers every service uses to time its stages.
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export { Counter, Histogram, Registry };

/** Seconds: from 1 ms (cache hits, matching) to 10 s (a cold model on a busy 2-core box). */
export const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createRegistry(options: { serviceName?: string; defaultMetrics?: boolean } = {}): Registry {
  const registry = new Registry();
  if (options.serviceName) registry.setDefaultLabels({ service: options.serviceName });
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  return registry;
}

let processRegistry: Registry | undefined;

/** The process-wide registry, created with default metrics on first use. */
export function getRegistry(): Registry {
  processRegistry ??= createRegistry({ serviceName: process.env.VISOR_SERVICE_NAME });
  return processRegistry;
}

export function durationHistogram<L extends string>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: readonly L[] = [],
  buckets: number[] = DURATION_BUCKETS,
): Histogram<L> {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Histogram<L>;
  return new Histogram<L>({ name, help, labelNames, buckets, registers: [registry] });
}

/** `visor_stage_seconds{stage}`: the time an inference service spends per pipeline stage. */
export function stageHistogram(registry: Registry): Histogram<'stage'> {
  return durationHistogram(registry, 'visor_stage_seconds', 'Time spent per pipeline stage', ['stage']);
}

export function counter<L extends string>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: readonly L[] = [],
): Counter<L> {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Counter<L>;
  return new Counter<L>({ name, help, labelNames, registers: [registry] });
}

/**
 * Runs `fn` and observes its duration in seconds, with `outcome` = ok | error added to the labels when the
 * histogram declares that label.
 */
export async function timeStage<L extends string, T>(
  histogram: Histogram<L>,
  labels: Partial<Record<L, string | number>>,
  fn: () => Promise<T> | T,
): Promise<T> {
  const end = histogram.startTimer(labels);
  try {
    const value = await fn();
    end(withOutcome(histogram, 'ok'));
    return value;
  } catch (err) {
    end(withOutcome(histogram, 'error'));
    throw err;
  }
}

function withOutcome<L extends string>(histogram: Histogram<L>, outcome: string): Partial<Record<L, string>> {
  // prom-client keeps label names on the instance but does not type them.
  const names = (histogram as unknown as { labelNames?: string[] }).labelNames ?? [];
  return names.includes('outcome') ? ({ outcome } as Partial<Record<L, string>>) : {};
}
