// Verification and identification metrics as pure functions over similarity scores. Higher score = more alike;
// a pair is accepted when its score is ≥ the threshold. `labels[i]` is true for a genuine (same-person) pair.

export interface Rates {
  /** True accept rate: genuine pairs accepted / genuine pairs. */
  tar: number;
  /** False accept rate: impostor pairs accepted / impostor pairs. */
  far: number;
}

function split(scores: readonly number[], labels: readonly boolean[]): { genuine: number[]; impostor: number[] } {
  if (scores.length !== labels.length) throw new RangeError('scores and labels differ in length');
  const genuine: number[] = [];
  const impostor: number[] = [];
  scores.forEach((s, i) => {
    (labels[i] ? genuine : impostor).push(s);
  });
  return { genuine, impostor };
}

/** Dot product of two embeddings; their cosine similarity when both are L2-normalised. */
export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

export function ratesAt(scores: readonly number[], labels: readonly boolean[], threshold: number): Rates {
  const { genuine, impostor } = split(scores, labels);
  return {
    tar: genuine.length ? genuine.filter((s) => s >= threshold).length / genuine.length : Number.NaN,
    far: impostor.length ? impostor.filter((s) => s >= threshold).length / impostor.length : Number.NaN,
  };
}

export function accuracyAt(scores: readonly number[], labels: readonly boolean[], threshold: number): number {
  let correct = 0;
  scores.forEach((s, i) => {
    if (s >= threshold === labels[i]) correct++;
  });
  return scores.length ? correct / scores.length : Number.NaN;
}

/**
 * Area under the ROC curve = P(genuine score > impostor score) + ½ P(equal) (Mann–Whitney U with mid-ranks).
 */
export function auc(scores: readonly number[], labels: readonly boolean[]): number {
  const { genuine, impostor } = split(scores, labels);
  if (!genuine.length || !impostor.length) return Number.NaN;
  const all = scores.map((s, i) => ({ s, g: labels[i] })).sort((a, b) => a.s - b.s);
  let rankSumGenuine = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && all[j].s === all[i].s) j++;
    const midRank = (i + 1 + j) / 2; // ranks i+1..j share their mean
    for (let k = i; k < j; k++) if (all[k].g) rankSumGenuine += midRank;
    i = j;
  }
  const u = rankSumGenuine - (genuine.length * (genuine.length + 1)) / 2;
  return u / (genuine.length * impostor.length);
}

export interface RocPoint {
  threshold: number;
  tar: number;
  far: number;
}

/** ROC points at every distinct score, from the strictest threshold to the loosest. */
export function rocCurve(scores: readonly number[], labels: readonly boolean[]): RocPoint[] {
  const { genuine, impostor } = split(scores, labels);
  const all = scores.map((s, i) => ({ s, g: labels[i] })).sort((a, b) => b.s - a.s);
  const out: RocPoint[] = [{ threshold: Number.POSITIVE_INFINITY, tar: 0, far: 0 }];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < all.length; ) {
    const t = all[i].s;
    while (i < all.length && all[i].s === t) {
      if (all[i].g) tp++;
      else fp++;
      i++;
    }
    out.push({ threshold: t, tar: tp / genuine.length, far: fp / impostor.length });
  }
  return out;
}

/**
 * The lowest threshold whose false accept rate on these impostor scores is ≤ `far`, i.e. a threshold just above
 * the (⌊far·n⌋+1)-th highest impostor score. `undefined` when there are fewer than ⌈1/far⌉ impostors, because
 * then a single false accept already exceeds the target and the rate cannot be resolved.
 */
export function thresholdForFar(impostorScores: readonly number[], far: number): number | undefined {
  const n = impostorScores.length;
  if (n === 0 || n * far < 1 - 1e-9) return undefined;
  const desc = [...impostorScores].sort((a, b) => b - a);
  const allowed = Math.floor(far * n + 1e-9);
  if (allowed >= n) return Number.NEGATIVE_INFINITY;
  const boundary = desc[allowed];
  // Smallest float above the boundary: accepts every impostor strictly above it (at most `allowed` of them).
  return nextUp(boundary);
}

function nextUp(x: number): number {
  if (Number.isNaN(x) || x === Number.POSITIVE_INFINITY) return x;
  if (x === 0) return Number.MIN_VALUE;
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  let bits = buf.getBigUint64(0);
  bits = x > 0 ? bits + 1n : bits - 1n;
  buf.setBigUint64(0, bits);
  return buf.getFloat64(0);
}

