// ./visor test [jest args]: models build (when that command exists), a fresh test instance of the stack, chromium
// for the web UI test (apt-get when missing), static checks, then jest over the whole workspace against that
// instance; the instance is stopped whatever happens.
// Progress goes to stderr; the last line on stdout is `N passed, N failed, N skipped`.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import {
  acquireLock,
  contractEnv,
  describeError,
  down,
  ensureChromium,
  formatTable,
  type Instance,
  instanceFor,
  type JestCounts,
  jestCounts,
  jestWorkerArgs,
  progress,
  summaryLine,
  up,
} from '@visor/stack';

interface StepResult {
  name: string;
  ok: boolean;
  /** Not run because of an interrupt (counts as a failure). */
  skipped?: boolean;
  seconds: number;
}

// The child of the step that runs now, so an interrupt reaches it even when it was sent to this process only.
const children = new Set<ChildProcess>();

function exec(command: string, args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: 'inherit', env: env ?? process.env });
    children.add(child);
    child.once('error', (err) => {
      progress(`could not run ${command}: ${err.message}`);
      resolve(127);
    });
    child.once('exit', (code, sig) => {
      children.delete(child);
      resolve(code ?? (sig ? 128 : 1));
    });
  });
}

function testEnv(instance: Instance): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...contractEnv(instance),
    VISOR_NATS_MONITOR_URL: `http://127.0.0.1:${instance.ports.natsMonitor}`,
    VISOR_TEST_SCRAPE_PORT: String(instance.testScrapePort),
  };
}

export async function run(args: string[]): Promise<number> {
  let instance: Instance;
  try {
    instance = instanceFor('test');
  } catch (err) {
    process.stderr.write(`visor test: ${describeError(err)}\n`);
    return 2;
  }
  const root = instance.root;
  const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
  const results: StepResult[] = [];
  let interrupted = false;
  const onSignal = (sig: NodeJS.Signals) => {
    for (const child of children) child.kill(sig);
    if (interrupted) return;
    interrupted = true;
    progress('interrupted: stopping after the current step, then shutting the test instance down');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const step = async (name: string, body: () => Promise<boolean>, always = false): Promise<boolean> => {
    if (interrupted && !always) {
      results.push({ name, ok: false, skipped: true, seconds: 0 });
      return false;
    }
    progress(`▶ ${name}`);
    const started = Date.now();
    let ok: boolean;
    try {
      ok = await body();
    } catch (err) {
      progress(`${name}: ${describeError(err)}`);
      ok = false;
    }
    const seconds = (Date.now() - started) / 1000;
    results.push({ name, ok, seconds });
    progress(`${ok ? '✓' : '✗'} ${name} (${seconds.toFixed(1)} s)`);
    return ok;
  };

  const lock = await acquireLock(path.join(root, '.visor', 'test.lock'), './visor test');
  const jsonFile = path.join(instance.dir, 'jest.json');
  let counts: JestCounts | undefined;
  let stackStarted: Promise<StackStart> = Promise.resolve({ ok: false, seconds: 0 });
  try {
    // (a) models first: services and integration tests load the ONNX files it builds.
    const modelsCommand = new URL('./models.ts', import.meta.url);
    if (existsSync(modelsCommand)) {
      await step('models build', async () => {
        const mod = (await import(modelsCommand.href)) as { run(args: string[]): Promise<number> };
        return (await mod.run(['build'])) === 0;
      });
    }

    // (b) a fresh test instance: whatever an earlier run left (processes, data) goes first.
    await step('wipe the test instance', async () => {
      await down(instance);
      rmSync(instance.dir, { recursive: true, force: true });
      mkdirSync(instance.dir, { recursive: true });
      return true;
    });
    // The web UI test drives Debian's chromium. Before the stack starts: that may run apt-get for MariaDB and
    // Prometheus, and two apt-get at once fight over apt's locks. Outside CI a machine that cannot install it
    // still tests the rest (that one test skips and says why); in CI the step fails.
    await step('chromium for the web UI test', async () => {
      try {
        progress(`chromium: ${await ensureChromium()}`);
        return true;
      } catch (err) {
        const ci = Boolean(process.env.CI) && process.env.CI !== 'false';
        progress(`${describeError(err)}${ci ? '' : ' (outside CI the web UI test is skipped)'}`);
        return !ci;
      }
    });

    // It starts while the static checks run: they need no stack, and most of the start is waiting.
    if (!interrupted) stackStarted = startStack(instance);

    // (c) static checks.
    await step('biome check .', async () => (await exec(bin('biome'), ['check', '.'], root)) === 0);
    await step('tsc -p tsconfig.json', async () => (await exec(bin('tsc'), ['-p', 'tsconfig.json'], root)) === 0);
    await step('pnpm -r --if-present run check', async () => {
      return (await exec('pnpm', ['-r', '--if-present', 'run', 'check'], root)) === 0;
    });
    await step('helm lint + template (charts/visor)', async () => {
      return (await exec('bash', ['scripts/check-chart.sh'], root)) === 0;
    });
    const stack = await stackStarted;
    results.push({ name: 'start the test instance (beside the checks)', ...stack, skipped: interrupted && !stack.ok });

    // (d) jest over the workspace, against the test instance.
    await step(`jest ${args.join(' ')}`.trim(), async () => {
      rmSync(jsonFile, { force: true });
      const jestArgs = [
        '--experimental-vm-modules',
        '--no-warnings=ExperimentalWarning',
        path.join(root, 'node_modules', 'jest', 'bin', 'jest.js'),
        ...jestWorkerArgs(args),
        '--json',
        `--outputFile=${jsonFile}`,
        ...args,
      ];
      const code = await exec(process.execPath, jestArgs, root, testEnv(instance));
      if (existsSync(jsonFile)) counts = jestCounts(JSON.parse(readFileSync(jsonFile, 'utf8')));
      else progress(`jest wrote no ${path.relative(root, jsonFile)} (exit code ${code})`);
      if (counts && counts.suitesFailedToRun > 0) progress(`${counts.suitesFailedToRun} test file(s) failed to run`);
      return code === 0;
    });
  } finally {
    // (e) never leave the test instance running; a start still under way is let finish first, or it would
    // start processes after the stop.
    await stackStarted;
    await step(
      'stop the test instance',
      async () => {
        for (const s of await down(instance)) {
          if (s.outcome === 'killed') progress(`${s.component.title} ignored SIGTERM and was killed`);
        }
        return true;
      },
      true,
    );
    lock.release();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }

  const table = formatTable(
    ['step', 'result', 'seconds'],
    results.map((r) => [r.name, r.ok ? 'ok' : r.skipped ? 'skipped' : 'FAILED', r.seconds.toFixed(1)]),
  );
  process.stderr.write(`\n${table}\n`);
  process.stdout.write(`${summaryLine(counts ?? { passed: 0, failed: 0, skipped: 0, suitesFailedToRun: 0 })}\n`);
  return results.every((r) => r.ok) && counts !== undefined ? 0 : 1;
}

interface StackStart {
  ok: boolean;
  seconds: number;
}

async function startStack(instance: Instance): Promise<StackStart> {
  const started = Date.now();
  const seconds = () => (Date.now() - started) / 1000;
  try {
    const outcomes = await up(instance);
    const list = outcomes.map((o) => `${o.component.name} (pid ${o.pid})`).join(', ');
    progress(`test instance up in ${seconds().toFixed(1)} s: ${list}`);
    return { ok: true, seconds: seconds() };
  } catch (err) {
    progress(`the test instance did not start: ${describeError(err)}`);
    return { ok: false, seconds: seconds() };
  }
}
