import { commands } from '../src/commands.ts';

describe('command table', () => {
  it('has unique command names', () => {
    const names = commands.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
