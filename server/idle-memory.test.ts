import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import { IDLE_GC, shouldCollect, startIdleCollector } from '@/server/idle-memory';

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
});
