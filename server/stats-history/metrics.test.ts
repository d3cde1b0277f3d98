import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { describe, expect, it } from 'vitest';
import type { OverviewRow } from '@/lib/stats/overview';
import { renderMetrics } from '@/server/stats-history/metrics';

const row: OverviewRow = {
  id: 'abc123',
  name: 'shop-web-1',
  image: 'nginx:1',
  project: 'shop',
  sample: {
    time: 0,
    cpuPercent: 50,
    memoryUsage: 1000,
    memoryLimit: 4000,
    memoryPercent: 25,
    netRxRate: 0,
    netTxRate: 0,
    blockRead: 7,
    blockWrite: 8,
    pids: 1,
  },
  counters: { cpuNs: 2_500_000_000, netRx: 11, netTx: 12, memoryRaw: 1500 },
};

describe('renderMetrics', () => {
  it('writes cAdvisor names, types and labels from the latest samples', async () => {
    const { text, contentType } = await renderMetrics([{ row, seen: 1_700_000_000_500 }]);
    expect(contentType).toMatch(/^text\/plain/);
    const families = parsePrometheusTextFormat(text);
    const value = (name: string) => {
      const family = families.find((f) => f.name === name);
      expect(family, name).toBeDefined();
      const metric = family?.metrics[0] as { value: string; labels: Record<string, string> };
      expect(metric.labels).toEqual({
        name: 'shop-web-1',
        image: 'nginx:1',
        id: 'abc123',
        container_label_com_docker_compose_project: 'shop',
      });
      return { type: family?.type, value: Number(metric.value) };
    };
    expect(value('container_cpu_usage_seconds_total')).toEqual({ type: 'COUNTER', value: 2.5 });
    expect(value('container_memory_usage_bytes')).toEqual({ type: 'GAUGE', value: 1500 });
    expect(value('container_memory_working_set_bytes').value).toBe(1000);
    expect(value('container_network_receive_bytes_total').value).toBe(11);
    expect(value('container_network_transmit_bytes_total').value).toBe(12);
    expect(value('container_fs_reads_bytes_total').value).toBe(7);
    expect(value('container_fs_writes_bytes_total').value).toBe(8);
    expect(value('container_spec_memory_limit_bytes').value).toBe(4000);
    expect(value('container_last_seen').value).toBe(1_700_000_000);
  });

  it('answers an empty exposition when nothing runs', async () => {
    const { text } = await renderMetrics([]);
    expect(text).not.toMatch(/container_cpu_usage_seconds_total\{/);
  });
});
