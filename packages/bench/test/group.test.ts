// Group mode on a class-photo-like frame (group-photo.ts): lfw-dev portraits shrunk until each face is 60 px wide,
// in a grid on a 1600×1200 canvas. Letterboxed whole into the 256 model those faces are about 10 input pixels
// wide, where BlazeFace scores most of them below the reporting threshold; group mode's tiles find them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describeWithDataset, readLabels } from '@visor/testkit';
import { createPipeline, type Pipeline } from '@visor/vision';
import { composeGroupPhoto, countFound, type GroupPhoto } from '../src/group-photo.ts';
import { defaultModels } from '../src/models.ts';

// ~70 portrait detections and two group passes over the canvas on a shared 2-core machine.
const TIMEOUT_MS = 300_000;

describeWithDataset('lfw-dev', 'group mode on a synthetic class photo', (dir) => {
  let pipeline: Pipeline;
  let photo: GroupPhoto;

  beforeAll(async () => {
    pipeline = await createPipeline({ detector: defaultModels().detector });
    // Every 97th photo: a spread of people, enough to fill the 48 cells.
    const portraits = readLabels(dir)
      .filter((_, i) => i % 97 === 0)
      .map((l) => ({ file: l.file, bytes: readFileSync(path.join(dir, l.file)) }));
    photo = await composeGroupPhoto(pipeline, portraits, { faceWidth: 60, width: 1600, height: 1200 });
  }, TIMEOUT_MS);
  afterAll(async () => {
    await pipeline?.close();
  });

  it('places each portrait inside the canvas, in a cell of its own', () => {
    expect(photo.placed.length).toBeGreaterThanOrEqual(40);
    for (const [i, p] of photo.placed.entries()) {
      expect(p.centre.x).toBeGreaterThan(0);
      expect(p.centre.x).toBeLessThan(1600);
      expect(p.centre.y).toBeGreaterThan(0);
      expect(p.centre.y).toBeLessThan(1200);
      // Cells are 2.5 face widths wide; a face near its portrait's border sits off-centre, but no two overlap.
      for (const q of photo.placed.slice(i + 1))
        expect(Math.hypot(p.centre.x - q.centre.x, p.centre.y - q.centre.y)).toBeGreaterThan(60);
    }
  });

  it(
    'finds nine in ten of the faces, where one pass over the whole frame finds far fewer',
    async () => {
      const tiled = countFound(photo, await pipeline.detect(photo.image, { mode: 'group', maxFaces: 200 }));
      const whole = countFound(
        photo,
        await pipeline.detect(photo.image, { mode: 'group', tiling: false, maxFaces: 200 }),
      );
      process.stderr.write(
        `group mode, ${photo.placed.length} faces of 60 px on 1600×1200: tiles found ${tiled.found} ` +
          `(+${tiled.extra} elsewhere), the whole frame alone ${whole.found} (+${whole.extra})\n`,
      );
      expect(tiled.found / photo.placed.length).toBeGreaterThanOrEqual(0.9);
      expect(tiled.extra).toBeLessThanOrEqual(photo.placed.length * 0.1);
      expect(whole.found).toBeLessThan(tiled.found);
    },
    TIMEOUT_MS,
  );
});
