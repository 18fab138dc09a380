// The one-line verdict `./visor test` prints last, computed from jest's --json output.
export interface JestCounts {
  passed: number;
  failed: number;
  skipped: number;
  /** Test files that could not run at all (syntax error, failing import): they hold no counted test. */
  suitesFailedToRun: number;
}

interface JestJson {
  numPassedTests?: number;
  numFailedTests?: number;
  numPendingTests?: number;
  numTodoTests?: number;
  numRuntimeErrorTestSuites?: number;
}

export function jestCounts(json: unknown): JestCounts {
  const j = (json ?? {}) as JestJson;
  return {
    passed: j.numPassedTests ?? 0,
    failed: j.numFailedTests ?? 0,
    skipped: (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0),
    suitesFailedToRun: j.numRuntimeErrorTestSuites ?? 0,
  };
}

export function summaryLine(counts: JestCounts): string {
  return `${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`;
}

/** Adds --maxWorkers=2 unless the caller chose the worker count (the machine has 2 cores, shared). */
export function jestWorkerArgs(userArgs: readonly string[]): string[] {
  const chosen = userArgs.some((a) => /^(-w|-i|--maxWorkers|--max-workers|--runInBand|--run-in-band)(=|$)/.test(a));
  return chosen ? [] : ['--maxWorkers=2'];
}
