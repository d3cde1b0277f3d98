import { describe, expect, it } from 'vitest';
import { SharedCall } from '@/server/docker/shared-call';

/** A call the test settles by hand, counting how often it was started and how many ran at once. */
function manualCall() {
  const calls: { resolve: (v: number) => void; reject: (e: Error) => void }[] = [];
  let running = 0;
  let maxRunning = 0;
  const load = () =>
    new Promise<number>((resolve, reject) => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      calls.push({
        resolve: (v) => {
          running--;
          resolve(v);
        },
        reject: (e) => {
          running--;
          reject(e);
        },
      });
    });
  return { load, calls, maxRunning: () => maxRunning };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('SharedCall', () => {
  it('makes one call for concurrent callers and gives each the same answer', async () => {
    const m = manualCall();
    const shared = new SharedCall(m.load, 5_000);
    const answers = Promise.all(Array.from({ length: 10 }, () => shared.get()));
    expect(m.calls).toHaveLength(1);
    m.calls[0]?.resolve(42);
    expect(await answers).toEqual(Array(10).fill(42));
  });

  it('keeps the answer until it expires, then calls again', async () => {
    const m = manualCall();
    let now = 1_000;
    const shared = new SharedCall(m.load, 5_000, () => now);
    const first = shared.get();
    m.calls[0]?.resolve(1);
    expect(await first).toBe(1);
    now += 4_999;
    expect(await shared.get()).toBe(1);
    expect(m.calls).toHaveLength(1);
    now += 1;
    const second = shared.get();
    expect(m.calls).toHaveLength(2);
    m.calls[1]?.resolve(2);
    expect(await second).toBe(2);
  });

  it('counts the time a slow call took as running, not as age', async () => {
    const m = manualCall();
    let now = 0;
    const shared = new SharedCall(m.load, 5_000, () => now);
    const first = shared.get();
    now = 60_000;
    // Still running after a minute: a caller joins it instead of starting a second one.
    const late = shared.get();
    expect(m.calls).toHaveLength(1);
    m.calls[0]?.resolve(7);
    expect(await Promise.all([first, late])).toEqual([7, 7]);
    now += 4_000;
    expect(await shared.get()).toBe(7);
    expect(m.calls).toHaveLength(1);
  });

  it('does not keep a failure: the next caller calls again', async () => {
    const m = manualCall();
    const shared = new SharedCall(m.load, 5_000);
    const a = shared.get();
    const b = shared.get();
    m.calls[0]?.reject(new Error('a disk usage operation is already running'));
    await expect(a).rejects.toThrow('already running');
    await expect(b).rejects.toThrow('already running');
    const c = shared.get();
    expect(m.calls).toHaveLength(2);
    m.calls[1]?.resolve(3);
    expect(await c).toBe(3);
  });

  it('after forget, calls again, but only once the running call has settled', async () => {
    const m = manualCall();
    const shared = new SharedCall(m.load, 5_000);
    const before = shared.get();
    shared.forget();
    const after = shared.get();
    const alsoAfter = shared.get();
    await tick();
    expect(m.calls).toHaveLength(1);
    m.calls[0]?.resolve(1);
    expect(await before).toBe(1);
    await tick();
    expect(m.calls).toHaveLength(2);
    m.calls[1]?.resolve(2);
    expect(await Promise.all([after, alsoAfter])).toEqual([2, 2]);
    expect(m.maxRunning()).toBe(1);
    shared.forget();
    const again = shared.get();
    expect(m.calls).toHaveLength(3);
    m.calls[2]?.resolve(3);
    expect(await again).toBe(3);
  });

  it('with maxAge 0 takes no kept answer but joins a running call', async () => {
    const m = manualCall();
    const shared = new SharedCall(m.load, 5_000);
    const kept = shared.get();
    const fresh = shared.get(0);
    expect(m.calls).toHaveLength(1);
    m.calls[0]?.resolve(1);
    expect(await Promise.all([kept, fresh])).toEqual([1, 1]);
    const next = shared.get(0);
    expect(m.calls).toHaveLength(2);
    m.calls[1]?.resolve(2);
    expect(await next).toBe(2);
    expect(await shared.get()).toBe(2);
  });
});
