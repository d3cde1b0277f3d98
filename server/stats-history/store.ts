import {
  COARSE_RETENTION_MS,
  COARSE_SECONDS,
  downsample,
  FINE_RETENTION_MS,
  FINE_SECONDS,
  type HistoryPoint,
  type HistoryRange,
  type HistorySeries,
  MAX_SERIES,
  rangeMs,
  resolutionFor,
  type TopBy,
  type TopConsumers,
} from '@/lib/stats/history';
import { type Db, db } from '@/server/db';

/** What identifies a series: the container's name and compose project on one environment. */
export interface SeriesKey {
  env: string;
  project: string;
  name: string;
}

export interface SeriesWrite extends SeriesKey {
  containerId: string;
  image: string;
  point: HistoryPoint;
}

interface PointRow {
  t: number;
  cpu: number;
  cpu_max: number;
  mem: number;
  mem_max: number;
  mem_limit: number;
  net_rx: number;
  net_tx: number;
  blk_read: number;
  blk_write: number;
}

const toPoint = (r: PointRow): HistoryPoint => ({
  t: r.t,
  cpu: r.cpu,
  cpuMax: r.cpu_max,
  mem: r.mem,
  memMax: r.mem_max,
  memLimit: r.mem_limit,
  netRx: r.net_rx,
  netTx: r.net_tx,
  blkRead: r.blk_read,
  blkWrite: r.blk_write,
});

const POINT_COLUMNS = 't, cpu, cpu_max, mem, mem_max, mem_limit, net_rx, net_tx, blk_read, blk_write';

function upsertPoint(database: Db) {
  const stmt = database.prepare(
    `INSERT INTO stats_points (series_id, resolution, ${POINT_COLUMNS})
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (series_id, resolution, t) DO UPDATE SET cpu = excluded.cpu, cpu_max = excluded.cpu_max,
       mem = excluded.mem, mem_max = excluded.mem_max, mem_limit = excluded.mem_limit, net_rx = excluded.net_rx,
       net_tx = excluded.net_tx, blk_read = excluded.blk_read, blk_write = excluded.blk_write`,
  );
  return (seriesId: number, resolution: number, p: HistoryPoint) =>
    stmt.run(
      seriesId,
      resolution,
      p.t,
      p.cpu,
      p.cpuMax,
      p.mem,
      p.memMax,
      p.memLimit,
      p.netRx,
      p.netTx,
      p.blkRead,
      p.blkWrite,
    );
}

/** Writes a batch of 10 s points in one transaction (the collector calls it every 10 s, never a request). */
export function writeFinePoints(writes: readonly SeriesWrite[], now = Date.now(), database = db()): void {
  if (writes.length === 0) return;
  const series = database.prepare<[string, string, string, string, string, number], { id: number }>(
    `INSERT INTO stats_series (env, project, name, container_id, image, last_seen) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (env, project, name) DO UPDATE SET container_id = excluded.container_id, image = excluded.image,
       last_seen = MAX(last_seen, excluded.last_seen)
     RETURNING id`,
  );
  const instance = database.prepare(
    `INSERT INTO stats_instances (series_id, container_id, first_seen, last_seen) VALUES (?, ?, ?, ?)
     ON CONFLICT (series_id, container_id) DO UPDATE SET last_seen = MAX(last_seen, excluded.last_seen)`,
  );
  const point = upsertPoint(database);
  database.transaction(() => {
    for (const w of writes) {
      const row = series.get(w.env, w.project, w.name, w.containerId, w.image, now);
      if (!row) continue;
      instance.run(row.id, w.containerId, w.point.t, w.point.t);
      point(row.id, FINE_SECONDS, w.point);
    }
  })();
}

/**
 * Folds the 10 s points of every minute in [from, to) into 1 min points (both ms, on minute boundaries).
 * Rerunning a minute rewrites the same point, so a restart may redo the last one safely.
 */
export function rollUp(from: number, to: number, database = db()): number {
  if (to <= from) return 0;
  const rows = database
    .prepare<[number, number], PointRow & { series_id: number }>(
      `SELECT series_id, ${POINT_COLUMNS} FROM stats_points
       WHERE resolution = ${FINE_SECONDS} AND t >= ? AND t < ? ORDER BY series_id`,
    )
    .all(from, to);
  const bySeries = new Map<number, HistoryPoint[]>();
  for (const r of rows) {
    const list = bySeries.get(r.series_id) ?? [];
    if (list.length === 0) bySeries.set(r.series_id, list);
    list.push(toPoint(r));
  }
  const point = upsertPoint(database);
  let written = 0;
  database.transaction(() => {
    for (const [id, points] of bySeries)
      for (const p of downsample(points, COARSE_SECONDS)) {
        point(id, COARSE_SECONDS, p);
        written++;
      }
  })();
  return written;
}

/** The end of the last minute rolled up (ms), or null when nothing was. */
export function lastRolledUp(database = db()): number | null {
  const row = database
    .prepare<[], { t: number | null }>(
      `SELECT MAX(t) AS t FROM stats_points WHERE resolution = ${COARSE_SECONDS}`,
    )
    .get();
  return row?.t == null ? null : row.t + COARSE_SECONDS * 1000;
}

