// Labelled datasets on disk: `labels.csv` (file,identity,faces) and `pairs.csv` (a,b,same), paths relative to
// the dataset folder, like ../shared/datasets/*.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export interface LabelRow {
  file: string;
  /** Empty when the source gives none (group photos, unnamed faces). */
  identity: string;
  /** Number of clearly visible faces; undefined when the count is ambiguous. */
  faces: number | undefined;
}

export interface PairRow {
  a: string;
  b: string;
  same: boolean;
}

export interface Dataset {
  dir: string;
  labels: LabelRow[];
  pairs: PairRow[];
}

/** Minimal CSV: comma-separated, optional double quotes with "" escapes, header row. */
export function parseCsv(text: string): Record<string, string>[] {
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  if (!lines.length) return [];
  const header = splitCsvLine(lines[0]);
  return lines.slice(1).map((line) => {
    const cells = splitCsvLine(line);
    return Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']));
  });
}

function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

export async function loadDataset(dir: string): Promise<Dataset> {
  const labels = parseCsv(await readFile(path.join(dir, 'labels.csv'), 'utf8')).map((r) => ({
    file: r.file,
    identity: r.identity ?? '',
    faces: r.faces === undefined || r.faces === '' ? undefined : Number(r.faces),
  }));
  let pairs: PairRow[] = [];
  try {
    pairs = parseCsv(await readFile(path.join(dir, 'pairs.csv'), 'utf8')).map((r) => ({
      a: r.a,
      b: r.b,
      same: r.same === '1' || r.same === 'true',
    }));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  return { dir, labels, pairs };
}

/** A fast, stable 32-bit FNV-1a hash (deterministic identity splits, fold assignment). */
export function fnv1a(text: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
