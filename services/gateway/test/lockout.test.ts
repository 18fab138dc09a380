import { Lockout } from '../src/lockout.ts';

describe('lockout', () => {
  const make = () => {
    const clock = { now: 0 };
    const lockout = new Lockout({ maxFailures: 3, windowMs: 60_000, lockMs: 300_000, now: () => clock.now });
    return { clock, lockout };
  };

  it('locks after N failures inside the window, once, and unlocks when the lock expires', () => {
    const { clock, lockout } = make();
    expect(lockout.recordFailure('s').lockedNow).toBe(false);
    clock.now += 10_000;
    expect(lockout.recordFailure('s').lockedNow).toBe(false);
    clock.now += 10_000;
    const third = lockout.recordFailure('s');
    expect(third).toMatchObject({ lockedNow: true, failures: 3, until: 320_000 });
    expect(lockout.check('s')).toEqual({ locked: true, retryAfterMs: 300_000, until: 320_000 });
    expect(lockout.check('other')).toEqual({ locked: false });
    clock.now += 100_000;
    expect(lockout.recordFailure('s').lockedNow).toBe(false);
    expect(lockout.check('s')).toMatchObject({ locked: true, retryAfterMs: 200_000 });
    clock.now += 200_000;
    expect(lockout.check('s')).toEqual({ locked: false });
  });

  it('does not count failures older than the window', () => {
    const { clock, lockout } = make();
    lockout.recordFailure('s');
    lockout.recordFailure('s');
    clock.now += 60_000;
    expect(lockout.recordFailure('s').lockedNow).toBe(false);
    expect(lockout.check('s').locked).toBe(false);
  });

  it('a success clears the failure history but not an active lock', () => {
    const { clock, lockout } = make();
    lockout.recordFailure('s');
    lockout.recordFailure('s');
    lockout.recordSuccess('s');
    expect(lockout.recordFailure('s').lockedNow).toBe(false);
    lockout.recordFailure('s');
    expect(lockout.recordFailure('s').lockedNow).toBe(true);
    lockout.recordSuccess('s');
    expect(lockout.check('s').locked).toBe(true);
    clock.now += 300_000;
    lockout.prune();
    expect(lockout.check('s').locked).toBe(false);
  });
});
