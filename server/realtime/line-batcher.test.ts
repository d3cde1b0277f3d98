import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { lineBatcher } from '@/server/realtime/line-batcher';

describe('lineBatcher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends a line after a quiet period at once, and those within the next period as one batch', () => {
    const sent: string[][] = [];
    const batch = lineBatcher((lines) => sent.push(lines), 100);
    batch.push(['a']);
    expect(sent).toEqual([['a']]);
    batch.push(['b']);
    batch.push(['c', 'd']);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(99);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('never sends two messages within one period', () => {
    const sent: number[] = [];
    const batch = lineBatcher(() => sent.push(Date.now()), 100);
    for (let i = 0; i < 50; i++) {
      batch.push([`line ${i}`]);
      vi.advanceTimersByTime(7);
    }
    vi.advanceTimersByTime(100);
    expect(sent.length).toBeGreaterThan(2);
    for (let i = 1; i < sent.length; i++)
      expect((sent[i] ?? 0) - (sent[i - 1] ?? 0)).toBeGreaterThanOrEqual(100);
  });

  it('waits only for what is left of the period since the last message', () => {
    const sent: string[][] = [];
    const batch = lineBatcher((lines) => sent.push(lines), 100);
    batch.push(['a']);
    vi.advanceTimersByTime(60);
    batch.push(['b']);
    vi.advanceTimersByTime(39);
    expect(sent).toEqual([['a']]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([['a'], ['b']]);
    // Quiet for a whole period: the next line goes at once again.
    vi.advanceTimersByTime(150);
    batch.push(['c']);
    expect(sent).toEqual([['a'], ['b'], ['c']]);
  });

  it('close sends what is pending at once and leaves no timer behind', () => {
    const sent: string[][] = [];
    const batch = lineBatcher((lines) => sent.push(lines), 100);
    batch.push(['x']);
    batch.push(['y']);
    expect(vi.getTimerCount()).toBe(1);
    batch.close();
    expect(sent).toEqual([['x'], ['y']]);
    expect(vi.getTimerCount()).toBe(0);
    batch.close();
    expect(sent).toHaveLength(2);
  });
});
