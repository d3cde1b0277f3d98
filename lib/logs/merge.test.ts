import { describe, expect, it } from 'vitest';
import { mergeByTime } from '@/lib/logs/merge';

const at = (s: number, text: string, frac = '') => ({
  time: `2026-01-01T00:00:${String(s).padStart(2, '0')}${frac ? `.${frac}` : ''}Z`,
  text,
});

describe('mergeByTime', () => {
  it('appends a batch that comes after the buffer, keeping the same array prefix', () => {
    const buffer = [at(1, 'a'), at(2, 'b')];
    const out = mergeByTime(buffer, [at(3, 'c')]);
    expect(out.map((l) => l.text)).toEqual(['a', 'b', 'c']);
  });

  it('interleaves a late batch from another container by timestamp', () => {
    const buffer = [at(1, 'a1'), at(3, 'a3'), at(5, 'a5')];
    const out = mergeByTime(buffer, [at(2, 'b2'), at(4, 'b4'), at(6, 'b6')]);
    expect(out.map((l) => l.text)).toEqual(['a1', 'b2', 'a3', 'b4', 'a5', 'b6']);
  });

  it('compares nanosecond fractions of any precision', () => {
    const buffer = [at(1, 'x', '5'), at(1, 'z', '9')];
    const out = mergeByTime(buffer, [at(1, 'y', '700000001')]);
    expect(out.map((l) => l.text)).toEqual(['x', 'y', 'z']);
  });

  it('sorts an unsorted batch, and keeps equal times in arrival order', () => {
    const out = mergeByTime([at(2, 'first-at-2')], [at(3, 'c'), at(1, 'a'), at(2, 'second-at-2')]);
    expect(out.map((l) => l.text)).toEqual(['a', 'first-at-2', 'second-at-2', 'c']);
  });

  it('appends lines without a time in arrival order', () => {
    const out = mergeByTime<{ time?: string; text: string }>([{ text: 'a' }], [{ text: 'b' }]);
    expect(out.map((l) => l.text)).toEqual(['a', 'b']);
  });
});
