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
