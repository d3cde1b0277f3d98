import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPacer } from '@/lib/events/pacer';

/** A flush that takes `ms` and records what it got and when it started. */
function slowFlush(ms: number) {
  const calls: { at: number; items: string[] }[] = [];
  const flush = (items: ReadonlySet<string>) => {
    calls.push({ at: Date.now(), items: [...items].sort() });
    return new Promise<void>((resolve) => setTimeout(resolve, ms));
  };
  return { calls, flush };
}

describe('createPacer', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('flushes a burst once, firstMs after its first event', async () => {
    const { calls, flush } = slowFlush(10);
    const pacer = createPacer(flush, { firstMs: 250, gapMs: 1000 });
    pacer.add(['containers']);
    await vi.advanceTimersByTimeAsync(100);
    pacer.add(['containers', 'images']);
    await vi.advanceTimersByTimeAsync(149);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toEqual([{ at: 250, items: ['containers', 'images'] }]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls).toHaveLength(1);
  });

  it('under a flood flushes at most once per gap after the previous flush ended, and once more at the end', async () => {
    const { calls, flush } = slowFlush(100);
    const pacer = createPacer(flush, { firstMs: 250, gapMs: 1000 });
    // an event every 50 ms for 5 s
    for (let t = 0; t < 5000; t += 50) {
      pacer.add([`c${t}`]);
      await vi.advanceTimersByTimeAsync(50);
    }
    await vi.advanceTimersByTimeAsync(5000);
    const starts = calls.map((c) => c.at);
    expect(starts[0]).toBe(250);
    for (const [i, start] of starts.entries())
      if (i > 0) expect(start - (starts[i - 1] ?? 0)).toBeGreaterThanOrEqual(1100);
    // nothing is lost: every event's item reached a flush
    expect(new Set(calls.flatMap((c) => c.items)).size).toBe(100);
    // the trailing flush carried the last event
    expect(calls.at(-1)?.items).toContain('c4950');
    expect(calls.length).toBeLessThanOrEqual(6);
  });

  it('never starts a flush while one runs, however slow it is', async () => {
    let running = 0;
    let overlapped = false;
    const flush = () => {
      running++;
      if (running > 1) overlapped = true;
      return new Promise<void>((resolve) =>
        setTimeout(() => {
          running--;
          resolve();
        }, 3000),
      );
    };
    const pacer = createPacer(flush, { firstMs: 250, gapMs: 1000 });
    for (let t = 0; t < 10_000; t += 100) {
      pacer.add(['containers']);
      await vi.advanceTimersByTimeAsync(100);
    }
    await vi.advanceTimersByTimeAsync(10_000);
    expect(overlapped).toBe(false);
  });

  it('counts a flush that never settles as done after maxFlushMs', async () => {
    const starts: number[] = [];
    const pacer = createPacer(
      () => {
        starts.push(Date.now());
        return new Promise<void>(() => {});
      },
      { firstMs: 250, gapMs: 1000, maxFlushMs: 5000 },
    );
    pacer.add(['a']);
    await vi.advanceTimersByTimeAsync(300);
    pacer.add(['b']);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(starts).toEqual([250, 6250]);
  });

  it('goes on after a flush that failed, and stops for good when disposed', async () => {
    const calls: string[][] = [];
    const pacer = createPacer(
      (items: ReadonlySet<string>) => {
        calls.push([...items]);
        return Promise.reject(new Error('engine away'));
      },
      { firstMs: 250, gapMs: 1000 },
    );
    pacer.add(['a']);
    await vi.advanceTimersByTimeAsync(250);
    pacer.add(['b']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toEqual([['a'], ['b']]);
    pacer.add(['c']);
    pacer.dispose();
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls).toHaveLength(2);
  });

  it('flushes firstMs after an event that follows a quiet spell longer than the gap', async () => {
    const { calls, flush } = slowFlush(10);
    const pacer = createPacer(flush, { firstMs: 250, gapMs: 1000 });
    pacer.add(['a']);
    await vi.advanceTimersByTimeAsync(3000);
    pacer.add(['b']);
    await vi.advanceTimersByTimeAsync(250);
    expect(calls.map((c) => c.at)).toEqual([250, 3250]);
  });
});
