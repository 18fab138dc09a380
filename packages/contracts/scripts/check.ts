// `pnpm run check`: buf lint, buf format, and freshness of the committed generated code (regenerated into a
// temporary directory and compared file by file). Exits non-zero on the first failing step, saying how to fix it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { protoDir, protoFiles, repoRoot } from '../src/loader.ts';
import { defaultOutDir, generate } from './generate.ts';

const buf = createRequire(import.meta.url).resolve('@bufbuild/buf/bin/buf');

function step(name: string, run: () => string | undefined): void {
  const failure = run();
  if (failure) {
    process.stderr.write(`contracts check: ${name} failed\n${failure}\n`);
    process.exit(1);
  }
  process.stdout.write(`contracts check: ${name} ok\n`);
}

function runBuf(args: string[]): string | undefined {
  try {
    execFileSync(process.execPath, [buf, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    return undefined;
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
    return `${stdout?.toString() ?? ''}${stderr?.toString() ?? ''}`.trim() || String(error);
  }
}

function listFiles(root: string, dir = ''): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(root, rel) : [rel];
  });
}

/** Differences between two directory trees, as human-readable lines; empty when identical. */
export function diffTrees(expected: string, actual: string): string[] {
  const want = new Set(listFiles(expected));
  const have = new Set(listFiles(actual));
  const problems: string[] = [];
  for (const file of [...want].sort()) {
    if (!have.has(file)) problems.push(`missing: ${file}`);
    else if (!readFileSync(path.join(expected, file)).equals(readFileSync(path.join(actual, file)))) {
      problems.push(`differs: ${file}`);
    }
  }
  for (const file of [...have].sort()) if (!want.has(file)) problems.push(`unexpected: ${file}`);
  return problems;
}

step('proto file list', () => {
  // A .proto file missing from loader.ts' protoFiles would lint fine but never be loaded or generated.
  const onDisk = listFiles(protoDir)
    .filter((file) => file.endsWith('.proto'))
    .sort();
  const listed = [...protoFiles].sort();
  return JSON.stringify(onDisk) === JSON.stringify(listed)
    ? undefined
    : `proto/ holds ${onDisk.join(', ')}\nbut src/loader.ts protoFiles lists ${listed.join(', ')}`;
});
step('buf lint', () => runBuf(['lint']));
step('buf format', () => {
  const failure = runBuf(['format', '--diff', '--exit-code']);
  return failure && `${failure}\nfix with: pnpm --filter @visor/contracts format-proto`;
});
step('generated code up to date', () => {
  const fresh = mkdtempSync(path.join(tmpdir(), 'visor-contracts-'));
  try {
    generate(fresh);
    const problems = diffTrees(fresh, defaultOutDir);
    return problems.length === 0
      ? undefined
      : `${problems.join('\n')}\nsrc/generated is stale: run pnpm --filter @visor/contracts generate and commit it`;
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
});
