// Progress lines go to stderr, so stdout carries only results (URLs, tables, the test summary).
export function progress(message: string): void {
  process.stderr.write(`[visor] ${message}\n`);
}
