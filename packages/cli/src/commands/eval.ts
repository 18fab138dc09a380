// ./visor eval --dataset DIR [--model NAME@VERSION] [--lfw-pairs FILE] [--json] [--limit N]: one JSON report.
import { parseArgs } from 'node:util';
import { COMMON_FLAGS, emit, evaluate, setup, stderrProgress, UsageError, withUsage } from '@visor/eval';

const USAGE = `usage: ./visor eval --dataset DIR [--model NAME@VERSION] [--lfw-pairs FILE] [--limit N] [--json]
       [--mode auto|selfie|group] [--alignment template|box] [--align-points eyes-nose-mouth|eyes-mouth|eyes|mesh68|mesh68-core] [--flip|--no-flip] [--out FILE]
       [--embedder FILE] [--detector-front FILE] [--detector-back FILE] [--threads N] [--scale F]
DIR holds labels.csv (file,identity,faces) and pairs.csv (a,b,same). --lfw-pairs takes the standard LFW View 2
pairs.txt, or \`generate\` to build one in that format from DIR's own LFW-layout images (identity-disjoint folds).
--align-points and flip fusion default to what the model's registry entry declares, i.e. what the services do.
--scale F (0 < F ≤ 1) shrinks every image by F after decoding: the same people with smaller faces.
Prints one JSON object on stdout; progress goes to stderr.
`;

export async function run(args: string[]): Promise<number> {
  return withUsage('eval', USAGE, async () => {
    const { values: v } = parseArgs({
      args,
      options: { ...COMMON_FLAGS, 'lfw-pairs': { type: 'string' }, scale: { type: 'string' } },
      allowPositionals: false,
    });
    if (v.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    if (!v.dataset) throw new UsageError('--dataset is required');
    const scale = v.scale === undefined ? 1 : Number(v.scale);
    if (!(scale > 0 && scale <= 1)) throw new UsageError(`--scale must be a number in (0, 1], got "${v.scale}"`);
    const s = await setup(v);
    try {
      const report = await evaluate({
        datasetDir: v.dataset,
        pipeline: s.pipeline,
        model: s.model,
        lfwPairsFile: v['lfw-pairs'],
        limit: s.limit,
        mode: s.mode,
        alignment: s.alignment,
        flip: s.flip,
        scale,
        progress: stderrProgress('eval'),
      });
      await emit(report, v.out);
    } finally {
      await s.pipeline.close();
    }
    return 0;
  });
}
