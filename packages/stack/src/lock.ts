// One `up`/`down`/`test` at a time per instance: several people share this checkout, and two runs starting the
// same instance would fight over its ports and data. A lock left by a dead process is taken over.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { progress } from './log.ts';
import { isAlive, type PidRecord, processStartTime } from './supervisor.ts';

export interface Lock {
  release(): void;
}

function holder(file: string): PidRecord | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as PidRecord;
  } catch {
    return undefined;
  }
}

/** Waits (telling the user once) until the lock file can be created, then holds it until release(). */
export async function acquireLock(file: string, what: string): Promise<Lock> {
  mkdirSync(path.dirname(file), { recursive: true });
  const me: PidRecord = { pid: process.pid, startTime: processStartTime(process.pid), command: what };
  let told = false;
  let unreadable = 0;
  for (;;) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      return {
        release: () => {
          if (holder(file)?.pid === process.pid) rmSync(file, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const current = holder(file);
    if (!current) {
      // Being written this instant, or garbage: give the writer a moment, then clear it.
      unreadable += 1;
      if (unreadable > 20) rmSync(file, { force: true });
      await sleep(100);
      continue;
    }
    unreadable = 0;
    if (!isAlive(current)) {
      progress(`removing the lock ${path.basename(file)} left by '${current.command}' (pid ${current.pid}, gone)`);
      rmSync(file, { force: true });
      continue;
    }
    if (!told) {
      progress(`waiting for '${current.command}' (pid ${current.pid}) to finish: it holds ${path.basename(file)}`);
      told = true;
    }
    await sleep(500);
  }
}
