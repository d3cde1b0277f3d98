import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OverviewRow, OverviewSnapshot } from '@/lib/stats/overview';
import { serverContext } from '@/server/context';
import { closeDatabase, openDatabase } from '@/server/db';
import { backgroundInterval } from '@/server/realtime/overview';
import { StatsCollector, settleMs } from '@/server/stats-history/collector';
import { readSeries } from '@/server/stats-history/store';

const MIN = 60_000;
const T0 = Math.floor(1_800_000_000_000 / MIN) * MIN;

/** A round's snapshot of `running` containers, read at `readAt`, each at `cpu` % with counters grown by time. */
function snapshot(running: number, readAt: number, cpu: number): OverviewSnapshot {
  const rows: OverviewRow[] = [];
  for (let i = 0; i < running; i++) {
    rows.push({
      id: `id-${i}`,
      name: `c-${i}`,
      image: 'busybox',
      sample: {
        time: readAt,
        cpuPercent: cpu,
        memoryUsage: 1000,
        memoryLimit: 1 << 30,
        memoryPercent: 0,
        netRxRate: 0,
        netTxRate: 0,
        blockRead: 0,
        blockWrite: 0,
        pids: 1,
      },
      counters: { cpuNs: 0, netRx: (readAt - T0) / 1000, netTx: 0, memoryRaw: 1000 },
    });
  }
  return { time: readAt, intervalMs: backgroundInterval(running), rows };
}

beforeEach(() => {
  closeDatabase();
  serverContext().db = openDatabase(':memory:');
});
afterEach(() => closeDatabase());

describe('StatsCollector with rounds further apart than a bucket', () => {
  it('waits longer before writing buckets when the rounds nobody watches slow down', () => {
    expect(backgroundInterval(20)).toBe(10_000);
    expect(settleMs(20)).toBe(15_000);
    expect(backgroundInterval(100)).toBe(30_000);
    expect(settleMs(100)).toBe(35_000);
    expect(backgroundInterval(10_000)).toBe(60_000);
  });

  it('stores a point in every 10 s bucket although 100 containers are read only every 30 s', () => {
    const collector = new StatsCollector();
    const running = 100;
    const interval = backgroundInterval(running);
    // Rounds take 7 s (engine 20.10 answers one-shot calls at its collector's ticks, 16 at a time): the
    // readings arrive that long after the engine took them; the collector flushes every 10 s meanwhile.
    const roundMs = 7_000;
    const rounds = 12;
    const events: { at: number; run: () => void }[] = [];
    for (let r = 0; r < rounds; r++) {
      const readAt = T0 + 3_000 + r * interval;
      events.push({
        at: readAt + roundMs,
        run: () => collector.onSnapshot(snapshot(running, readAt, 20 + r)),
      });
    }
    const end = T0 + 3_000 + (rounds - 1) * interval + roundMs;
    for (let at = T0 + 10_000; at <= end + 60_000; at += 10_000)
      events.push({ at, run: () => collector.flush(at) });
    events.sort((a, b) => a.at - b.at);
    for (const e of events) e.run();

    const lastRead = T0 + 3_000 + (rounds - 1) * interval;
    const series = readSeries('local', 'c-7', '', '1h', end + 60_000);
    const times = series?.points.map((p) => p.t - T0) ?? [];
    // Every bucket from the first reading's to the last one's, none skipped.
    const expected: number[] = [];
    for (let t = 0; t <= lastRead - T0; t += 10_000) expected.push(t);
    expect(times).toEqual(expected);
    // Past the first bucket (no CPU % without a previous reading), each holds a reading's CPU %, never 0.
    for (const p of series?.points.slice(1) ?? []) expect(p.cpu).toBeGreaterThanOrEqual(21);
    // The counter grew 1 byte a second: every byte lands in exactly one bucket.
    const bytes = series?.points.reduce((n, p) => n + p.netRx, 0);
    expect(bytes).toBe((lastRead - (T0 + 3_000)) / 1000);
  });
});
