// ./visor calibrate --dataset DIR --split K/N [--far 1e-3,1e-4] [--seed S]: fit thresholds on one part of the
// identities, report the rates they give on the rest, and store both with the model.
import { parseArgs } from 'node:util';
import {
  COMMON_FLAGS,
  calibrate,
  emit,
  parseSplit,
  saveCalibration,
  servingMismatch,
  setup,
  stderrProgress,
  UsageError,
  withUsage,
} from '@visor/eval';

const USAGE = `usage: ./visor calibrate --dataset DIR --split K/N [--far 1e-3,1e-4] [--seed N] [--model NAME@VERSION]
       [--no-save] [--out FILE] [--limit N] [--mode …] [--alignment …] [--align-points …] [--flip|--no-flip] [--embedder FILE]
Identities are split into N parts by a hash of their name (with --seed); thresholds are fitted on part K and
measured on the other parts. Prints one JSON object; saves thresholds and held-out rates with the model, which is
refused unless the settings are the ones the services use (template crops on the keypoints and the flip fusion the model's
registry entry declares): use --no-save to measure other settings.
`;

export async function run(args: string[]): Promise<number> {
  return withUsage('calibrate', USAGE, async () => {
    const { values: v } = parseArgs({
      args,
      options: {
        ...COMMON_FLAGS,
        split: { type: 'string' },
        far: { type: 'string' },
        seed: { type: 'string' },
        'no-save': { type: 'boolean' },
      },
      allowPositionals: false,
    });
    if (v.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    if (!v.dataset) throw new UsageError('--dataset is required');
    const split = parseSplit(v.split ?? '1/2', Number(v.seed ?? 0));
    const farTargets = (v.far ?? '1e-3,1e-4').split(',').map(Number);
    if (farTargets.some((f) => !(f > 0 && f < 1))) throw new UsageError(`--far must list rates in (0,1), got ${v.far}`);
    const s = await setup(v);
    const mismatch = v['no-save']
      ? undefined
      : servingMismatch(s.model, { alignment: s.alignment, align_points: s.pipeline.chipSpec.points, flip: s.flip });
    if (mismatch) {
      await s.pipeline.close();
      throw new UsageError(`${mismatch}; these thresholds would not hold in the services (measure with --no-save)`);
    }
    try {
      const report = await calibrate({
        datasetDir: v.dataset,
        pipeline: s.pipeline,
        model: s.model,
        split,
        farTargets,
        mode: s.mode,
        alignment: s.alignment,
        flip: s.flip,
        limit: s.limit,
        progress: stderrProgress('calibrate'),
      });
      if (!v['no-save'])
        process.stderr.write(`calibrate: thresholds written to registry entry ${saveCalibration(report)}\n`);
      await emit(report, v.out);
    } finally {
      await s.pipeline.close();
    }
    return 0;
  });
}
