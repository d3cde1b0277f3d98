import { describe, expect, it } from 'vitest';
import {
  advanceCursor,
  ageCutoff,
  DEFAULT_HISTORY_CONFIG,
  ftsQuery,
  historyCli,
  historyRegex,
  isFollowed,
  normalizeTs,
  planRetention,
  resumeFilter,
  tsFromInput,
  tsToSince,
} from '@/lib/logs/history';

describe('ftsQuery', () => {
  it('quotes every term so FTS5 syntax is only text', () => {
    expect(ftsQuery('error timeout')).toEqual({ ok: true, match: '"error" AND "timeout"' });
    expect(ftsQuery('a OR b')).toEqual({ ok: true, match: '"a" AND "OR" AND "b"' });
    expect(ftsQuery('NEAR(x y) col:z')).toEqual({ ok: true, match: '"NEAR(x" AND "y)" AND "col:z"' });
    expect(ftsQuery('say"hi')).toEqual({ ok: true, match: '"say""hi"' });
  });
  it('keeps phrases and prefixes', () => {
    expect(ftsQuery('"connection refused" db*')).toEqual({
      ok: true,
      match: '"connection refused" AND "db"*',
    });
  });
  it('no text is no filter; punctuation only is refused', () => {
    expect(ftsQuery('   ')).toEqual({ ok: true, match: null });
    expect(ftsQuery('(( ** "" ^').ok).toBe(false);
    expect(ftsQuery('x'.repeat(501)).ok).toBe(false);
    expect(ftsQuery(Array.from({ length: 33 }, (_, i) => `w${i}`).join(' ')).ok).toBe(false);
  });
  it('an unclosed quote is a phrase to the end', () => {
    expect(ftsQuery('"open ended')).toEqual({ ok: true, match: '"open ended"' });
  });
});

describe('historyRegex', () => {
  it('compiles or says why not', () => {
    expect(historyRegex('a+b', false).ok).toBe(true);
    const bad = historyRegex('(', false);
    expect(bad.ok).toBe(false);
    expect(historyRegex('x'.repeat(501), false).ok).toBe(false);
  });
});

describe('timestamps', () => {
  it('pads the engine RFC 3339 to nine digits so text order is time order', () => {
    expect(normalizeTs('2026-12-07T06:23:40.1Z')).toBe('2026-12-07T06:23:40.100000000Z');
    expect(normalizeTs('2026-12-07T06:23:40Z')).toBe('2026-12-07T06:23:40.000000000Z');
    expect(normalizeTs('2026-12-07T06:23:40.123456789Z')).toBe('2026-12-07T06:23:40.123456789Z');
    expect(normalizeTs('2026-12-07T08:23:40.5+02:00')).toBe('2026-12-07T06:23:40.500000000Z');
    expect(normalizeTs('garbage')).toBeNull();
    const a = normalizeTs('2026-12-07T06:23:40.9Z') as string;
    const b = normalizeTs('2026-12-07T06:23:40.10Z') as string;
    expect(a > b).toBe(true);
  });
  it('turns a stored timestamp into the engine `since`', () => {
    expect(tsToSince('2026-12-07T06:23:40.000000123Z')).toBe(
      `${Date.parse('2026-12-07T06:23:40Z') / 1000}.000000123`,
    );
  });
  it('reads user times', () => {
    expect(tsFromInput('2026-12-07T06:23:40.5Z')).toBe('2026-12-07T06:23:40.500000000Z');
    expect(tsFromInput(String(Date.parse('2026-12-07T06:23:40.250Z')))).toBe(
      '2026-12-07T06:23:40.250000000Z',
    );
    expect(tsFromInput('yesterday-ish')).toBeNull();
  });
});

