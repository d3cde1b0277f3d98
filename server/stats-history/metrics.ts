import { Counter, Gauge, Registry } from 'prom-client';
import type { LatestSample } from '@/server/stats-history/collector';

const LABELS = ['name', 'image', 'id', 'container_label_com_docker_compose_project'] as const;

/**
 * The Prometheus text of the latest collected round, with cAdvisor's metric names and labels, so a dashboard
 * made for cAdvisor reads it unchanged. A registry per scrape: the values are the samples', nothing accumulates
 * here (counters are the engine's cumulative totals).
 */
export async function renderMetrics(
  samples: readonly LatestSample[],
): Promise<{ text: string; contentType: string }> {
  const registry = new Registry();
  const counter = (name: string, help: string) =>
    new Counter({ name, help, labelNames: LABELS, registers: [registry] });
  const gauge = (name: string, help: string) =>
    new Gauge({ name, help, labelNames: LABELS, registers: [registry] });
  const cpu = counter('container_cpu_usage_seconds_total', 'Cumulative cpu time consumed in seconds.');
  const usage = gauge(
    'container_memory_usage_bytes',
    'Current memory usage in bytes, including all memory regardless of when it was accessed.',
  );
  const workingSet = gauge(
    'container_memory_working_set_bytes',
    'Current working set in bytes (usage without inactive page cache, as docker stats shows it).',
  );
  const rx = counter('container_network_receive_bytes_total', 'Cumulative count of bytes received.');
  const tx = counter('container_network_transmit_bytes_total', 'Cumulative count of bytes transmitted.');
  const reads = counter('container_fs_reads_bytes_total', 'Cumulative count of bytes read.');
  const writes = counter('container_fs_writes_bytes_total', 'Cumulative count of bytes written.');
  const limit = gauge('container_spec_memory_limit_bytes', 'Memory limit for the container.');
  const lastSeen = gauge(
    'container_last_seen',
    'Last time a container was seen by the exporter (unix seconds).',
  );
  for (const { row, seen } of samples) {
    const labels = {
      name: row.name,
      image: row.image,
      id: row.id,
      container_label_com_docker_compose_project: row.project ?? '',
    };
    const c = row.counters;
    cpu.inc(labels, (c?.cpuNs ?? 0) / 1e9);
    usage.set(labels, c?.memoryRaw ?? row.sample.memoryUsage);
    workingSet.set(labels, row.sample.memoryUsage);
    rx.inc(labels, c?.netRx ?? 0);
    tx.inc(labels, c?.netTx ?? 0);
    reads.inc(labels, row.sample.blockRead);
    writes.inc(labels, row.sample.blockWrite);
    limit.set(labels, row.sample.memoryLimit);
    lastSeen.set(labels, Math.floor(seen / 1000));
  }
  return { text: await registry.metrics(), contentType: registry.contentType };
}
