// Where the test stack is: the repository root and the dependencies' addresses exported by `./visor test`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** A dependency's address, as exported by `./visor test`; a clear failure when the suite runs outside it. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: integration tests need the test stack, run them with ./visor test`);
  }
  return value;
}
