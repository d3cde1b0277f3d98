import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import { fullCollection, IDLE_GC, shouldCollect, startIdleCollector } from '@/server/idle-memory';

const MB = 2 ** 20;

describe('shouldCollect', () => {
  it('collects when the server is quiet and the heap grew past both margins', () => {
    expect(shouldCollect({ utilization: 0.01, heapBytes: 270 * MB, baselineBytes: 86 * MB })).toBe(true);
  });

  it('waits while the event loop is busy, however large the heap', () => {
    expect(shouldCollect({ utilization: 0.5, heapBytes: 270 * MB, baselineBytes: 86 * MB })).toBe(false);
    expect(
      shouldCollect({ utilization: IDLE_GC.quietUtilization, heapBytes: 270 * MB, baselineBytes: 86 * MB }),
    ).toBe(false);
  });

  it('leaves small growth alone, in bytes and in proportion', () => {
    // 10 MB on 86 MB: under the 16 MB floor.
    expect(shouldCollect({ utilization: 0, heapBytes: 96 * MB, baselineBytes: 86 * MB })).toBe(false);
    // 40 MB on 400 MB: over the floor, under a fifth.
    expect(shouldCollect({ utilization: 0, heapBytes: 440 * MB, baselineBytes: 400 * MB })).toBe(false);
    expect(shouldCollect({ utilization: 0, heapBytes: 80 * MB, baselineBytes: 86 * MB })).toBe(false);
  });
});

describe('startIdleCollector', () => {
  it('gives a quiet heap full of garbage back, once', async () => {
    const policy = { ...IDLE_GC, intervalMs: 300 };
    const collector = startIdleCollector(policy);
    try {
      // Garbage the size of a soak's: committed heap grows well past its baseline.
      let junk: unknown[] | null = [];
      for (let i = 0; i < 1_500_000; i++) junk.push({ i, s: `garbage-${i}` });
      const grown = v8.getHeapStatistics().total_heap_size;
      junk = null;
      await new Promise((r) => setTimeout(r, 1_500));
      expect(collector.collections).toBe(1);
      expect(v8.getHeapStatistics().total_heap_size).toBeLessThan(grown - policy.minGrowthBytes);
    } finally {
      collector.stop();
    }
  });

  it('compacts the old space it collects, so a fragmented heap gives its free pages back', async () => {
    const gc = fullCollection();
    const oldSpace = () => {
      const s = v8.getHeapSpaceStatistics().find((x) => x.space_name === 'old_space');
      return { committed: s?.space_size ?? 0, used: s?.space_used_size ?? 0 };
    };
    // Live objects promoted to the old space, then every fourth dropped: pages three quarters full, which a
    // plain full collection sweeps but does not move (measured: ~10 MB left committed and unused).
    const live: ({ i: number; s: string } | null)[] = [];
    for (let i = 0; i < 600_000; i++) live.push({ i, s: `live-${i}` });
    gc();
    gc();
    for (let i = 0; i < live.length; i += 4) live[i] = null;
    gc();
    gc();
    const plain = oldSpace();
    expect(plain.committed - plain.used).toBeGreaterThan(5 * MB);
    const collector = startIdleCollector({
      ...IDLE_GC,
      intervalMs: 300,
      minGrowthBytes: 0,
      minGrowthRatio: 0,
    });
    try {
      await new Promise((r) => setTimeout(r, 1_000));
      expect(collector.collections).toBeGreaterThanOrEqual(1);
      const after = oldSpace();
      expect(after.committed - after.used).toBeLessThan(3 * MB);
      expect(live.length).toBe(600_000);
    } finally {
      collector.stop();
    }
  });
});
