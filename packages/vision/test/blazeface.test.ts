import { anchorCentres, decodeLayer, iou, sigmoid, weightedNms } from '../src/blazeface.ts';
import { suppressContained } from '../src/detect.ts';

describe('BlazeFace anchors', () => {
  it('has 896 anchors over the 16×16×2 and 8×8×6 layers, centred in their cells', () => {
    const fine = anchorCentres(16, 2);
    const coarse = anchorCentres(8, 6);
    expect(fine.length / 2 + coarse.length / 2).toBe(896);
    expect([fine[0], fine[1]]).toEqual([0.5 / 16, 0.5 / 16]);
    expect([fine[2], fine[3]]).toEqual([0.5 / 16, 0.5 / 16]); // second anchor of the same cell
    expect([fine[4], fine[5]]).toEqual([1.5 / 16, 0.5 / 16]); // next cell to the right
    expect([coarse[coarse.length - 2], coarse[coarse.length - 1]]).toEqual([7.5 / 8, 7.5 / 8]);
  });
});

describe('decodeLayer', () => {
  it('decodes offsets in input pixels relative to the anchor, and skips low scores', () => {
    const grid = 2;
    const per = 1;
    const scores = new Float32Array([-5, 3, -5, -5]);
    const boxes = new Float32Array(4 * 16);
    // Anchor 1 = cell (x=1, y=0), centre (0.75, 0.25) of a 128 input.
    boxes.set([12.8, -6.4, 32, 64, -16, 0, 16, 0, 0, 12.8, 0, 25.6, -32, 0, 32, 0], 16);
    const out = decodeLayer(scores, boxes, grid, per, 128, 0.5);
    expect(out).toHaveLength(1);
    const d = out[0];
    expect(d.score).toBeCloseTo(sigmoid(3));
    expect(d.box.x + d.box.width / 2).toBeCloseTo(0.85);
    expect(d.box.y + d.box.height / 2).toBeCloseTo(0.2);
    expect(d.box.width).toBeCloseTo(0.25);
    expect(d.box.height).toBeCloseTo(0.5);
    expect(d.keypoints[0]).toEqual({ x: 0.75 - 0.125, y: 0.25 });
    expect(d.keypoints[3].y).toBeCloseTo(0.45);
  });

  it('clips extreme logits instead of overflowing', () => {
    expect(sigmoid(1e6)).toBe(sigmoid(100));
    expect(sigmoid(-1e6)).toBeGreaterThan(0);
  });
});

describe('weightedNms', () => {
  const det = (x: number, score: number, kx: number) => ({
    box: { x, y: 0, width: 10, height: 10 },
    score,
    keypoints: [{ x: kx, y: 1 }],
  });

  it('blends overlapping detections by score and keeps the best score', () => {
    const out = weightedNms([det(0, 0.9, 2), det(1, 0.6, 4), det(50, 0.7, 55)]);
    expect(out).toHaveLength(2);
    expect(out[0].score).toBe(0.9);
    expect(out[0].box.x).toBeCloseTo((0 * 0.9 + 1 * 0.6) / 1.5);
    expect(out[0].keypoints[0].x).toBeCloseTo((2 * 0.9 + 4 * 0.6) / 1.5);
    expect(out[1].box.x).toBe(50);
  });

  it('measures overlap as IoU', () => {
    expect(iou({ x: 0, y: 0, width: 10, height: 10 }, { x: 5, y: 0, width: 10, height: 10 })).toBeCloseTo(50 / 150);
  });

  it('drops a weaker detection nested in a stronger one even when IoU is small', () => {
    const big = { box: { x: 0, y: 0, width: 100, height: 100 }, score: 0.9, keypoints: [] };
    const part = { box: { x: 60, y: 20, width: 30, height: 30 }, score: 0.6, keypoints: [] };
    const apart = { box: { x: 150, y: 0, width: 30, height: 30 }, score: 0.6, keypoints: [] };
    expect(suppressContained([part, big, apart])).toEqual([big, apart]);
  });
});
