// Command-line options shared by `./visor bench …` and the stand-alone runners (match-run.ts).
import { parseArgs } from 'node:util';
import type { MatchBenchOptions } from './match.ts';

/** `--name value` as a non-negative integer, or `fallback` when absent. */
export function nonNegativeInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got ${value}`);
  return n;
}

/**
 * `[--sizes 100000,1000000] [--dim 128] [--queries 500] [--random-queries 100] [--similarity 0.7] [--seed N]
 * [--probe-fraction F]`; absent options keep runMatchBench's defaults. `--json` is accepted: the result is always JSON.
 */
export function parseMatchBenchArgs(args: string[]): MatchBenchOptions {
  const { values } = parseArgs({
    args,
    options: {
      json: { type: 'boolean', default: true },
      sizes: { type: 'string' },
      dim: { type: 'string' },
      queries: { type: 'string' },
      'random-queries': { type: 'string' },
      similarity: { type: 'string' },
      seed: { type: 'string' },
      'probe-fraction': { type: 'string' },
    },
  });
  const int = (name: string, s: string | undefined) => (s === undefined ? undefined : nonNegativeInt(name, s, 0));
  const options: MatchBenchOptions = {
    sizes: values.sizes?.split(',').map((n) => nonNegativeInt('sizes', n, 0)),
    dim: int('dim', values.dim),
    queries: int('queries', values.queries),
    randomQueries: int('random-queries', values['random-queries']),
    querySimilarity: values.similarity === undefined ? undefined : Number(values.similarity),
    seed: int('seed', values.seed),
  };
  if (values['probe-fraction']) options.ivf = { probeFraction: Number(values['probe-fraction']) };
  return options;
}
