import type { StatsSample } from '@/lib/stats/compute';

/** One running container in the stats overview. */
export interface OverviewRow {
  id: string;
  name: string;
  image: string;
  sample: StatsSample;
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
