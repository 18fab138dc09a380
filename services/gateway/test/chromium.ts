// The browser the UI test drives: Debian's chromium package (installed by `./visor test`), never a browser build
// downloaded by Playwright.
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

const NAMES = ['chromium', 'chromium-browser'];
// Test runners do not always put /usr/bin on PATH first; the Debian package installs there.
const SYSTEM_DIRS = ['/usr/bin', '/usr/local/bin', '/snap/bin'];

const executable = (file: string) => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** Path of the first `chromium` or `chromium-browser` on PATH (then the system directories), or undefined. */
export function findChromium(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), ...SYSTEM_DIRS];
  for (const name of NAMES) {
    for (const dir of dirs) {
      const file = path.join(dir, name);
      if (executable(file)) return file;
    }
  }
  return undefined;
}

/** In CI a missing browser is a broken machine, not a reason to skip. */
export const inCi = () => Boolean(process.env.CI) && process.env.CI !== 'false';
