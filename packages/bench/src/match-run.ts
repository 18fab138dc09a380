// Runs the match benchmark on its own (the same options as `./visor bench match`, plus --probe-fraction):
//   nice node packages/bench/src/match-run.ts [--sizes 100000,1000000] [--dim 128] [--queries 500] [--similarity 0.7]
// JSON result on stdout, progress on stderr.
import { parseMatchBenchArgs } from './args.ts';
import { runMatchBench } from './match.ts';

const result = await runMatchBench(parseMatchBenchArgs(process.argv.slice(2)));
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
