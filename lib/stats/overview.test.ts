import { describe, expect, it } from 'vitest';
import type { StatsSample } from '@/lib/stats/compute';
import { appendSnapshot, HISTORY, type OverviewSnapshot, overviewInterval } from '@/lib/stats/overview';

const sample = (cpuPercent: number, memoryUsage: number): StatsSample => ({
  time: 0,
  cpuPercent,
  memoryUsage,
  memoryLimit: 1000,
  memoryPercent: memoryUsage / 10,
  netRxRate: 0,
  netTxRate: 0,
  blockRead: 0,
  blockWrite: 0,
  pids: 1,
});
const snap = (rows: [string, number, number][]): OverviewSnapshot => ({
  time: 0,
  intervalMs: 3000,
  rows: rows.map(([id, cpu, mem]) => ({ id, name: id, image: 'img', sample: sample(cpu, mem) })),
});

describe('stats overview history', () => {
  it('appends each round to each container, bounded, and drops containers that stopped', () => {
    let entries = appendSnapshot(
      new Map(),
      snap([
        ['a', 1, 10],
        ['b', 2, 20],
      ]),
    );
    entries = appendSnapshot(entries, snap([['a', 3, 30]]));
    expect([...entries.keys()]).toEqual(['a']);
    expect(entries.get('a')).toMatchObject({ cpuHistory: [1, 3], memoryHistory: [10, 30] });
    for (let i = 0; i < HISTORY + 5; i++) entries = appendSnapshot(entries, snap([['a', i, i]]));
    expect(entries.get('a')?.cpuHistory).toHaveLength(HISTORY);
    expect(entries.get('a')?.cpuHistory.at(-1)).toBe(HISTORY + 4);
  });

  it('spaces rounds so the engine call rate stays bounded', () => {
    expect(overviewInterval(0)).toBe(3000);
    expect(overviewInterval(10)).toBe(3000);
    expect(overviewInterval(200)).toBe(10_000);
  });
});
