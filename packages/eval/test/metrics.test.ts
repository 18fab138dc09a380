import {
  accuracyAt,
  auc,
  bestAccuracyThreshold,
  kFoldAccuracy,
  percentile,
  rank1,
  ratesAt,
  rocCurve,
  tarAtFar,
  thresholdForFar,
} from '../src/metrics.ts';

const G = true;
const I = false;

describe('auc', () => {
  it('is 1 when every genuine score beats every impostor', () => {
    expect(auc([0.9, 0.8, 0.2, 0.1], [G, G, I, I])).toBe(1);
  });
  it('is 0 when the order is reversed', () => {
    expect(auc([0.1, 0.2, 0.8, 0.9], [G, G, I, I])).toBe(0);
  });
  it('counts ties as one half', () => {
    expect(auc([0.5, 0.5], [G, I])).toBe(0.5);
  });
  it('matches the pairwise count on a mixed list', () => {
    // genuine 0.9, 0.4; impostor 0.6, 0.3: wins = (0.9>0.6, 0.9>0.3, 0.4>0.3) = 3 of 4
    expect(auc([0.9, 0.4, 0.6, 0.3], [G, G, I, I])).toBe(0.75);
  });
});

describe('rocCurve', () => {
  it('walks from (0,0) to (1,1) through each distinct score', () => {
    const roc = rocCurve([0.9, 0.4, 0.6, 0.3], [G, G, I, I]);
    expect(roc.map((p) => [p.far, p.tar])).toEqual([
      [0, 0],
      [0, 0.5],
      [0.5, 0.5],
      [0.5, 1],
      [1, 1],
    ]);
  });
});

describe('thresholdForFar / tarAtFar', () => {
  const impostors = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95];
  it('admits at most floor(far·n) impostors', () => {
    const t = thresholdForFar(impostors, 0.1) as number;
    expect(impostors.filter((s) => s >= t)).toEqual([0.95]);
    const t2 = thresholdForFar(impostors, 0.25) as number; // 2.5 → 2 false accepts allowed
    expect(impostors.filter((s) => s >= t2)).toEqual([0.9, 0.95]);
  });
  it('returns undefined when too few impostors resolve the rate', () => {
    expect(thresholdForFar(impostors, 0.01)).toBeUndefined();
    expect(tarAtFar([0.9, 0.1], [G, I], 1e-3)).toBeNull();
  });
  it('reports TAR at that threshold', () => {
    const genuine = [0.99, 0.97, 0.92, 0.85];
    const scores = [...genuine, ...impostors];
    const labels = [...genuine.map(() => G), ...impostors.map(() => I)];
    const r = tarAtFar(scores, labels, 0.1);
    expect(r?.far).toBeCloseTo(0.1);
    expect(r?.tar).toBe(0.75); // 0.99, 0.97, 0.92 pass (> 0.9, the second highest impostor); 0.85 does not
  });
});

describe('accuracy and thresholds', () => {
  it('finds a separating threshold', () => {
    const scores = [0.9, 0.8, 0.7, 0.3, 0.2, 0.1];
    const labels = [G, G, G, I, I, I];
    const t = bestAccuracyThreshold(scores, labels);
    expect(t).toBeGreaterThan(0.3);
    expect(t).toBeLessThan(0.7);
    expect(accuracyAt(scores, labels, t)).toBe(1);
    expect(ratesAt(scores, labels, t)).toEqual({ tar: 1, far: 0 });
  });
  it('cross-validates on held-out folds only', () => {
    // Fold 0 is separable at 0.5, fold 1 has its genuine pair below every impostor of fold 0.
    const scores = [0.9, 0.1, 0.8, 0.2, 0.3, 0.6];
    const labels = [G, I, G, I, G, I];
    const folds = [0, 0, 0, 0, 1, 1];
    const r = kFoldAccuracy(scores, labels, folds);
    expect(r.foldAccuracies).toHaveLength(2);
    // Fold 1 tested with fold 0's threshold (between 0.2 and 0.8): 0.3 rejected (wrong), 0.6 accepted (wrong).
    expect(r.foldAccuracies[1]).toBe(0);
    expect(r.accuracy).toBeCloseTo(r.foldAccuracies[0] * (4 / 6));
  });
});

describe('rank1', () => {
  it('counts nearest-gallery hits over probes with an enrolled identity', () => {
    const gallery = [
      { identity: 'a', item: 0 },
      { identity: 'b', item: 10 },
    ];
    const probes = [
      { identity: 'a', item: 1 },
      { identity: 'b', item: 4 }, // nearer to a → miss
      { identity: 'c', item: 10 }, // not enrolled → ignored
    ];
    expect(rank1(gallery, probes, (x, y) => -Math.abs(x - y))).toEqual({ probes: 2, hits: 1, rate: 0.5 });
  });
});

describe('percentile', () => {
  it('interpolates the median', () => {
    expect(percentile([3, 1, 2, 4], 0.5)).toBe(2.5);
  });
});
