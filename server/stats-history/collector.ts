import { LOCAL_ENVIRONMENT } from '@/lib/environments/types';
import { BucketAccumulator, COARSE_SECONDS, FINE_SECONDS } from '@/lib/stats/history';
import type { OverviewRow, OverviewSnapshot } from '@/lib/stats/overview';
import { serverContext } from '@/server/context';
import {
  BACKGROUND_INTERVAL_MS,
  backgroundInterval,
  type OverviewSamplers,
} from '@/server/realtime/overview';
import { lastRolledUp, prune, rollUp, type SeriesWrite, writeFinePoints } from '@/server/stats-history/store';

/** How often complete 10 s buckets are written (one transaction for all containers). */
const FLUSH_MS = 10_000;
/**
 * A reading arrives with the snapshot at the end of its round, up to a round later than the engine's
 * timestamp: a bucket is written once it ended this long ago, so late readings still land in it.
 */
const SETTLE_MS = 15_000;
const PRUNE_MS = 5 * 60_000;

/**
 * With many running containers the rounds nobody watches run further apart than 10 s, and a reading fills the
 * buckets back to the previous one (lib/stats/history.ts): buckets wait that much longer before they are written.
 */
export function settleMs(runningContainers: number): number {
  return SETTLE_MS + Math.max(0, backgroundInterval(runningContainers) - BACKGROUND_INTERVAL_MS);
}

/** The latest reading of a running container, for /metrics. */
export interface LatestSample {
  row: OverviewRow;
  /** Unix ms of the round that read it. */
  seen: number;
}

const seriesKey = (project: string, name: string) => `${project}\u0000${name}`;

/**
 * Stats history, collected in the server whether anyone watches or not: a background listener of the stats
 * overview's shared rounds (server/realtime/overview.ts: one one-shot engine call per running container per
 * round, the same calls the overview page's viewers get), so the collector never opens an engine stream of its
 * own. Readings are folded into 10 s buckets in memory and written in batches off the request path.
 */
export class StatsCollector {
  private readonly accumulator = new BucketAccumulator(FINE_SECONDS);
  /** Series key -> what the rows of its latest reading said. */
  private readonly seriesInfo = new Map<
    string,
    { project: string; name: string; id: string; image: string }
  >();
  private latestRows = new Map<string, LatestSample>();
  private off: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastPrune = 0;
  /** The end (ms) of the minutes already rolled up into 1 min points. */
  private rolledUpTo: number | null = null;
  /** Rows written so far and flush failures (for /api/system/streams and tests). */
  written = 0;
  failures = 0;

  constructor(private readonly env = LOCAL_ENVIRONMENT) {}

  start(samplers: OverviewSamplers): void {
    if (this.off) return;
    this.off = samplers.subscribe(this.env, (snapshot) => this.onSnapshot(snapshot), { background: true });
    this.timer = setInterval(() => this.flush(), FLUSH_MS);
    this.timer.unref();
  }

  /** Stops listening and writes what is pending (at shutdown, before the database closes). */
  stop(): void {
    this.off?.();
    this.off = null;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.flush(Date.now(), true);
  }

  /** The containers of the latest round, for /metrics (no engine call per scrape). */
  latest(): LatestSample[] {
    return [...this.latestRows.values()];
  }

  onSnapshot(snapshot: OverviewSnapshot): void {
    const latest = new Map<string, LatestSample>();
    for (const row of snapshot.rows) {
      const project = row.project ?? '';
      const key = seriesKey(project, row.name);
      this.seriesInfo.set(key, { project, name: row.name, id: row.id, image: row.image });
      latest.set(row.id, { row, seen: snapshot.time });
      this.accumulator.add(key, {
        id: row.id,
        time: row.sample.time,
        cpuPercent: row.sample.cpuPercent,
        memoryUsage: row.sample.memoryUsage,
        memoryLimit: row.sample.memoryLimit,
        netRx: row.counters?.netRx ?? 0,
        netTx: row.counters?.netTx ?? 0,
        blockRead: row.sample.blockRead,
        blockWrite: row.sample.blockWrite,
      });
    }
    this.latestRows = latest;
    this.accumulator.retain(new Set(latest.keys()));
  }

  flush(now = Date.now(), all = false): void {
    try {
      const writes: SeriesWrite[] = [];
      const settle = settleMs(this.latestRows.size);
      for (const { key, point } of this.accumulator.take(now - settle, all)) {
        const info = this.seriesInfo.get(key);
        if (!info) continue;
        writes.push({
          env: this.env,
          project: info.project,
          name: info.name,
          containerId: info.id,
          image: info.image,
          point,
        });
      }
      writeFinePoints(writes, now);
      this.written += writes.length;
      // Minutes whose 10 s points are all written: the last one is redone once, in case a late point came.
      const minute = COARSE_SECONDS * 1000;
      const upTo = Math.floor((now - (all ? 0 : settle + FINE_SECONDS * 1000)) / minute) * minute;
      this.rolledUpTo ??= lastRolledUp() ?? upTo - 24 * 60 * minute;
      rollUp(this.rolledUpTo - minute, upTo);
      this.rolledUpTo = Math.max(this.rolledUpTo, upTo);
      if (now - this.lastPrune >= PRUNE_MS) {
        this.lastPrune = now;
        prune(now);
        // Series keys of containers gone for good are not kept in memory either.
        const live = new Set(
          [...this.latestRows.values()].map((l) => seriesKey(l.row.project ?? '', l.row.name)),
        );
        for (const key of this.seriesInfo.keys()) if (!live.has(key)) this.seriesInfo.delete(key);
      }
    } catch (err) {
      this.failures++;
      console.error('[stats-history] could not write', err);
    }
  }
}

/** Starts the process's collector on the socket server's overview samplers (server/index.ts, at start). */
export function startStatsCollector(samplers: OverviewSamplers): StatsCollector {
  const ctx = serverContext();
  ctx.statsCollector ??= new StatsCollector();
  ctx.statsCollector.start(samplers);
  return ctx.statsCollector;
}

export function stopStatsCollector(): void {
  const ctx = serverContext();
  ctx.statsCollector?.stop();
  ctx.statsCollector = null;
}

export function statsCollector(): StatsCollector | null {
  return serverContext().statsCollector;
}
