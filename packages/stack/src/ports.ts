// Port checks before a component starts: is the port free on 127.0.0.1, and if not, which process holds it
// (read from /proc, so the message can name it).
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import net from 'node:net';

/** True when a listener can bind host:port right now. */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A free port chosen by the kernel (for tests and throwaway servers). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port: 0, host }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Socket inodes of TCP listeners on `port`, from the text of /proc/net/tcp or /proc/net/tcp6. */
export function listeningInodes(procNetTcp: string, port: number): string[] {
  const inodes: string[] = [];
  for (const line of procNetTcp.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    // cols: sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
    if (cols.length < 10) continue;
    const localPort = Number.parseInt(cols[1]?.split(':')[1] ?? '', 16);
    if (cols[3] === '0A' && localPort === port && cols[9] !== undefined) inodes.push(cols[9]);
  }
  return inodes;
}

export interface PortOwner {
  pid: number;
  command: string;
}

/** The process listening on `port`, when /proc lets us see it (Linux, same user or root). */
export function findPortOwner(port: number): PortOwner | undefined {
  const inodes = new Set<string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    try {
      for (const inode of listeningInodes(readFileSync(file, 'utf8'), port)) inodes.add(inode);
    } catch {
      // no /proc (not Linux): the message simply names no process
    }
  }
  if (inodes.size === 0) return undefined;
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return undefined;
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const match = /^socket:\[(\d+)\]$/.exec(target);
      if (match?.[1] && inodes.has(match[1])) return { pid: Number(pid), command: commandLine(Number(pid)) };
    }
  }
  return undefined;
}

export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  } catch {
    return '';
  }
}

export interface PortUse {
  port: number;
  /** What the port is for, e.g. "MariaDB". */
  purpose: string;
  /** The variable that moves it, e.g. VISOR_MYSQL_PORT; absent for ports fixed in the services table. */
  envVar?: string;
}

/** One message with the port, who holds it, the variable to change and the fix. */
export function portConflictMessage(use: PortUse, owner: PortOwner | undefined, instanceName: string): string {
  const holder = owner ? `process ${owner.pid} (${truncate(owner.command, 100)})` : 'another process';
  const command = instanceName === 'test' ? './visor test' : './visor up';
  const stop = owner ? `stop it (kill ${owner.pid}) and rerun ${command}` : `stop that process and rerun ${command}`;
  let move: string;
  if (use.envVar) {
    const offset = instanceName === 'test' ? 10_000 : 0;
    const shift = offset ? ' (a base port: the test instance adds 10000)' : '';
    move = `, or give Visor another port with ${use.envVar}${shift}: ${use.envVar}=${use.port - offset + 1} ${command}`;
  } else {
    move = ' (this port is fixed in packages/stack/src/services.ts)';
  }
  return (
    `port ${use.port} (${use.purpose}) on 127.0.0.1 is already in use by ${holder}, ` +
    `not by this Visor ${instanceName} instance. Fix: ${stop}${move}`
  );
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export class PortConflictError extends Error {
  override name = 'PortConflictError';
}
