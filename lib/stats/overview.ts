import type { StatsSample } from '@/lib/stats/compute';

/** One running container in the stats overview. */
export interface OverviewRow {
  id: string;
  name: string;
  image: string;
  sample: StatsSample;
  /** The `com.docker.compose.project` label ('' outside Compose): stats history is kept per project + name. */
  project?: string;
  /** The engine's cumulative counters of this reading, for stored history and /metrics. */
  counters?: StatsCounters;
}

/** Cumulative values of one reading (they only grow while the container lives). */
export interface StatsCounters {
  /** CPU time of the container, in nanoseconds. */
  cpuNs: number;
  netRx: number;
  netTx: number;
  /** memory_stats.usage as the engine reports it (page cache included), for cAdvisor's usage_bytes. */
  memoryRaw: number;
}

/** One round of the overview: every running container sampled once. */
export interface OverviewSnapshot {
  /** Unix ms when the round ended. */
  time: number;
  /** How long until the next round, so the browser knows what "live" means here. */
  intervalMs: number;
  rows: OverviewRow[];
}

/**
 * Rounds are spaced so the engine sees a bounded rate of stats calls however many containers run: at least
 * `min` apart, and `perContainer` more for each container.
 */
export function overviewInterval(containers: number, min = 3_000, perContainer = 50): number {
  return Math.max(min, containers * perContainer);
}

/** Points of history kept per container for its sparklines. */
export const HISTORY = 30;

export interface OverviewEntry extends OverviewRow {
  cpuHistory: number[];
  memoryHistory: number[];
}

/** Keeps the last HISTORY readings of each container; containers that stopped drop out. */
export function appendSnapshot(
  previous: ReadonlyMap<string, OverviewEntry>,
  snapshot: OverviewSnapshot,
): Map<string, OverviewEntry> {
  const next = new Map<string, OverviewEntry>();
  for (const row of snapshot.rows) {
    const before = previous.get(row.id);
    next.set(row.id, {
      ...row,
      cpuHistory: [...(before?.cpuHistory ?? []), row.sample.cpuPercent].slice(-HISTORY),
      memoryHistory: [...(before?.memoryHistory ?? []), row.sample.memoryUsage].slice(-HISTORY),
    });
  }
  return next;
}
