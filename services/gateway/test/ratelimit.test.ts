import { TokenBucketLimiter } from '../src/ratelimit.ts';

describe('token bucket', () => {
  it('allows a burst, then refills at the configured rate, per key', () => {
    let now = 0;
    const limiter = new TokenBucketLimiter({ ratePerSecond: 2, burst: 3, now: () => now });
    for (let i = 0; i < 3; i++) expect(limiter.take('a')).toEqual({ allowed: true });
    const refused = limiter.take('a');
    expect(refused).toEqual({ allowed: false, retryAfterMs: 500 });
    expect(limiter.take('b')).toEqual({ allowed: true });
    now += 499;
    expect(limiter.take('a').allowed).toBe(false);
    now += 1;
    expect(limiter.take('a').allowed).toBe(true);
    now += 10_000;
    // Capped at the burst size however long the key was idle.
    for (let i = 0; i < 3; i++) expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
  });

  it('peeks without consuming', () => {
    let now = 0;
    const limiter = new TokenBucketLimiter({ ratePerSecond: 1, burst: 1, now: () => now });
    expect(limiter.peek('a')).toEqual({ allowed: true });
    expect(limiter.peek('a')).toEqual({ allowed: true });
    limiter.take('a');
    expect(limiter.peek('a')).toEqual({ allowed: false, retryAfterMs: 1000 });
    now = 1000;
    expect(limiter.peek('a')).toEqual({ allowed: true });
  });

  it('forgets idle buckets', () => {
    let now = 0;
    const limiter = new TokenBucketLimiter({ ratePerSecond: 1, burst: 1, now: () => now, idleEvictMs: 1000 });
    limiter.take('a');
    limiter.take('b');
    expect(limiter.size).toBe(2);
    now = 5000;
    limiter.take('c');
    expect(limiter.size).toBe(1);
  });

  it('rejects nonsense settings', () => {
    expect(() => new TokenBucketLimiter({ ratePerSecond: 0, burst: 1 })).toThrow();
    expect(() => new TokenBucketLimiter({ ratePerSecond: 1, burst: 0 })).toThrow();
  });
});
