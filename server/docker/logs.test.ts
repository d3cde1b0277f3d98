import { describe, expect, it } from 'vitest';
import type { LogLine } from '@/lib/containers/types';
import { isAfter, rfc3339ToSince } from '@/lib/logs/time';
import { LineSplitter } from '@/server/docker/logs';

describe('live log helpers', () => {
  it('emits whole lines only, keeping a partial line until its newline arrives', () => {
    const got: LogLine[] = [];
    const s = new LineSplitter('stderr', (lines) => got.push(...lines));
    s.push('2026-01-01T00:00:00.000000001Z first\n2026-01-01T00:00:00.000000002Z sec');
    expect(got.map((l) => l.text)).toEqual(['first']);
    s.push('ond\n');
    expect(got.map((l) => l.text)).toEqual(['first', 'second']);
    expect(got.every((l) => l.stream === 'stderr')).toBe(true);
    expect(got[1]?.time).toBe('2026-01-01T00:00:00.000000002Z');
  });

  it('converts a line timestamp to the engine since form', () => {
    expect(rfc3339ToSince('2026-01-01T00:00:01.5Z')).toBe(
      `${Date.UTC(2026, 0, 1, 0, 0, 1) / 1000}.500000000`,
    );
    expect(rfc3339ToSince('yesterday')).toBeNull();
  });

  it('orders nanosecond timestamps, whatever their precision', () => {
    expect(isAfter('2026-01-01T00:00:00.000000002Z', '2026-01-01T00:00:00.000000001Z')).toBe(true);
    expect(isAfter('2026-01-01T00:00:00.1Z', '2026-01-01T00:00:00.09Z')).toBe(true);
    expect(isAfter('2026-01-01T00:00:00.000000001Z', '2026-01-01T00:00:00.000000001Z')).toBe(false);
    expect(isAfter(undefined, undefined)).toBe(true);
  });
});
