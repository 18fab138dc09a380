// Runs the match benchmark on its own, until `./visor bench match` wires it in:
//   nice node packages/bench/src/match-run.ts [--sizes 100000,1000000] [--dim 128] [--queries 500] [--similarity 0.7]
// JSON result on stdout, progress on stderr.
import { parseArgs } from 'node:util';
import { runMatchBench } from './match.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string' },
    dim: { type: 'string' },
    queries: { type: 'string' },
    'random-queries': { type: 'string' },
    similarity: { type: 'string' },
    seed: { type: 'string' },
    'probe-fraction': { type: 'string' },
  },
});
const num = (s: string | undefined) => (s === undefined ? undefined : Number(s));
const result = await runMatchBench({
  sizes: values.sizes?.split(',').map(Number),
  dim: num(values.dim),
  queries: num(values.queries),
  randomQueries: num(values['random-queries']),
  querySimilarity: num(values.similarity),
  seed: num(values.seed),
  ivf: values['probe-fraction'] ? { probeFraction: Number(values['probe-fraction']) } : undefined,
});
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
