import { eventually, freePort } from '../src/index.ts';

describe('eventually', () => {
  test('polls until the probe holds', async () => {
    let calls = 0;
    await eventually(async () => ++calls === 3, { intervalMs: 1 });
    expect(calls).toBe(3);
  });

  test('with timeoutMs, gives up and says what it last saw', async () => {
    let seen = 0;
    await expect(
      eventually(
        () => {
          seen++;
          return false;
        },
        { intervalMs: 5, timeoutMs: 20, describe: () => `seen ${seen > 0 ? 'some' : 'none'}` },
      ),
    ).rejects.toThrow('condition not met within 20 ms: seen some');
  });
});

describe('freePort', () => {
  test('gives a port that can be listened on', async () => {
    const { createServer } = await import('node:net');
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    await new Promise((resolve) => server.close(resolve));
  });
});
