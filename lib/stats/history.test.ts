import { describe, expect, it } from 'vitest';
import {
  BucketAccumulator,
  downsample,
  type HistoryPoint,
  MAX_FILL_MS,
  type Reading,
  resolutionFor,
} from '@/lib/stats/history';

const point = (t: number, cpu: number, mem: number, extra: Partial<HistoryPoint> = {}): HistoryPoint => ({
  t,
  cpu,
  cpuMax: cpu,
  mem,
  memMax: mem,
  memLimit: 1000,
  netRx: 10,
  netTx: 1,
  blkRead: 0,
  blkWrite: 5,
  ...extra,
});

describe('downsample', () => {
  it('folds six 10 s points into one 1 min point: averages, maxima, sums, last limit', () => {
    const base = 1_700_000_040_000; // a minute boundary
    const fine = [0, 1, 2, 3, 4, 5].map((i) =>
      point(base + i * 10_000, i * 10, 100 + i, i === 5 ? { memLimit: 2000 } : {}),
    );
    const [coarse, ...rest] = downsample([...fine].reverse());
    expect(rest).toEqual([]);
    expect(coarse).toEqual({
      t: base,
      cpu: 25,
      cpuMax: 50,
      mem: 103,
      memMax: 105,
      memLimit: 2000,
      netRx: 60,
      netTx: 6,
      blkRead: 0,
      blkWrite: 30,
    });
  });

  it('keeps minutes apart and in order, a partial minute averaged over the points it has', () => {
    const base = 1_700_000_040_000;
    const out = downsample([point(base + 70_000, 40, 10), point(base, 10, 10), point(base + 60_000, 20, 30)]);
    expect(out.map((p) => [p.t, p.cpu, p.mem])).toEqual([
      [base, 10, 10],
      [base + 60_000, 30, 20],
    ]);
  });

  it('picks 10 s points for 1 h and 6 h, 1 min beyond', () => {
    expect(['1h', '6h', '24h', '7d'].map((r) => resolutionFor(r as '1h'))).toEqual([10, 10, 60, 60]);
  });
});

const reading = (id: string, time: number, cpu: number, r: Partial<Reading> = {}): Reading => ({
  id,
  time,
  cpuPercent: cpu,
  memoryUsage: 100,
  memoryLimit: 1000,
  netRx: 0,
  netTx: 0,
  blockRead: 0,
  blockWrite: 0,
  ...r,
});