export interface TarAtFar extends Rates {
  threshold: number;
}

/** TAR at the threshold that holds FAR ≤ `far` on these pairs; null when the impostors cannot resolve `far`. */
export function tarAtFar(scores: readonly number[], labels: readonly boolean[], far: number): TarAtFar | null {
  const { impostor } = split(scores, labels);
  const threshold = thresholdForFar(impostor, far);
  if (threshold === undefined) return null;
  return { threshold, ...ratesAt(scores, labels, threshold) };
}

/** Threshold with the best accuracy on these pairs (midpoint between neighbouring distinct scores). */
export function bestAccuracyThreshold(scores: readonly number[], labels: readonly boolean[]): number {
  const all = scores.map((s, i) => ({ s, g: labels[i] })).sort((a, b) => a.s - b.s);
  const totalGenuine = all.filter((p) => p.g).length;
  // Threshold below everything: every pair accepted → correct = genuine count.
  let correct = totalGenuine;
  let best = correct;
  let bestT = all.length ? all[0].s - 1 : 0;
  for (let i = 0; i < all.length; ) {
    const t = all[i].s;
    while (i < all.length && all[i].s === t) {
      correct += all[i].g ? -1 : 1; // moving the threshold above t rejects this pair
      i++;
    }
    if (correct > best) {
      best = correct;
      bestT = i < all.length ? (t + all[i].s) / 2 : t + 1;
    }
  }
  return bestT;
}

export interface KFoldAccuracy {
  /** Accuracy of each held-out fold at the threshold fitted on the other folds. */
  foldAccuracies: number[];
  foldThresholds: number[];
  /** Pooled held-out accuracy (correct / pairs over all folds). */
  accuracy: number;
  mean: number;
  /** Sample standard deviation of the fold accuracies. */
  std: number;
  meanThreshold: number;
}

/** k-fold cross-validated accuracy: for each fold, fit the best-accuracy threshold on the others, test on it. */
export function kFoldAccuracy(
  scores: readonly number[],
  labels: readonly boolean[],
  folds: readonly number[],
): KFoldAccuracy {
  const ids = [...new Set(folds)].sort((a, b) => a - b);
  if (ids.length < 2) throw new RangeError('cross-validation needs at least two folds');
  const foldAccuracies: number[] = [];
  const foldThresholds: number[] = [];
  let correct = 0;
  for (const f of ids) {
    const trainS: number[] = [];
    const trainL: boolean[] = [];
    const testS: number[] = [];
    const testL: boolean[] = [];
    scores.forEach((s, i) => {
      if (folds[i] === f) {
        testS.push(s);
        testL.push(labels[i]);
      } else {
        trainS.push(s);
        trainL.push(labels[i]);
      }
    });
    const t = bestAccuracyThreshold(trainS, trainL);
    const acc = accuracyAt(testS, testL, t);
    foldThresholds.push(t);
    foldAccuracies.push(acc);
    correct += acc * testS.length;
  }
  const m = mean(foldAccuracies);
  return {
    foldAccuracies,
    foldThresholds,
    accuracy: correct / scores.length,
    mean: m,
    std: sampleStd(foldAccuracies, m),
    meanThreshold: mean(foldThresholds),
  };
}

export interface Labelled<T> {
  identity: string;
  item: T;
}

/**
 * Rank-1 identification rate: a probe is a hit when its most similar gallery entry has its identity. Only probes
 * whose identity is in the gallery count (closed set).
 */
export function rank1<T>(
  gallery: readonly Labelled<T>[],
  probes: readonly Labelled<T>[],
  similarity: (a: T, b: T) => number,
): { probes: number; hits: number; rate: number } {
  const enrolled = new Set(gallery.map((g) => g.identity));
  let n = 0;
  let hits = 0;
  for (const p of probes) {
    if (!enrolled.has(p.identity)) continue;
    n++;
    let best = Number.NEGATIVE_INFINITY;
    let bestId: string | undefined;
    for (const g of gallery) {
      const s = similarity(p.item, g.item);
      if (s > best) {
        best = s;
        bestId = g.identity;
      }
    }
    if (bestId === p.identity) hits++;
  }
  return { probes: n, hits, rate: n ? hits / n : Number.NaN };
}

export function mean(xs: readonly number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN;
}

export function sampleStd(xs: readonly number[], m = mean(xs)): number {
  if (xs.length < 2) return 0;
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}

/** Median (p = 0.5) or any other percentile, linear interpolation between order statistics. */
export function percentile(xs: readonly number[], p: number): number {
  if (!xs.length) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}
