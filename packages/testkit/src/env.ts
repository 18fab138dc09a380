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

/**
 * Process environment every Visor service runs with, wherever it is started: `./visor up`, the tests, the
 * benchmarks, and the container image (the Dockerfile sets the same values; keep them equal).
 *
 * MALLOC_ARENA_MAX: glibc gives each thread that allocates under contention an arena of its own (up to 8 per core)
 * and returns little of an arena's freed memory to the system. Decoding and resampling images (sharp's libvips
 * threads beside the main thread) left the detection service at 340–374 MB resident after a burst of 600 Detect calls
 * at concurrency 16; with two arenas, 263–266 MB (peak 325–336 MB instead of 353–374 MB). glibc reads it at start,
 * so it cannot be set from inside the service.
 */
export const SERVICE_PROCESS_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2' };
