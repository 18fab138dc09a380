// The default channel options as a server sees them: the HTTP/2 receive window a Visor client advertises.
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { createDetectionClient, MAX_MESSAGE_BYTES, waitForReady } from '../src/index.ts';

test('a client gives the server a receive window of MAX_MESSAGE_BYTES per stream and per connection', async () => {
  const server = http2.createServer();
  const session = new Promise<http2.ServerHttp2Session>((resolve) => server.once('session', resolve));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = createDetectionClient(`127.0.0.1:${(server.address() as AddressInfo).port}`);
  try {
    await waitForReady(client);
    const peer = await session;
    // The client widens its connection window right after the settings exchange; a few PINGs let that arrive.
    for (let i = 0; i < 20 && peer.state.remoteWindowSize !== MAX_MESSAGE_BYTES; i += 1) {
      await new Promise<void>((resolve, reject) => peer.ping((err) => (err ? reject(err) : resolve())));
    }
    expect(peer.remoteSettings.initialWindowSize).toBe(MAX_MESSAGE_BYTES);
    expect(peer.state.remoteWindowSize).toBe(MAX_MESSAGE_BYTES);
  } finally {
    client.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