describe('resume boundary', () => {
  const T1 = '2026-01-01T00:00:01.000000000Z';
  const T2 = '2026-01-01T00:00:02.000000000Z';
  const T3 = '2026-01-01T00:00:03.000000000Z';
  it('keeps everything without a cursor', () => {
    const keep = resumeFilter(null);
    expect([T1, T1, T2].map(keep)).toEqual([true, true, true]);
  });
  it('drops the lines the cursor covers, including the first lines sharing its timestamp', () => {
    // Stored: …, T2, T2 (atTs 2). The engine resends from T2 inclusive: T2, T2, T2 (a third, new), T3.
    const keep = resumeFilter({ ts: T2, atTs: 2 });
    expect([T1, T2, T2, T2, T3, T2].map(keep)).toEqual([false, false, false, true, true, true]);
  });
  it('a resume after a kill stores every line exactly once', () => {
    const all = [T1, T2, T2, T2, T3, T3];
    for (let cut = 0; cut <= all.length; cut++) {
      const first = all.slice(0, cut);
      const cursor = advanceCursor(null, first);
      const since = cursor ? all.findIndex((t) => t >= cursor.ts) : 0;
      const keep = resumeFilter(cursor);
      const second = all.slice(since).filter(keep);
      expect([...first, ...second]).toEqual(all);
    }
  });
  it('advances per timestamp and never back', () => {
    expect(advanceCursor(null, [T1, T2, T2])).toEqual({ ts: T2, atTs: 2 });
    expect(advanceCursor({ ts: T2, atTs: 2 }, [T2, T3])).toEqual({ ts: T3, atTs: 1 });
    expect(advanceCursor({ ts: T2, atTs: 1 }, [T1])).toEqual({ ts: T2, atTs: 1 });
    expect(advanceCursor(null, [])).toBeNull();
  });
});

describe('planRetention', () => {
  const MiB = 1024 * 1024;
  it('does nothing under the cap', () => {
    expect(planRetention({ pageSize: 4096, pageCount: 100, freePages: 0 }, 10 * MiB, 1000)).toEqual({
      trimBytes: 0,
      vacuumPages: 0,
    });
  });
  it('trims to the low-water mark when live pages plus the incoming batch pass the high mark', () => {
    const plan = planRetention({ pageSize: 4096, pageCount: 1664, freePages: 0 }, 10 * MiB, 100_000);
    // live 6.5 MiB + 300 000 incoming (past 65 %) − 5.5 MiB low water
    expect(plan.trimBytes).toBe(1664 * 4096 + 300_000 - Math.ceil(5.5 * MiB));
    expect(planRetention({ pageSize: 4096, pageCount: 1500, freePages: 0 }, 10 * MiB, 10_000).trimBytes).toBe(
      0,
    );
    expect(plan.vacuumPages).toBe(0);
  });
  it('counts free pages as room, and vacuums them only when the file is over its cap', () => {
    const reuse = planRetention({ pageSize: 4096, pageCount: 2560, freePages: 1200 }, 10 * MiB, 0);
    expect(reuse).toEqual({ trimBytes: 0, vacuumPages: 0 });
    const lowered = planRetention({ pageSize: 4096, pageCount: 2560, freePages: 2000 }, 5 * MiB, 0);
    expect(lowered.trimBytes).toBe(0);
    expect(lowered.vacuumPages).toBe(Math.ceil((10 * MiB - 2.75 * MiB) / 4096));
  });
  it('age cut-off', () => {
    expect(ageCutoff(0, Date.now())).toBeNull();
    expect(ageCutoff(1, Date.parse('2026-01-02T00:00:00Z'))).toBe('2026-01-01T00:00:00.000000000Z');
  });
});

describe('isFollowed', () => {
  const c = { name: 'web-1', labels: { 'com.docker.compose.project': 'shop', tier: 'front' } };
  it('by name, project, label key or key=value, or all', () => {
    expect(isFollowed(DEFAULT_HISTORY_CONFIG, c)).toBe(false);
    expect(isFollowed({ ...DEFAULT_HISTORY_CONFIG, names: ['web-1'] }, c)).toBe(true);
    expect(isFollowed({ ...DEFAULT_HISTORY_CONFIG, projects: ['shop'] }, c)).toBe(true);
    expect(isFollowed({ ...DEFAULT_HISTORY_CONFIG, labels: ['tier'] }, c)).toBe(true);
    expect(isFollowed({ ...DEFAULT_HISTORY_CONFIG, labels: ['tier=back'] }, c)).toBe(false);
    expect(isFollowed({ ...DEFAULT_HISTORY_CONFIG, all: true }, c)).toBe(true);
  });
});

describe('historyCli', () => {
  it('says the docker logs | grep equivalent', () => {
    expect(historyCli({ container: 'web', text: 'error', from: '2026-01-01T00:00:00Z' })).toBe(
      'docker logs --timestamps --since 2026-01-01T00:00:00Z web 2>&1 | grep -Fiw error',
    );
    expect(historyCli({ regex: 'a.*b', stream: 'stderr', caseSensitive: true })).toBe(
      "docker logs --timestamps NAME 2>&1 >/dev/null | grep -E 'a.*b'",
    );
  });
});