describe('BucketAccumulator', () => {
  it('leaves out the first reading’s CPU, turns counters into bytes per bucket, and hands out ended buckets', () => {
    const acc = new BucketAccumulator(10);
    const t0 = 1_700_000_000_000;
    acc.add('web', reading('a', t0 + 1_000, 0, { netRx: 1000, blockWrite: 50 }));
    acc.add('web', reading('a', t0 + 4_000, 80, { netRx: 1500, blockWrite: 80 }));
    acc.add('web', reading('a', t0 + 7_000, 60, { netRx: 1600, blockWrite: 80 }));
    acc.add('web', reading('a', t0 + 7_000, 99)); // the same round again: ignored
    acc.add('web', reading('a', t0 + 12_000, 50, { netRx: 1700, blockWrite: 80 }));
    expect(acc.take(t0 + 9_000)).toEqual([]);
    const first = acc.take(t0 + 10_000);
    expect(first).toEqual([
      {
        key: 'web',
        point: expect.objectContaining({ t: t0, cpu: 70, cpuMax: 80, netRx: 600, blkWrite: 30, mem: 100 }),
      },
    ]);
    expect(acc.size).toBe(1);
    expect(acc.take(0, true).map((b) => b.point)).toEqual([
      expect.objectContaining({ t: t0 + 10_000, cpu: 50, netRx: 100 }),
    ]);
  });

  it('starts counting again for a new id under the same key (a recreated container)', () => {
    const acc = new BucketAccumulator(10);
    const t0 = 1_700_000_000_000;
    acc.add('web', reading('a', t0 + 1_000, 10, { netRx: 5000 }));
    acc.add('web', reading('a', t0 + 3_000, 10, { netRx: 6000 }));
    acc.retain(new Set(['b']));
    acc.add('web', reading('b', t0 + 5_000, 0, { netRx: 10 }));
    acc.add('web', reading('b', t0 + 8_000, 30, { netRx: 30 }));
    const [bucket] = acc.take(0, true);
    // 1000 bytes from a, 20 from b: never the jump from a's 6000 to b's 10.
    expect(bucket?.point).toMatchObject({ netRx: 1020, cpu: 20 });
  });

  it('fills the buckets between readings 25 s apart: the same CPU %, bytes by time, memory interpolated', () => {
    const acc = new BucketAccumulator(10);
    const t0 = 1_700_000_000_000;
    acc.add('web', reading('a', t0 + 4_000, 0, { netRx: 1000, memoryUsage: 100 }));
    // 25 s later, in bucket t0+20 s: bucket t0+10 s lies between the two.
    acc.add('web', reading('a', t0 + 29_000, 40, { netRx: 3500, memoryUsage: 350 }));
    acc.add('web', reading('a', t0 + 54_000, 10, { netRx: 6000, memoryUsage: 100 }));
    const points = acc
      .take(0, true)
      .map((b) => b.point)
      .sort((a, b) => a.t - b.t);
    expect(points.map((p) => p.t - t0)).toEqual([0, 10_000, 20_000, 30_000, 40_000, 50_000]);
    // The first reading's own bucket: no CPU % (nothing before it), its memory.
    expect(points[0]).toMatchObject({ cpu: 0, mem: 100, netRx: 0 });
    // t0+10 s lies wholly between the first two readings: the CPU % over them, 10/25 of the bytes, memory at
    // its middle (15 s: 11/25 of the way from 100 to 350).
    expect(points[1]).toMatchObject({ cpu: 40, cpuMax: 40, netRx: 1000, mem: 210 });
    // The second reading's bucket: its CPU, the rest of the bytes, its memory.
    expect(points[2]).toMatchObject({ cpu: 40, netRx: 1500, mem: 350 });
    // Between the second and the third: 10 %, 1000 bytes each, memory falling 350 -> 100.
    expect(points[3]).toMatchObject({ cpu: 10, netRx: 1000, mem: 290 });
    expect(points[4]).toMatchObject({ cpu: 10, netRx: 1000, mem: 190 });
    expect(points[5]).toMatchObject({ cpu: 10, netRx: 500, mem: 100 });
    // Not a byte invented or lost.
    expect(points.reduce((n, p) => n + p.netRx, 0)).toBe(5000);
  });

  it('leaves a gap longer than MAX_FILL_MS empty (an unreachable engine is not a flat line)', () => {
    const acc = new BucketAccumulator(10);
    const t0 = 1_700_000_000_000;
    acc.add('web', reading('a', t0 + 1_000, 0, { netRx: 0 }));
    acc.add('web', reading('a', t0 + 1_000 + MAX_FILL_MS + 10_000, 30, { netRx: 900 }));
    const points = acc.take(0, true).map((b) => b.point);
    expect(points).toHaveLength(2);
    expect(points.find((p) => p.t > t0)).toMatchObject({ cpu: 30, netRx: 900 });
  });

  it('never shares out more bytes than were counted, whatever the rounding', () => {
    const acc = new BucketAccumulator(10);
    const t0 = 1_700_000_000_000;
    acc.add('web', reading('a', t0 + 9_900, 0, { netRx: 0, blockWrite: 0 }));
    acc.add('web', reading('a', t0 + 40_000, 5, { netRx: 5, blockWrite: 7 }));
    const points = acc.take(0, true).map((b) => b.point);
    expect(points).toHaveLength(5);
    for (const p of points) expect(p.netRx).toBeGreaterThanOrEqual(0);
    expect(points.reduce((n, p) => n + p.netRx, 0)).toBe(5);
    expect(points.reduce((n, p) => n + p.blkWrite, 0)).toBe(7);
  });
});