/**
 * Keeps the tables bounded: 10 s points older than 24 h, 1 min points older than 7 days, series not seen for 7
 * days, and beyond MAX_SERIES the series seen longest ago (their points go with them).
 */
export function prune(now = Date.now(), database = db()): { points: number; series: number } {
  let points = 0;
  let series = 0;
  database.transaction(() => {
    points += database
      .prepare(`DELETE FROM stats_points WHERE resolution = ${FINE_SECONDS} AND t < ?`)
      .run(now - FINE_RETENTION_MS).changes;
    points += database
      .prepare(`DELETE FROM stats_points WHERE resolution = ${COARSE_SECONDS} AND t < ?`)
      .run(now - COARSE_RETENTION_MS).changes;
    series += database
      .prepare('DELETE FROM stats_series WHERE last_seen < ?')
      .run(now - COARSE_RETENTION_MS).changes;
    series += database
      .prepare(
        `DELETE FROM stats_series WHERE id NOT IN (SELECT id FROM stats_series ORDER BY last_seen DESC, id DESC LIMIT ?)`,
      )
      .run(MAX_SERIES).changes;
  })();
  return { points, series };
}

interface SeriesRow {
  id: number;
  project: string;
  name: string;
  container_id: string;
  image: string;
  last_seen: number;
}

/** The series of `name` (in `project` when given, else the one seen last under that name). */
export function findSeries(env: string, name: string, project?: string, database = db()): SeriesRow | null {
  const row =
    project === undefined
      ? database
          .prepare<[string, string], SeriesRow>(
            'SELECT * FROM stats_series WHERE env = ? AND name = ? ORDER BY last_seen DESC LIMIT 1',
          )
          .get(env, name)
      : database
          .prepare<[string, string, string], SeriesRow>(
            'SELECT * FROM stats_series WHERE env = ? AND name = ? AND project = ?',
          )
          .get(env, name, project);
  return row ?? null;
}

export function readSeries(
  env: string,
  name: string,
  project: string | undefined,
  range: HistoryRange,
  now = Date.now(),
  database = db(),
): HistorySeries | null {
  const series = findSeries(env, name, project, database);
  if (!series) return null;
  const resolution = resolutionFor(range);
  const from = now - rangeMs(range);
  const points = database
    .prepare<[number, number, number], PointRow>(
      `SELECT ${POINT_COLUMNS} FROM stats_points WHERE series_id = ? AND resolution = ? AND t >= ? ORDER BY t`,
    )
    .all(series.id, resolution, from)
    .map(toPoint);
  const ids = database
    .prepare<[number, number], { container_id: string }>(
      'SELECT container_id FROM stats_instances WHERE series_id = ? AND last_seen >= ? ORDER BY first_seen',
    )
    .all(series.id, from)
    .map((r) => r.container_id);
  return { name: series.name, project: series.project, ids, range, resolution, from, to: now, points };
}

/** Containers ranked by average CPU % or by peak memory over the range. */
export function topConsumers(
  env: string,
  range: HistoryRange,
  by: TopBy,
  limit: number,
  now = Date.now(),
  database = db(),
  project?: string,
): TopConsumers {
  const resolution = resolutionFor(range);
  const rows = database
    .prepare<
      [number, number, string, string | null, string | null, number],
      {
        name: string;
        project: string;
        container_id: string;
        image: string;
        last_seen: number;
        cpu_avg: number;
        cpu_max: number;
        mem_avg: number;
        mem_max: number;
        net_rx: number;
        net_tx: number;
        points: number;
      }
    >(
      `SELECT s.name, s.project, s.container_id, s.image, s.last_seen,
         AVG(p.cpu) AS cpu_avg, MAX(p.cpu_max) AS cpu_max, AVG(p.mem) AS mem_avg, MAX(p.mem_max) AS mem_max,
         SUM(p.net_rx) AS net_rx, SUM(p.net_tx) AS net_tx, COUNT(*) AS points
       FROM stats_points p JOIN stats_series s ON s.id = p.series_id
       WHERE p.resolution = ? AND p.t >= ? AND s.env = ? AND (? IS NULL OR s.project = ?)
       GROUP BY s.id
       ORDER BY ${by === 'cpu' ? 'cpu_avg' : 'mem_avg'} DESC, s.name
       LIMIT ?`,
    )
    .all(resolution, now - rangeMs(range), env, project ?? null, project ?? null, limit);
  return {
    range,
    by,
    resolution,
    rows: rows.map((r) => ({
      name: r.name,
      project: r.project,
      containerId: r.container_id,
      image: r.image,
      cpuAvg: r.cpu_avg,
      cpuMax: r.cpu_max,
      memAvg: Math.round(r.mem_avg),
      memMax: r.mem_max,
      netRx: r.net_rx,
      netTx: r.net_tx,
      points: r.points,
      lastSeen: r.last_seen,
    })),
  };
}
