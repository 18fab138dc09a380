// The standard LFW pairs file (View 2: `pairs.txt`). First line: number of folds and pairs per class per fold,
// then per fold N matched lines `name<TAB>i<TAB>j` and N mismatched lines `name1<TAB>i<TAB>name2<TAB>j`.
// Image `i` of `name` is `images/<name>/<name>_<i as 4 digits>.jpg` in the LFW layout (lfw-dev keeps it).
import path from 'node:path';

export interface LfwPair {
  a: string;
  b: string;
  same: boolean;
  fold: number;
}

export function lfwImagePath(name: string, index: number): string {
  return path.posix.join('images', name, `${name}_${String(index).padStart(4, '0')}.jpg`);
}

export function parseLfwPairs(text: string): LfwPair[] {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (!lines.length) throw new Error('empty LFW pairs file');
  const [foldsText, perText] = lines[0].split(/\s+/);
  const folds = Number(foldsText);
  const per = Number(perText);
  if (!Number.isInteger(folds) || !Number.isInteger(per) || folds < 1 || per < 1) {
    throw new Error(`LFW pairs header must be "<folds> <pairs per class>", got "${lines[0]}"`);
  }
  const body = lines.slice(1);
  if (body.length !== folds * per * 2) {
    throw new Error(`LFW pairs file declares ${folds}×${2 * per} pairs but has ${body.length} lines`);
  }
  return body.map((line, i) => {
    const fold = Math.floor(i / (2 * per));
    const f = line.split(/\s+/);
    if (f.length === 3) {
      return { a: lfwImagePath(f[0], Number(f[1])), b: lfwImagePath(f[0], Number(f[2])), same: true, fold };
    }
    if (f.length === 4) {
      return { a: lfwImagePath(f[0], Number(f[1])), b: lfwImagePath(f[2], Number(f[3])), same: false, fold };
    }
    throw new Error(`LFW pairs line ${i + 2} has ${f.length} fields: "${line}"`);
  });
}

export interface LfwImage {
  identity: string;
  /** 1-based image number (the NNNN of `<name>_NNNN.jpg`). */
  index: number;
}

/**
 * Writes a pairs file in the LFW View 2 format from the images at hand, for datasets that have the LFW layout but
 * not the official pairs.txt (e.g. an identity half of LFW). Like View 2, folds are identity-disjoint; every fold has
 * `perFold` matched pairs (one per identity in turn, cycling) and `perFold` mismatched pairs, all drawn
 * deterministically from fnv1a hashes with `seed`. Not the official file: results on it are not comparable to
 * published LFW numbers to the last decimal.
 */
export function makeLfwPairs(images: readonly LfwImage[], folds = 10, perFold = 300, seed = 0): string {
  const byId = new Map<string, number[]>();
  for (const im of images) byId.set(im.identity, [...(byId.get(im.identity) ?? []), im.index]);
  const ids = [...byId.keys()].sort();
  const foldOf = (id: string): number => fnv1a32(`fold|${id}`, seed) % folds;
  const lines = [`${folds}\t${perFold}`];
  for (let f = 0; f < folds; f++) {
    const inFold = ids.filter((id) => foldOf(id) === f);
    const multi = inFold
      .filter((id) => (byId.get(id) as number[]).length >= 2)
      .sort((a, b) => fnv1a32(a, seed) - fnv1a32(b, seed));
    const matched = new Set<string>();
    for (let round = 0; matched.size < perFold && multi.length > 0 && round < 1000; round++) {
      for (const id of multi) {
        if (matched.size >= perFold) break;
        const idx = byId.get(id) as number[];
        const i = idx[fnv1a32(`m|${id}|${round}|a`, seed) % idx.length];
        const j = idx[fnv1a32(`m|${id}|${round}|b`, seed) % idx.length];
        if (i === j) continue;
        matched.add(`${id}\t${Math.min(i, j)}\t${Math.max(i, j)}`);
      }
    }
    if (matched.size < perFold) throw new Error(`fold ${f}: only ${matched.size} matched pairs available`);
    const flat = inFold.flatMap((id) => (byId.get(id) as number[]).map((index) => ({ id, index })));
    const mismatched = new Set<string>();
    for (let k = 0; mismatched.size < perFold && k < perFold * 1000; k++) {
      const a = flat[fnv1a32(`x|${f}|${k}|a`, seed) % flat.length];
      const b = flat[fnv1a32(`x|${f}|${k}|b`, seed) % flat.length];
      if (a.id === b.id) continue;
      const [p, q] = a.id < b.id ? [a, b] : [b, a];
      mismatched.add(`${p.id}\t${p.index}\t${q.id}\t${q.index}`);
    }
    if (mismatched.size < perFold) throw new Error(`fold ${f}: only ${mismatched.size} mismatched pairs available`);
    lines.push(...matched, ...mismatched);
  }
  return `${lines.join('\n')}\n`;
}

function fnv1a32(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // Final avalanche (murmur3 fmix32) so nearby strings land far apart modulo small numbers.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** `images/<name>/<name>_NNNN.jpg` → { identity, index }, or undefined for other layouts. */
export function parseLfwPath(file: string): LfwImage | undefined {
  const m = /(?:^|\/)([^/]+)_(\d{4})\.jpg$/.exec(file);
  return m ? { identity: m[1], index: Number(m[2]) } : undefined;
}
