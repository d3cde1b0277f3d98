/**
 * Stored stats history (issue 20): pure parts shared by the collector, the API and the browser. Points are
 * kept at 10 s for 24 h and at 1 min for 7 days, per container name + compose project.
 */

export const HISTORY_RANGES = ['1h', '6h', '24h', '7d'] as const;
export type HistoryRange = (typeof HISTORY_RANGES)[number];

export const FINE_SECONDS = 10;
export const COARSE_SECONDS = 60;
/** How long each resolution is kept. */
export const FINE_RETENTION_MS = 24 * 60 * 60 * 1000;
export const COARSE_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
/**
 * At most this many containers (name + project) keep history; the ones seen longest ago go first. With
 * 8,640 fine and 10,080 coarse rows each (about 60 bytes a row), that bounds the tables near 350 MB.
 */
export const MAX_SERIES = 300;

const RANGE_MS: Record<HistoryRange, number> = {
  '1h': 60 * 60 * 1000,
  '6h': 6 * 60 * 60 * 1000,
  '24h': 24 * 60 * 60 * 1000,
  '7d': 7 * 24 * 60 * 60 * 1000,
};

export function rangeMs(range: HistoryRange): number {
  return RANGE_MS[range];
}

/** 10 s points for the ranges they cover in a chart's width (up to 2,160 of them), 1 min beyond. */
export function resolutionFor(range: HistoryRange): number {
  return range === '1h' || range === '6h' ? FINE_SECONDS : COARSE_SECONDS;
}

/** One stored point: averages over its bucket, and bytes moved during it. */
export interface HistoryPoint {
  /** Start of the bucket, unix ms. */
  t: number;
  /** Average CPU % over the bucket (100 = one core). */
  cpu: number;
  cpuMax: number;
  /** Memory as `docker stats` shows it, averaged over the bucket. */
  mem: number;
  memMax: number;
  memLimit: number;
  /** Bytes received / sent / read / written during the bucket. */
  netRx: number;
  netTx: number;
  blkRead: number;
  blkWrite: number;
}

export interface HistorySeries {
  name: string;
  project: string;
  /** Ids the container had over the range (a recreated container keeps its history). */
  ids: string[];
  range: HistoryRange;
  /** Seconds per point. */
  resolution: number;
  from: number;
  to: number;
  points: HistoryPoint[];
}

export const TOP_BY = ['cpu', 'memory'] as const;
export type TopBy = (typeof TOP_BY)[number];

export interface TopConsumer {
  name: string;
  project: string;
  containerId: string;
  image: string;
  cpuAvg: number;
  cpuMax: number;
  memAvg: number;
  memMax: number;
  netRx: number;
  netTx: number;
  points: number;
  lastSeen: number;
}

export interface TopConsumers {
  range: HistoryRange;
  by: TopBy;
  resolution: number;
  rows: TopConsumer[];
}

/**
 * 10 s points folded into 1 min points: averages weighted by the number of fine points, maxima kept, bytes
 * summed, the last memory limit. Input in any order and of any series' minute; one output point per minute.
 */
export function downsample(points: readonly HistoryPoint[], seconds = COARSE_SECONDS): HistoryPoint[] {
  const width = seconds * 1000;
  const buckets = new Map<number, { sum: HistoryPoint; n: number; lastT: number }>();
  for (const p of points) {
    const t = Math.floor(p.t / width) * width;
    const b = buckets.get(t);
    if (!b) {
      buckets.set(t, { sum: { ...p, t }, n: 1, lastT: p.t });
      continue;
    }
    b.n++;
    b.sum.cpu += p.cpu;
    b.sum.mem += p.mem;
    b.sum.cpuMax = Math.max(b.sum.cpuMax, p.cpuMax);
    b.sum.memMax = Math.max(b.sum.memMax, p.memMax);
    b.sum.netRx += p.netRx;
    b.sum.netTx += p.netTx;
    b.sum.blkRead += p.blkRead;
    b.sum.blkWrite += p.blkWrite;
    if (p.t >= b.lastT) {
      b.lastT = p.t;
      b.sum.memLimit = p.memLimit;
    }
  }
  return [...buckets.values()]
    .map(({ sum, n }) => ({ ...sum, cpu: sum.cpu / n, mem: Math.round(sum.mem / n) }))
    .sort((a, b) => a.t - b.t);
}

/** One reading of a container as the collector gets it from the shared overview rounds. */
export interface Reading {
  id: string;
  /** Unix ms of the engine's reading. */
  time: number;
  cpuPercent: number;
  memoryUsage: number;
  memoryLimit: number;
  netRx: number;
  netTx: number;
  blockRead: number;
  blockWrite: number;
}

interface Pending {
  t: number;
  cpuSum: number;
  cpuN: number;
  cpuMax: number;
  memSum: number;
  memN: number;
  memMax: number;
  memLimit: number;
  netRx: number;
  netTx: number;
  blkRead: number;
  blkWrite: number;
}

