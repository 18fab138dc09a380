// `./visor bench group`: group mode on synthetic class photos (group-photo.ts) with faces of several widths: faces
// found and time, with the tiles of group mode and with one pass over the whole frame only. The portraits are
// lfw-dev photos (every 40th of labels.csv): news photos with the face in its context, many people, some bystanders.

import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readLabels } from '@visor/testkit';
import { createPipeline, groupTilePlan } from '@visor/vision';
import { composeGroupPhoto, countFound } from './group-photo.ts';
import { type MachineInfo, machineInfo } from './machine.ts';
import { defaultModels } from './models.ts';
import { round } from './stats.ts';

export interface GroupBenchOptions {
  datasetsDir: string;
  faceWidths: number[];
  width: number;
  height: number;
  /** Timed passes per frame and setting (the median is reported). */
  runs: number;
  progress: (line: string) => void;
}

/** Every PORTRAIT_STRIDE-th lfw-dev photo: 174 portraits, enough to fill a 1600×1200 canvas with 40 px faces. */
const PORTRAIT_STRIDE = 40;

export const DEFAULT_GROUP_OPTIONS: Omit<GroupBenchOptions, 'datasetsDir' | 'progress'> = {
  faceWidths: [120, 80, 60, 40, 30, 24],
  width: 1600,
  height: 1200,
  runs: 3,
};

interface Pass {
  found: number;
  extra: number;
  ms_p50: number;
}

export interface GroupBenchResult {
  command: string;
  canvas: string;
  portraits: string;
  /** Tiles group mode runs over one canvas (besides the whole-frame pass), faces of 20 px and up. */
  tiles_per_frame: number;
  frames: { face_px: number; faces: number; tiled: Pass; whole_frame_only: Pass }[];
  machine: MachineInfo;
}

export async function runGroupBench(options: GroupBenchOptions): Promise<GroupBenchResult> {
  if (options.faceWidths.length === 0 || options.faceWidths.some((w) => w < 8)) {
    throw new Error('--faces needs widths of 8 px or more');
  }
  if (options.width < 64 || options.height < 64) throw new Error('--width and --height need 64 px or more');
  if (options.runs < 1) throw new Error('--runs must be ≥ 1');
  const loadavgStart = os.loadavg();
  const dir = path.join(options.datasetsDir, 'lfw-dev');
  const portraits = readLabels(dir)
    .filter((_, i) => i % PORTRAIT_STRIDE === 0)
    .map((l) => ({ file: l.file, bytes: readFileSync(path.join(dir, l.file)) }));
  const models = defaultModels();
  const pipeline = await createPipeline({ detector: models.detector, ortOptions: { intraOpNumThreads: 1 } });
  try {
    const frames: GroupBenchResult['frames'] = [];
    for (const faceWidth of options.faceWidths) {
      const photo = await composeGroupPhoto(pipeline, portraits, {
        faceWidth,
        width: options.width,
        height: options.height,
      });
      const pass = async (tiling: boolean): Promise<Pass> => {
        const ms: number[] = [];
        let faces = await pipeline.detect(photo.image, { mode: 'group', tiling, maxFaces: 1000 });
        for (let i = 0; i < options.runs; i++) {
          const t = performance.now();
          faces = await pipeline.detect(photo.image, { mode: 'group', tiling, maxFaces: 1000 });
          ms.push(performance.now() - t);
        }
        ms.sort((a, b) => a - b);
        return { ...countFound(photo, faces), ms_p50: round(ms[Math.floor(ms.length / 2)] ?? 0) };
      };
      const frame = {
        face_px: faceWidth,
        faces: photo.placed.length,
        tiled: await pass(true),
        whole_frame_only: await pass(false),
      };
      options.progress(
        `faces of ${faceWidth} px: ${frame.tiled.found}/${frame.faces} with tiles (+${frame.tiled.extra}) in ` +
          `${frame.tiled.ms_p50} ms, ${frame.whole_frame_only.found} over the whole frame only ` +
          `(+${frame.whole_frame_only.extra}) in ${frame.whole_frame_only.ms_p50} ms`,
      );
      frames.push(frame);
    }
    // What group mode plans for this canvas with the detection defaults (faces of 20 px and up).
    const levels = groupTilePlan(options.width, options.height);
    return {
      command: './visor bench group --json',
      canvas: `${options.width}x${options.height}`,
      portraits: `lfw-dev, every ${PORTRAIT_STRIDE}th photo (${portraits.length})`,
      tiles_per_frame: levels.reduce((n, l) => n + l.tiles.length, 0),
      frames,
      machine: machineInfo(loadavgStart),
    };
  } finally {
    await pipeline.close();
  }
}
