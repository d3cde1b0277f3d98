import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type HistoryPoint, MAX_SERIES } from '@/lib/stats/history';
import { type Db, openDatabase } from '@/server/db';
import {
  lastRolledUp,
  prune,
  readSeries,
  rollUp,
  type SeriesWrite,
  topConsumers,
  writeFinePoints,
} from '@/server/stats-history/store';

const MIN = 60_000;
const NOW = Math.floor(1_800_000_000_000 / MIN) * MIN;

const point = (t: number, cpu: number, mem: number): HistoryPoint => ({
  t,
  cpu,
  cpuMax: cpu,
  mem,
  memMax: mem,
  memLimit: 1 << 30,
  netRx: 1,
  netTx: 2,
  blkRead: 3,
  blkWrite: 4,
});
const write = (name: string, id: string, p: HistoryPoint, project = ''): SeriesWrite => ({
  env: 'local',
  project,
  name,
  containerId: id,
  image: 'busybox',
  point: p,
});

let database: Db;
beforeEach(() => {
  database = openDatabase(':memory:');
});
afterEach(() => database.close());

describe('stats history store', () => {
  it('keeps a name + project series across ids, and answers a range at its resolution', () => {
    const fine: SeriesWrite[] = [];
    for (let i = 0; i < 12; i++)
      fine.push(write('web', i < 6 ? 'old' : 'new', point(NOW - 2 * MIN + i * 10_000, i, 100)));
    writeFinePoints(fine, NOW, database);
    const series = readSeries('local', 'web', undefined, '1h', NOW, database);
    expect(series?.resolution).toBe(10);
    expect(series?.points).toHaveLength(12);
    expect(series?.ids).toEqual(['old', 'new']);
    expect(readSeries('local', 'web', 'other', '1h', NOW, database)).toBeNull();
    expect(readSeries('prod', 'web', undefined, '1h', NOW, database)).toBeNull();

    expect(rollUp(NOW - 2 * MIN, NOW, database)).toBe(2);
    expect(lastRolledUp(database)).toBe(NOW);
    const coarse = readSeries('local', 'web', '', '24h', NOW, database);
    expect(coarse?.resolution).toBe(60);
    expect(coarse?.points.map((p) => [p.t, p.cpu, p.netRx])).toEqual([
      [NOW - 2 * MIN, 2.5, 6],
      [NOW - MIN, 8.5, 6],
    ]);
  });

  it('ranks top consumers by average CPU or memory over the range', () => {
    writeFinePoints(
      [
        write('burner', 'b', point(NOW - 30_000, 95, 10)),
        write('burner', 'b', point(NOW - 20_000, 99, 10)),
        write('holder', 'h', point(NOW - 30_000, 1, 5_000), 'shop'),
        write('idle', 'i', point(NOW - 30_000, 0, 20)),
      ],
      NOW,
      database,
    );
    const cpu = topConsumers('local', '1h', 'cpu', 10, NOW, database);
    expect(cpu.rows.map((r) => [r.name, r.cpuAvg])).toEqual([
      ['burner', 97],
      ['holder', 1],
      ['idle', 0],
    ]);
    const mem = topConsumers('local', '1h', 'memory', 1, NOW, database);
    expect(mem.rows.map((r) => [r.name, r.project])).toEqual([['holder', 'shop']]);
    const shop = topConsumers('local', '1h', 'cpu', 10, NOW, database, 'shop');
    expect(shop.rows.map((r) => r.name)).toEqual(['holder']);
  });

  it('prunes by age per resolution and keeps at most MAX_SERIES series', () => {
    writeFinePoints([write('old', 'o', point(NOW - 25 * 60 * MIN, 1, 1))], NOW - 25 * 60 * MIN, database);
    writeFinePoints([write('web', 'w', point(NOW - MIN, 1, 1))], NOW, database);
    rollUp(NOW - 25 * 60 * MIN - MIN, NOW, database);
    const removed = prune(NOW, database);
    expect(removed.points).toBe(1); // the old fine point; its 1 min point stays for 7 days
    expect(readSeries('local', 'old', undefined, '7d', NOW, database)?.points).toHaveLength(1);
    expect(prune(NOW + 8 * 24 * 60 * MIN, database).series).toBe(2);

    const many: SeriesWrite[] = [];
    for (let i = 0; i < MAX_SERIES + 5; i++) many.push(write(`c${i}`, `id${i}`, point(NOW, 1, 1)));
    writeFinePoints(many, NOW, database);
    expect(prune(NOW, database).series).toBe(5);
    const count = database.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM stats_series').get()?.n;
    expect(count).toBe(MAX_SERIES);
  });
});
