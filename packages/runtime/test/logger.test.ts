import { Writable } from 'node:stream';
import { createLogger } from '../src/logger.ts';

function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
  };
}

describe('createLogger', () => {
  test('writes JSON with the service name and redacts biometric data and secrets', () => {
    const out = capture();
    const logger = createLogger('detection', { level: 'debug', destination: out.stream });
    logger.info(
      {
        image: 'AAAA',
        embedding: [0.1, 0.2],
        apiKey: 'k-123',
        req: { headers: { authorization: 'Bearer x' } },
        faces: 2,
      },
      'detected',
    );
    logger.debug({ request: { image: 'BBBB', tenant: 't1' } }, 'nested');
    const [first = {}, second = {}] = out.lines();
    expect(first).toMatchObject({ level: 'info', service: 'detection', msg: 'detected', faces: 2 });
    expect(first.image).toBe('[redacted]');
    expect(first.embedding).toBe('[redacted]');
    expect(first.apiKey).toBe('[redacted]');
    expect((first.req as { headers: { authorization: string } }).headers.authorization).toBe('[redacted]');
    expect(second.request).toEqual({ image: '[redacted]', tenant: 't1' });
  });

  test('honours the level', () => {
    const out = capture();
    const logger = createLogger('x', { level: 'warn', destination: out.stream });
    logger.info('hidden');
    logger.warn('shown');
    expect(out.lines().map((l) => l.msg)).toEqual(['shown']);
  });
});
