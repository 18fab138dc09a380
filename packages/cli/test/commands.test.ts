import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { commands } from '../src/commands.ts';

describe('command table', () => {
  it('has unique command names', () => {
    const names = commands.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('has a module for every command it lists', () => {
    const missing = commands
      .filter((c) => c.name !== 'help')
      .filter((c) => !existsSync(fileURLToPath(new URL(`../src/commands/${c.name}.ts`, import.meta.url))));
    expect(missing.map((c) => c.name)).toEqual([]);
  });
});
