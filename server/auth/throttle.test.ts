import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_THROTTLE_POLICY,
  LoginThrottle,
  pairDelaySec,
  type ThrottlePolicy,
} from '@/server/auth/throttle';
import { HttpError } from '@/server/http/errors';

const policy: ThrottlePolicy = { ...DEFAULT_THROTTLE_POLICY };
const OWNER_IP = '10.0.0.1';
const STRANGER_IP = '10.0.0.2';

/** The outcome of one reservation: 'ok', or the seconds a 429 asks to wait. */
async function attempt(throttle: LoginThrottle, ip: string, user: string): Promise<'ok' | number> {
  try {
    await throttle.reserve(ip, user);
    return 'ok';
  } catch (err) {
    if (!(err instanceof HttpError) || err.status !== 429) throw err;
    const seconds = /try again in (\d+) s/.exec(err.message)?.[1];
    expect(seconds, err.message).toBeDefined();
    return Number(seconds);
  }
}

beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the backoff delay', () => {
  it('is free for the first failures, then doubles up to its cap', () => {
    const delays = Array.from({ length: 20 }, (_, i) => pairDelaySec(policy, i + 1));
    expect(delays.slice(0, policy.pairFree - 1)).toEqual(Array(policy.pairFree - 1).fill(0));
    expect(delays.slice(policy.pairFree - 1, policy.pairFree + 3)).toEqual([1, 2, 4, 8]);
    expect(Math.max(...delays)).toBe(policy.pairMaxDelaySec);
    expect(pairDelaySec(policy, 10_000)).toBe(policy.pairMaxDelaySec);
  });
});

describe('login throttling', () => {
  it('makes one (account, IP) pair wait ever longer, and gives the time back after the wait', async () => {
    const throttle = new LoginThrottle(policy);
    for (let i = 0; i < policy.pairFree; i++)
      expect(await attempt(throttle, STRANGER_IP, 'admin')).toBe('ok');
    const waits: number[] = [];
    for (let round = 0; round < 4; round++) {
      const refused = await attempt(throttle, STRANGER_IP, 'admin');
      expect(typeof refused, `round ${round}`).toBe('number');
      waits.push(refused as number);
      // Still refused just before the wait is over, let in right after.
      vi.advanceTimersByTime((refused as number) * 1000 - 100);
      expect(await attempt(throttle, STRANGER_IP, 'admin')).not.toBe('ok');
      vi.advanceTimersByTime(200);
      expect(await attempt(throttle, STRANGER_IP, 'admin')).toBe('ok');
    }
    expect(waits).toEqual([1, 2, 4, 8]);
  });

  it('never holds back the owner on another address, however long a stranger keeps failing', async () => {
    const throttle = new LoginThrottle(policy);
    for (let i = 0; i < 200; i++) {
      await attempt(throttle, STRANGER_IP, 'admin');
      vi.advanceTimersByTime(5_000);
    }
    expect(await attempt(throttle, STRANGER_IP, 'admin')).not.toBe('ok');
    expect(await attempt(throttle, OWNER_IP, 'admin')).toBe('ok');
  });

  it('counts an account name case-insensitively', async () => {
    const throttle = new LoginThrottle(policy);
    for (let i = 0; i < policy.pairFree; i++) await attempt(throttle, STRANGER_IP, 'Admin');
    expect(await attempt(throttle, STRANGER_IP, ' ADMIN ')).toBe(1);
  });

  it('bounds a parallel burst from one address to the free attempts', async () => {
    const throttle = new LoginThrottle(policy);
    const results = await Promise.all(
      Array.from({ length: 50 }, () => attempt(throttle, STRANGER_IP, 'admin')),
    );
    expect(results.filter((r) => r === 'ok')).toHaveLength(policy.pairFree);
  });

  it('caps one address over all accounts', async () => {
    const throttle = new LoginThrottle(policy);
    for (let i = 0; i < policy.ipPoints; i++)
      expect(await attempt(throttle, STRANGER_IP, `user-${i}`)).toBe('ok');
    const refused = await attempt(throttle, STRANGER_IP, 'someone-else');
    expect(refused).toBeGreaterThan(60);
    expect(await attempt(throttle, OWNER_IP, 'someone-else')).toBe('ok');
    vi.advanceTimersByTime(policy.ipWindowSec * 1000 + 1000);
    expect(await attempt(throttle, STRANGER_IP, 'someone-else')).toBe('ok');
  });

  it('slows an account guessed from many addresses, but never locks it', async () => {
    const throttle = new LoginThrottle(policy);
    // Many addresses, each within its free attempts.
    for (let i = 0; i < policy.accountPoints; i++) {
      expect(await attempt(throttle, `10.1.${Math.floor(i / 4)}.${i % 4}`, 'admin')).toBe('ok');
    }
    expect(await attempt(throttle, '10.2.0.1', 'admin')).toBe('ok');
    expect(await attempt(throttle, '10.2.0.2', 'admin')).toBe(policy.accountSlowSec);
    expect(await attempt(throttle, OWNER_IP, 'admin')).toBe(policy.accountSlowSec);
    vi.advanceTimersByTime(policy.accountSlowSec * 1000);
    expect(await attempt(throttle, OWNER_IP, 'admin')).toBe('ok');
  });

  it('gives a right password its attempt back, and a completed login clears the pair', async () => {
    const throttle = new LoginThrottle(policy);
    for (let i = 0; i < policy.pairFree - 1; i++) await attempt(throttle, OWNER_IP, 'admin');
    // A right password waiting for its second factor: refunded, so it costs nothing.
    expect(await attempt(throttle, OWNER_IP, 'admin')).toBe('ok');
    await throttle.refund(OWNER_IP, 'admin');
    expect(await attempt(throttle, OWNER_IP, 'admin')).toBe('ok');
    await throttle.succeeded(OWNER_IP, 'admin');
    for (let i = 0; i < policy.pairFree; i++) expect(await attempt(throttle, OWNER_IP, 'admin')).toBe('ok');
    expect(await attempt(throttle, OWNER_IP, 'admin')).toBe(1);
  });
});
