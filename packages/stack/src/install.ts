// Installs what a component needs when it is missing: Debian packages through apt-get, Go programs through
// `go install` into .visor/bin. When that cannot work (no root, no Go) the error says what to run by hand.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync } from 'node:fs';
import path from 'node:path';
import { progress } from './log.ts';

export class InstallError extends Error {
  override name = 'InstallError';
}

const SYSTEM_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** First executable called one of `names` on PATH or in the usual system directories (sbin is often off PATH). */
export function findExecutable(names: readonly string[], extraDirs: readonly string[] = []): string | undefined {
  const dirs = [...extraDirs, ...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), ...SYSTEM_DIRS];
  for (const name of names) {
    for (const dir of dirs) {
      const file = path.join(dir, name);
      if (isExecutable(file)) return file;
    }
  }
  return undefined;
}

function run(command: string, args: readonly string[], env?: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 2, 2], env: { ...process.env, ...env } });
    child.once('error', () => resolve(127));
    child.once('exit', (code) => resolve(code ?? 1));
  });
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

export interface AptRequirement {
  /** Executables that count as installed, in order of preference (e.g. mariadbd, mysqld). */
  binaries: readonly string[];
  /** Debian package providing them. */
  aptPackage: string;
  /** Human name for messages. */
  title: string;
}

/** Path of the requirement's executable, installing its Debian package first when it is missing. */
export async function ensureApt(req: AptRequirement): Promise<string> {
  const found = findExecutable(req.binaries);
  if (found) return found;
  const manual = `sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y ${req.aptPackage}`;
  const apt = findExecutable(['apt-get']);
  if (!apt) {
    throw new InstallError(
      `${req.title} is not installed (no ${req.binaries.join('/')}) and apt-get is not available. Install it by hand: ${manual}`,
    );
  }
  const sudo = isRoot ? undefined : findExecutable(['sudo']);
  if (!isRoot && !sudo) {
    throw new InstallError(`${req.title} is not installed and installing it needs root. Run by hand: ${manual}`);
  }
  const prefix = sudo ? [sudo, '-n', apt] : [apt];
  const [cmd = apt, ...pre] = prefix;
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  // Another apt-get may hold the dpkg lock for a while (e.g. a colleague installing); wait for it, bounded.
  const install = [...pre, '-o', 'DPkg::Lock::Timeout=600', 'install', '-y', '--no-install-recommends', req.aptPackage];
  progress(`${req.title} is missing: installing Debian package ${req.aptPackage} (apt-get install)`);
  let code = await run(cmd, install, env);
  if (code !== 0) {
    progress('apt-get install failed; refreshing the package lists (apt-get update) and trying once more');
    await run(cmd, [...pre, '-o', 'DPkg::Lock::Timeout=600', 'update'], env);
    code = await run(cmd, install, env);
  }
  const installed = findExecutable(req.binaries);
  if (code !== 0 || !installed) {
    throw new InstallError(
      `could not install ${req.title} (apt-get exited with ${code}). Install it by hand: ${manual}`,
    );
  }
  return installed;
}

export interface GoRequirement {
  /** Binary name, e.g. nats-server. */
  binary: string;
  /** Module path given to `go install`, e.g. github.com/nats-io/nats-server/v2. */
  module: string;
  version: string;
  /** Where `go install` puts it (GOBIN): .visor/bin. */
  binDir: string;
  title: string;
}

/** nats-server 2.15 and fake-gcs-server 1.56 declare `go 1.26` in their go.mod. */
const GO_MIN = '1.26';

function goTool(): string | undefined {
  return findExecutable(['go'], ['/usr/local/go/bin', path.join(process.env.HOME ?? '/root', 'go/bin')]);
}

/** The module version a Go binary was built from (`go version -m`), when Go can tell. */
export function goBinaryVersion(go: string, binary: string): string | undefined {
  const out = spawnSync(go, ['version', '-m', binary], { encoding: 'utf8' });
  if (out.status !== 0) return undefined;
  const line = out.stdout.split('\n').find((l) => l.trim().startsWith('mod\t'));
  return line?.trim().split('\t')[2];
}

/** Path of .visor/bin/<binary>, building the pinned version with `go install` when it is missing or different. */
export async function ensureGo(req: GoRequirement): Promise<string> {
  const target = path.join(req.binDir, req.binary);
  const go = goTool();
  const manual = `GOBIN=${req.binDir} go install ${req.module}@${req.version}`;
  if (isExecutable(target)) {
    // Without Go we cannot read the version; the binary that is there is then accepted as it is.
    if (!go) return target;
    const have = goBinaryVersion(go, target);
    if (have === undefined || have === req.version) return target;
    progress(`${req.binary} in .visor/bin is ${have}, the project pins ${req.version}: rebuilding`);
  }
  if (!go) {
    throw new InstallError(
      `${req.title} is not built yet and Go is not installed. Install Go >= ${GO_MIN} (Debian's golang-go is too old; use the official tarball in /usr/local/go), then run: ${manual}`,
    );
  }
  mkdirSync(req.binDir, { recursive: true });
  progress(`building ${req.title} ${req.version} with go install (first run only, takes a few minutes)`);
  const code = await run(go, ['install', `${req.module}@${req.version}`], { GOBIN: req.binDir, CGO_ENABLED: '0' });
  if (code !== 0 || !isExecutable(target)) {
    const have = spawnSync(go, ['env', 'GOVERSION'], { encoding: 'utf8' }).stdout.trim() || 'unknown';
    throw new InstallError(
      `could not build ${req.title} (go install exited with ${code}; it needs Go >= ${GO_MIN}, ${go} is ${have}). Run by hand: ${manual}`,
    );
  }
  return target;
}

/**
 * The browser of the web UI test: Debian's chromium, which playwright-core drives through `executablePath`;
 * Playwright's own browser downloads are never used (they come from outside the package registries).
 */
export const CHROMIUM: AptRequirement = {
  binaries: ['chromium', 'chromium-browser'],
  aptPackage: 'chromium',
  title: 'Chromium (for the web UI test)',
};

/** Path of chromium, installed with apt-get first when it is missing. */
export const ensureChromium = (): Promise<string> => ensureApt(CHROMIUM);
