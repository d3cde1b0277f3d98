import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { lineBatcher } from '@/server/realtime/line-batcher';

describe('lineBatcher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends the lines pushed within one period as one batch', () => {
    const sent: string[][] = [];
    const batch = lineBatcher((lines) => sent.push(lines), 100);
    batch.push(['a']);
    batch.push(['b', 'c']);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(sent).toEqual([['a', 'b', 'c']]);
    batch.push(['d']);
    vi.advanceTimersByTime(99);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([['a', 'b', 'c'], ['d']]);
  });

  it('close sends what is pending at once and leaves no timer behind', () => {
    const sent: string[][] = [];
    const batch = lineBatcher((lines) => sent.push(lines), 100);
    batch.push(['x']);
    batch.close();
    expect(sent).toEqual([['x']]);
    expect(vi.getTimerCount()).toBe(0);
    batch.close();
    expect(sent).toHaveLength(1);
  });
});
