// formatJson must lay the registry out exactly as Biome formats JSON, or a program writing thresholds back would
// leave a file `pnpm lint` rejects. Biome itself is the judge here.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { formatJson } from '../src/json.ts';
import { defaultRegistryFile, repoRoot } from '../src/registry.ts';

function biomeFormat(text: string): string {
  const biome = path.join(repoRoot, 'node_modules/.bin/biome');
  const r = spawnSync(biome, ['format', '--stdin-file-path=models/registry.json'], {
    cwd: repoRoot,
    input: text,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`biome format failed: ${r.stderr}`);
  return r.stdout;
}

describe('formatJson', () => {
  it('writes what Biome would: nested objects, long and short arrays of numbers, strings and arrays', () => {
    const sample = {
      schemaVersion: 1,
      short: [1, 'a', null, true],
      nested: [
        [1, 2],
        [3, 4],
      ],
      longNumbers: Array.from({ length: 60 }, (_, i) => i * 0.0123456789),
      longStrings: Array.from({ length: 30 }, (_, i) => `s${i}`),
      rows: Array.from({ length: 20 }, (_, i) => [i, i / 2, 'abc']),
      objects: [{ x: 1, y: { z: [] } }],
      empty: {},
      text: 'quote " and newline \n and unicode ×',
    };
    const text = formatJson(sample);
    expect(biomeFormat(text)).toBe(text);
    expect(JSON.parse(text)).toEqual(sample);
  });

  it('reproduces the checked-in registry byte for byte', () => {
    const text = readFileSync(defaultRegistryFile, 'utf8');
    expect(formatJson(JSON.parse(text))).toBe(text);
  });
});
