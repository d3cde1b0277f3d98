import { describe, expect, it } from 'vitest';
import { cpuPercent, memoryUsage, type RawStats, toSample } from '@/lib/stats/compute';

const reading = (patch: Partial<RawStats> = {}): RawStats => ({
  read: '2026-01-01T00:00:01.000Z',
  cpu_stats: { cpu_usage: { total_usage: 2_000_000_000 }, system_cpu_usage: 20_000_000_000, online_cpus: 2 },
  precpu_stats: { cpu_usage: { total_usage: 1_000_000_000 }, system_cpu_usage: 10_000_000_000 },
  memory_stats: { usage: 300 * 2 ** 20, limit: 1024 * 2 ** 20, stats: { inactive_file: 100 * 2 ** 20 } },
  networks: { eth0: { rx_bytes: 1000, tx_bytes: 500 }, eth1: { rx_bytes: 1000, tx_bytes: 0 } },
  blkio_stats: {
    io_service_bytes_recursive: [
      { op: 'Read', value: 4096 },
      { op: 'Write', value: 8192 },
      { op: 'read', value: 4096 },
    ],
  },
  pids_stats: { current: 7 },
  ...patch,
});

describe('container stats, as docker stats computes them', () => {
  it('computes CPU % from the deltas, scaled by online CPUs', () => {
    // 1e9 of 1e10 system time on 2 CPUs = 20 %.
    expect(cpuPercent(reading())).toBeCloseTo(20);
    expect(
      cpuPercent(
        reading({ precpu_stats: {}, cpu_stats: { cpu_usage: { total_usage: 0 }, system_cpu_usage: 0 } }),
      ),
    ).toBe(0);
  });

  it('leaves reclaimable page cache out of memory, cgroup v1 and v2', () => {
    expect(memoryUsage({ usage: 300, stats: { inactive_file: 100 } })).toBe(200);
    expect(memoryUsage({ usage: 300, stats: { total_inactive_file: 50 } })).toBe(250);
    expect(memoryUsage({ usage: 300, stats: { cache: 500 } })).toBe(300);
  });

  it('computes network rates between readings and totals block I/O', () => {
    const first = toSample(reading(), null);
    expect(first.sample.netRxRate).toBe(0);
    expect(first.sample.memoryPercent).toBeCloseTo((200 / 1024) * 100);
    expect(first.sample).toMatchObject({ blockRead: 8192, blockWrite: 8192, pids: 7 });
    const second = toSample(
      reading({ read: '2026-01-01T00:00:03.000Z', networks: { eth0: { rx_bytes: 5000, tx_bytes: 1500 } } }),
      first.cursor,
    );
    // rx 2000 → 5000 and tx 500 → 1500 over 2 s.
    expect(second.sample.netRxRate).toBe(1500);
    expect(second.sample.netTxRate).toBe(500);
  });

  it('takes CPU % of a one-shot reading (no precpu) from the previous reading of the same container', () => {
    const oneShot = (total: number, system: number, read: string): RawStats => ({
      read,
      cpu_stats: { cpu_usage: { total_usage: total }, system_cpu_usage: system, online_cpus: 2 },
      precpu_stats: { cpu_usage: {} },
    });
    const first = toSample(oneShot(1_000, 100_000, '2026-01-01T00:00:00Z'), null);
    expect(first.sample.cpuPercent).toBe(0);
    // 500 of 10,000 host CPU units on 2 CPUs: 10 %.
    const second = toSample(oneShot(1_500, 110_000, '2026-01-01T00:00:05Z'), first.cursor);
    expect(second.sample.cpuPercent).toBeCloseTo(10);
  });
});
