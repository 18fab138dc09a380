import { createServer } from 'node:net';

/**
 * A port that was free a moment ago. For child processes, whose config schemas refuse port 0; in-process servers
 * should listen on 0 instead, which cannot race.
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
