import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CHROMIUM, ensureApt, ensureChromium, findExecutable } from '../src/install.ts';

// Only the paths that find what is already there: the ones that would run apt-get are not exercised here.
describe('finding and ensuring installed programs', () => {
  let dir: string;
  const savedPath = process.env.PATH;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'visor-install-'));
    process.env.PATH = `${dir}${path.delimiter}${savedPath ?? ''}`;
  });

  afterEach(() => {
    process.env.PATH = savedPath;
    rmSync(dir, { recursive: true, force: true });
  });

  const program = (name: string, mode = 0o755) => {
    const file = path.join(dir, name);
    writeFileSync(file, '#!/bin/sh\nexit 0\n');
    chmodSync(file, mode);
    return file;
  };

  it('prefers PATH over the system directories and skips files that are not executable', () => {
    const name = `visor-fake-${process.pid}`;
    program(name, 0o644);
    expect(findExecutable([name])).toBeUndefined();
    const file = program(name);
    expect(findExecutable(['visor-no-such-program', name])).toBe(file);
  });

  it('returns a present program without installing anything', async () => {
    const name = `visor-fake-${process.pid}`;
    const file = program(name);
    await expect(ensureApt({ binaries: [name], aptPackage: 'no-such-package', title: 'fake' })).resolves.toBe(file);
  });

  it('takes chromium, or else chromium-browser, from the Debian chromium package', async () => {
    expect(CHROMIUM.binaries).toEqual(['chromium', 'chromium-browser']);
    expect(CHROMIUM.aptPackage).toBe('chromium');
    const file = program('chromium');
    await expect(ensureChromium()).resolves.toBe(file);
  });
});