/**
 * A reading fills the buckets between it and the container's previous reading when they are at most this far
 * apart (the history's rounds run up to 60 s apart with many containers: server/realtime/overview.ts); a longer
 * gap (the engine was unreachable, the server paused) stays a gap rather than an invented line.
 */
export const MAX_FILL_MS = 90_000;

/** Bytes moved during a bucket, by counter. */
type Bytes = Pick<Pending, 'netRx' | 'netTx' | 'blkRead' | 'blkWrite'>;
const BYTE_KEYS = ['netRx', 'netTx', 'blkRead', 'blkWrite'] as const;

/** How much a counter grew; a counter that went back counts nothing. */
const grown = (now: number, then: number) => (now >= then ? now - then : 0);

/**
 * Folds readings into 10 s buckets per series key. CPU % of a container's first reading is left out (a
 * one-shot reading without a previous one says 0, not the truth); byte counters count from the second
 * reading of the same container id (a recreated container starts its counters again).
 *
 * Readings further apart than a bucket fill the buckets between them: a one-shot CPU % is the average since
 * the previous reading, so it holds for each of them; bytes are shared out by time; memory, a level, is
 * interpolated at each bucket's middle.
 */
export class BucketAccumulator {
  private readonly pending = new Map<string, Pending>();
  private readonly previous = new Map<string, Reading>();

  constructor(private readonly seconds = FINE_SECONDS) {}

  add(key: string, r: Reading): void {
    const before = this.previous.get(r.id);
    if (before && r.time <= before.time) return; // the same round again (a late subscriber's replay)
    this.previous.set(r.id, r);
    const width = this.seconds * 1000;
    const t = Math.floor(r.time / width) * width;
    if (!before) {
      this.addTo(key, t, null, r.memoryUsage, r.memoryLimit);
      return;
    }
    const bytes: Bytes = {
      netRx: grown(r.netRx, before.netRx),
      netTx: grown(r.netTx, before.netTx),
      blkRead: grown(r.blockRead, before.blockRead),
      blkWrite: grown(r.blockWrite, before.blockWrite),
    };
    const span = r.time - before.time;
    if (span <= MAX_FILL_MS) {
      // The buckets strictly between the previous reading's and this one's, each with its share of the span;
      // this reading's own bucket keeps the rest of the bytes.
      const part = { ...bytes };
      for (const k of BYTE_KEYS) part[k] = Math.floor((bytes[k] * width) / span);
      for (let g = Math.floor(before.time / width) * width + width; g < t; g += width) {
        for (const k of BYTE_KEYS) bytes[k] -= part[k];
        const mid = g + width / 2;
        const mem = before.memoryUsage + ((r.memoryUsage - before.memoryUsage) * (mid - before.time)) / span;
        this.addTo(key, g, r.cpuPercent, Math.round(mem), r.memoryLimit, part);
      }
    }
    this.addTo(key, t, r.cpuPercent, r.memoryUsage, r.memoryLimit, bytes);
  }

  private addTo(
    key: string,
    t: number,
    cpu: number | null,
    mem: number,
    memLimit: number,
    bytes?: Bytes,
  ): void {
    let p = this.pending.get(`${key}\u0000${t}`);
    if (!p) {
      p = {
        t,
        cpuSum: 0,
        cpuN: 0,
        cpuMax: 0,
        memSum: 0,
        memN: 0,
        memMax: 0,
        memLimit: 0,
        netRx: 0,
        netTx: 0,
        blkRead: 0,
        blkWrite: 0,
      };
      this.pending.set(`${key}\u0000${t}`, p);
    }
    if (cpu !== null) {
      p.cpuSum += cpu;
      p.cpuN++;
      p.cpuMax = Math.max(p.cpuMax, cpu);
    }
    if (bytes) for (const k of BYTE_KEYS) p[k] += bytes[k];
    p.memSum += mem;
    p.memN++;
    p.memMax = Math.max(p.memMax, mem);
    p.memLimit = memLimit;
  }

  /** Ids not seen in the latest round: their previous readings are dropped. */
  retain(ids: Set<string>): void {
    for (const id of this.previous.keys()) if (!ids.has(id)) this.previous.delete(id);
  }

  /** The buckets that ended by `now` (all of them with `all`), removed from the accumulator. */
  take(now: number, all = false): { key: string; point: HistoryPoint }[] {
    const width = this.seconds * 1000;
    const out: { key: string; point: HistoryPoint }[] = [];
    for (const [k, p] of this.pending) {
      if (!all && p.t + width > now) continue;
      this.pending.delete(k);
      const key = k.slice(0, k.lastIndexOf('\u0000'));
      out.push({
        key,
        point: {
          t: p.t,
          cpu: p.cpuN ? p.cpuSum / p.cpuN : 0,
          cpuMax: p.cpuMax,
          mem: p.memN ? Math.round(p.memSum / p.memN) : 0,
          memMax: p.memMax,
          memLimit: p.memLimit,
          netRx: p.netRx,
          netTx: p.netTx,
          blkRead: p.blkRead,
          blkWrite: p.blkWrite,
        },
      });
    }
    return out;
  }

  get size(): number {
    return this.pending.size;
  }
}
