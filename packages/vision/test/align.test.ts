import { alignFace, chipTargets, DLIB_CHIP, similarityTransform } from '../src/align.ts';
import { applyAffine, invertAffine, type Point, type RgbImage, warpAffine } from '../src/image.ts';

function similarity(scale: number, angle: number, tx: number, ty: number) {
  const a = scale * Math.cos(angle);
  const b = scale * Math.sin(angle);
  return (p: Point): Point => ({ x: a * p.x - b * p.y + tx, y: b * p.x + a * p.y + ty });
}

describe('similarityTransform', () => {
  it('recovers an exact similarity from four points', () => {
    const src = [
      { x: 10, y: 20 },
      { x: 50, y: 22 },
      { x: 31, y: 45 },
      { x: 30, y: 70 },
    ];
    const f = similarity(1.7, 0.3, -12, 40);
    const m = similarityTransform(src, src.map(f));
    for (const p of src) {
      const q = applyAffine(m, p);
      expect(q.x).toBeCloseTo(f(p).x, 9);
      expect(q.y).toBeCloseTo(f(p).y, 9);
    }
  });

  it('is the least-squares fit when the targets are noisy (residuals sum to zero)', () => {
    const src = [
      { x: 0, y: 0 },
      { x: 10, y: 0 },
      { x: 5, y: 8 },
      { x: 5, y: 14 },
    ];
    const noise = [
      { x: 0.5, y: -0.2 },
      { x: -0.3, y: 0.4 },
      { x: 0.1, y: 0.3 },
      { x: -0.2, y: -0.6 },
    ];
    const f = similarity(2, -0.4, 3, 4);
    const dst = src.map((p, i) => ({ x: f(p).x + noise[i].x, y: f(p).y + noise[i].y }));
    const m = similarityTransform(src, dst);
    const res = src.map((p, i) => {
      const q = applyAffine(m, p);
      return { x: q.x - dst[i].x, y: q.y - dst[i].y };
    });
    expect(res.reduce((s, r) => s + r.x, 0)).toBeCloseTo(0, 9);
    expect(res.reduce((s, r) => s + r.y, 0)).toBeCloseTo(0, 9);
    // No reflection, uniform scale: the linear part is [[a, -b], [b, a]].
    expect(m[0]).toBeCloseTo(m[4], 12);
    expect(m[1]).toBeCloseTo(-m[3], 12);
  });
});

describe('alignFace', () => {
  it('maps the face keypoints onto the dlib chip targets and samples the right pixels', () => {
    // A 200×200 image with a bright dot at each keypoint of a tilted, scaled face.
    const spec = { ...DLIB_CHIP, points: 'eyes-nose-mouth' as const };
    const targets = chipTargets(spec);
    const toImage = similarity(0.8, 0.25, 40, 30);
    const src = targets.map(toImage);
    const width = 200;
    const height = 200;
    const data = new Uint8Array(width * height * 3);
    for (const p of src) {
      const o = (Math.floor(p.y) * width + Math.floor(p.x)) * 3;
      data[o] = 255;
      data[o + 1] = 255;
      data[o + 2] = 255;
    }
    const image: RgbImage = { data, width, height };
    const [rightEye, leftEye, noseTip, mouth] = src;
    const landmarks = { rightEye, leftEye, noseTip, mouth, rightEar: rightEye, leftEar: leftEye };
    const { image: chip, toChip } = alignFace(image, landmarks, spec);
    expect([chip.width, chip.height]).toEqual([150, 150]);
    src.forEach((p, i) => {
      const q = applyAffine(toChip, p);
      expect(q.x).toBeCloseTo(targets[i].x, 6);
      expect(q.y).toBeCloseTo(targets[i].y, 6);
    });
    // The chip is brighter around each target than at the chip's corner.
    for (const t of targets) {
      let peak = 0;
      for (let dy = -2; dy <= 2; dy++) {
        for (let dx = -2; dx <= 2; dx++) {
          const o = (Math.floor(t.y + dy) * 150 + Math.floor(t.x + dx)) * 3;
          peak = Math.max(peak, chip.data[o]);
        }
      }
      expect(peak).toBeGreaterThan(40);
    }
    expect(chip.data[0]).toBe(0);
  });

  it('puts the eyes level and symmetric in the chip (dlib template)', () => {
    const [r, l, n, m] = chipTargets({ ...DLIB_CHIP, points: 'eyes-nose-mouth' });
    expect(r.y).toBeCloseTo(l.y, 6);
    expect((r.x + l.x) / 2).toBeCloseTo(n.x, 0);
    expect(m.y).toBeGreaterThan(n.y);
    // With padding 0.25, the eyes sit ~47 px from the chip's left and top edge.
    expect(r.x).toBeGreaterThan(45);
    expect(r.x).toBeLessThan(50);
    // The default fit uses eyes and mouth: the same targets without the nose.
    expect(chipTargets(DLIB_CHIP)).toEqual([r, l, m]);
  });
});

describe('warpAffine', () => {
  it('reproduces an image under the identity map and inverts cleanly', () => {
    const data = Uint8Array.from({ length: 8 * 6 * 3 }, (_, i) => (i * 37) % 256);
    const img: RgbImage = { data, width: 8, height: 6 };
    expect(warpAffine(img, [1, 0, 0, 0, 1, 0], 8, 6).data).toEqual(data);
    const m = [2, 0.5, 3, -0.5, 2, 1] as const;
    const back = invertAffine(invertAffine(m));
    back.forEach((v, i) => {
      expect(v).toBeCloseTo(m[i], 12);
    });
  });
});
