import net from 'node:net';
import { findPortOwner, freePort, isPortFree, listeningInodes, portConflictMessage } from '../src/ports.ts';

const PROC_NET_TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:0CEA 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 111 1 0000000000000000 100 0 0 10 0
   1: 0100007F:107E 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 222 1 0000000000000000 100 0 0 10 0
   2: 0100007F:0CEA 0100007F:9C40 01 00000000:00000000 00:00000000 00000000     0        0 333 1 0000000000000000 20 4 30 10 -1
`;

describe('port conflict detection', () => {
  it('finds only listening sockets of the port in /proc/net/tcp', () => {
    expect(listeningInodes(PROC_NET_TCP, 3306)).toEqual(['111']);
    expect(listeningInodes(PROC_NET_TCP, 4222)).toEqual(['222']);
    expect(listeningInodes(PROC_NET_TCP, 9090)).toEqual([]);
  });

  it('names the port, the holder, the variable and the fix', () => {
    const msg = portConflictMessage(
      { port: 13306, purpose: 'MariaDB', envVar: 'VISOR_MYSQL_PORT' },
      { pid: 42, command: 'mysqld --port=13306' },
      'test',
    );
    expect(msg).toContain('port 13306 (MariaDB)');
    expect(msg).toContain('process 42 (mysqld --port=13306)');
    expect(msg).toContain('kill 42');
    expect(msg).toContain('VISOR_MYSQL_PORT=3307 ./visor test');
  });

  it('says a service port is fixed when no variable moves it', () => {
    const msg = portConflictMessage({ port: 9101, purpose: 'detection HTTP' }, undefined, 'dev');
    expect(msg).toContain('another process');
    expect(msg).toContain('packages/stack/src/services.ts');
  });

  it('sees a real listener and who holds it', async () => {
    const port = await freePort();
    expect(await isPortFree(port)).toBe(true);
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    try {
      expect(await isPortFree(port)).toBe(false);
      expect(findPortOwner(port)?.pid).toBe(process.pid);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
