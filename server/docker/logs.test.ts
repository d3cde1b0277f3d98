import { describe, expect, it } from 'vitest';
import type { LogLine } from '@/lib/containers/types';
import { isAfter, rfc3339ToSince } from '@/lib/logs/time';
import { LineSplitter, LOG_LINE_CAP, logLineText, wholeCharsLength } from '@/server/docker/logs';

/** Feeds `bytes` to a splitter in chunks of `size` and returns the lines it emitted. */
function split(bytes: Buffer, size: number, opts: { timestamps?: boolean; cap?: number } = {}): LogLine[] {
  const got: LogLine[] = [];
  const s = new LineSplitter('stdout', (lines) => got.push(...lines), opts.timestamps ?? false, opts.cap);
  for (let at = 0; at < bytes.length; at += size) s.push(bytes.subarray(at, at + size));
  s.flush();
  return got;
}

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

  it('splits one 50 MB line arriving in 64 KiB chunks in well under a second, keeping its first 64 KiB', () => {
    const size = 50 * 1024 * 1024;
    const stamp = '2026-01-01T00:00:00.000000001Z ';
    const log = Buffer.concat([
      Buffer.from(stamp),
      Buffer.alloc(size, 'a'),
      Buffer.from(`\n${stamp.replace('01Z', '02Z')}after\n`),
    ]);
    const started = performance.now();
    const got: LogLine[] = [];
    const s = new LineSplitter('stdout', (lines) => got.push(...lines));
    for (let at = 0; at < log.length; at += 64 * 1024) s.push(log.subarray(at, at + 64 * 1024));
    s.flush();
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(got).toHaveLength(2);
    const [long, after] = got;
    expect(long?.time).toBe('2026-01-01T00:00:00.000000001Z');
    expect(long?.text).toBe('a'.repeat(LOG_LINE_CAP - stamp.length));
    expect(long?.truncated).toBe(size - (LOG_LINE_CAP - stamp.length));
    expect(after).toEqual({ stream: 'stdout', time: '2026-01-01T00:00:00.000000002Z', text: 'after' });
  }, 10_000);

  it('keeps lines up to the cap whole and unmarked, and cuts one byte more', () => {
    const exact = split(Buffer.from(`${'x'.repeat(8)}\n${'y'.repeat(9)}\nz`), 3, { cap: 8 });
    expect(exact).toEqual([
      { stream: 'stdout', text: 'xxxxxxxx' },
      { stream: 'stdout', text: 'yyyyyyyy', truncated: 1 },
      { stream: 'stdout', text: 'z' },
    ]);
  });

  it('decodes a character split between two chunks whole', () => {
    const text = 'wörd 中文 🚢\n';
    for (let size = 1; size <= 4; size++) {
      expect(split(Buffer.from(text), size).map((l) => l.text)).toEqual(['wörd 中文 🚢']);
    }
  });

  it('cuts a long line before a character the cap would split, and counts its bytes as dropped', () => {
    // "ab" + 中 (3 bytes) + "cd": a cap of 4 lands inside 中.
    const line = Buffer.from('ab中cd\n');
    for (let size = 1; size <= line.length; size++) {
      expect(split(line, size, { cap: 4 })).toEqual([{ stream: 'stdout', text: 'ab', truncated: 5 }]);
    }
    // 🚢 is 4 bytes: caps of 3, 4 and 5 after "a" cut before it, 5 after it.
    const ship = Buffer.from('a🚢b\n');
    expect(split(ship, 2, { cap: 3 })).toEqual([{ stream: 'stdout', text: 'a', truncated: 5 }]);
    expect(split(ship, 2, { cap: 4 })).toEqual([{ stream: 'stdout', text: 'a', truncated: 5 }]);
    expect(split(ship, 2, { cap: 5 })).toEqual([{ stream: 'stdout', text: 'a🚢', truncated: 1 }]);
  });

  it('finds where the last whole UTF-8 character ends', () => {
    const bytes = Buffer.from('a中🚢');
    expect(wholeCharsLength(bytes)).toBe(8);
    expect(wholeCharsLength(bytes.subarray(0, 7))).toBe(4);
    expect(wholeCharsLength(bytes.subarray(0, 5))).toBe(4);
    expect(wholeCharsLength(bytes.subarray(0, 3))).toBe(1);
    expect(wholeCharsLength(bytes.subarray(0, 0))).toBe(0);
  });

  it('drops a carriage return before the newline, and marks a cut line in the text download', () => {
    expect(split(Buffer.from('dos\r\n'), 2)).toEqual([{ stream: 'stdout', text: 'dos' }]);
    expect(logLineText({ stream: 'stdout', time: 't', text: 'abc', truncated: 10 })).toBe(
      't abc [truncated: 10 more bytes]\n',
    );
    expect(logLineText({ stream: 'stdout', text: 'abc' })).toBe('abc\n');
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
