// MariaDB from Debian's mariadb-server, as a private server: its own data directory (mariadb-install-db), port,
// socket and pid file under .visor/<instance>/, reachable on 127.0.0.1 only. The database `visor` and the user
// visor/visor (all privileges: tests create their own databases) come from an init file run at every start.

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Connection, createConnection } from 'mysql2/promise';
import { baseProcessEnv, type Component, logFileOf } from '../component.ts';
import { ensureApt, findExecutable, InstallError } from '../install.ts';
import type { Instance } from '../instance.ts';
import { progress } from '../log.ts';

/** One statement per line: older servers read init files line by line. */
export const INIT_SQL = [
  'CREATE DATABASE IF NOT EXISTS visor CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;',
  "CREATE USER IF NOT EXISTS 'visor'@'%' IDENTIFIED BY 'visor';",
  "CREATE USER IF NOT EXISTS 'visor'@'localhost' IDENTIFIED BY 'visor';",
  "GRANT ALL PRIVILEGES ON *.* TO 'visor'@'%' WITH GRANT OPTION;",
  "GRANT ALL PRIVILEGES ON *.* TO 'visor'@'localhost' WITH GRANT OPTION;",
  // Anonymous accounts would shadow visor@localhost for socket logins.
  "DELETE FROM mysql.global_priv WHERE User='';",
  'FLUSH PRIVILEGES;',
].join('\n');

const MAX_SOCKET_PATH = 100;

/** The server socket: in the run directory unless that path is too long for a Unix socket. */
export function socketPath(instance: Instance): string {
  const preferred = path.join(instance.runDir, 'mysqld.sock');
  if (preferred.length <= MAX_SOCKET_PATH) return preferred;
  const hash = createHash('sha256').update(instance.dir).digest('hex').slice(0, 12);
  return path.join(os.tmpdir(), `visor-${hash}-mysqld.sock`);
}

function osUser(): string {
  return os.userInfo().username;
}

function runToLog(command: string, args: readonly string[], logFile: string): Promise<number> {
  const fd = openSync(logFile, 'a');
  return new Promise<number>((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', fd, fd] });
    child.once('error', () => resolve(127));
    child.once('exit', (code) => resolve(code ?? 1));
  }).finally(() => closeSync(fd));
}

export function mariadb(instance: Instance): Component {
  const port = instance.ports.mysql;
  const dataDir = path.join(instance.dir, 'mysql');
  const initializedMarker = path.join(instance.dir, 'mysql.initialized');
  const initFile = path.join(instance.dir, 'mysql-init.sql');
  const logFile = logFileOf(instance, 'mysql');
  let server: string | undefined;

  return {
    name: 'mysql',
    title: 'MariaDB',
    kind: 'infra',
    address: `mysql://visor:visor@127.0.0.1:${port}/visor`,
    ports: [{ port, purpose: 'MariaDB', envVar: 'VISOR_MYSQL_PORT' }],
    startTimeoutMs: 120_000,
    stopGraceMs: 60_000,

    async install() {
      server = await ensureApt({ binaries: ['mariadbd', 'mysqld'], aptPackage: 'mariadb-server', title: 'MariaDB' });
    },

    async prepare() {
      const bin = server ?? findExecutable(['mariadbd', 'mysqld']);
      if (!bin) throw new InstallError('MariaDB is not installed. Run: sudo apt-get install -y mariadb-server');
      mkdirSync(instance.runDir, { recursive: true });
      mkdirSync(instance.logsDir, { recursive: true });
      // The marker is written only after mariadb-install-db succeeded: a data directory without it is a
      // half-finished initialisation (crash, Ctrl-C) and is redone from scratch.
      if (!existsSync(initializedMarker)) {
        const installDb = findExecutable(['mariadb-install-db', 'mysql_install_db']);
        if (!installDb)
          throw new InstallError('mariadb-install-db is missing. Run: sudo apt-get install -y mariadb-server');
        rmSync(dataDir, { recursive: true, force: true });
        progress(`initialising MariaDB data directory ${path.relative(instance.root, dataDir)}`);
        const code = await runToLog(
          installDb,
          [
            '--no-defaults',
            `--datadir=${dataDir}`,
            `--user=${osUser()}`,
            '--auth-root-authentication-method=socket',
            '--skip-test-db',
          ],
          logFile,
        );
        if (code !== 0) throw new Error(`mariadb-install-db failed with exit code ${code}; see ${logFile}`);
        writeFileSync(initializedMarker, `${new Date().toISOString()}\n`);
      }
      writeFileSync(initFile, `${INIT_SQL}\n`);
      const args = [
        '--no-defaults',
        `--datadir=${dataDir}`,
        `--port=${port}`,
        '--bind-address=127.0.0.1',
        `--socket=${socketPath(instance)}`,
        `--pid-file=${path.join(instance.runDir, 'mysqld.pid')}`,
        `--user=${osUser()}`,
        `--init-file=${initFile}`,
        '--skip-name-resolve',
        '--character-set-server=utf8mb4',
        '--collation-server=utf8mb4_unicode_ci',
        '--max-connections=500',
        '--innodb-buffer-pool-size=256M',
      ];
      // The test instance is wiped on every run: durability per commit buys nothing there, speed does.
      if (instance.name === 'test') args.push('--innodb-flush-log-at-trx-commit=0', '--innodb-doublewrite=0');
      return { command: bin, args, logFile, env: baseProcessEnv(instance) };
    },

    async healthy() {
      let conn: Connection | undefined;
      try {
        conn = await createConnection({
          host: '127.0.0.1',
          port,
          user: 'visor',
          password: 'visor',
          database: 'visor',
          connectTimeout: 2_000,
        });
        await conn.query('SELECT 1');
        return true;
      } catch {
        return false;
      } finally {
        await conn?.end().catch(() => undefined);
      }
    },
  };
}
