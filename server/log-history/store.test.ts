import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ftsQuery } from '@/lib/logs/history';
import {
  enforceRetention,
  enforceRetentionInChunks,
  type HistoryStore,
  historyTotals,
  openHistoryStore,
  type PendingLine,
  searchHistory,
  storeSize,
} from '@/server/log-history/store';

const dirs: string[] = [];
const stores: HistoryStore[] = [];
afterAll(() => {
  for (const s of stores) s.db.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function fresh(): HistoryStore {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-loghist-'));
  dirs.push(dir);
  const store = openHistoryStore(dir);
  stores.push(store);
  return store;
}

const ts = (i: number) =>
  `2026-01-01T00:00:${String(Math.floor(i / 1000) % 60).padStart(2, '0')}.${String(i % 1000).padStart(3, '0')}000000Z`;
const base = {
  regex: null,
  from: null,
  to: null,
  stream: null,
  container: null,
  project: null,
  cursor: null,
  limit: 50,
  context: 0,
};

describe('history store', () => {
  it('stores, advances the cursor with the lines, and finds by full text, regex, filters, with context', () => {
    const store = fresh();
    const a = store.source({ id: 'a'.repeat(64), name: 'web', project: 'shop' });
    const b = store.source({ id: 'b'.repeat(64), name: 'db', project: null });
    expect(a.cursor).toBeNull();
    const lines: PendingLine[] = [];
    for (let i = 0; i < 100; i++)
      lines.push({
        source: i % 2 ? b.id : a.id,
        stream: i % 10 === 0 ? 'stderr' : 'stdout',
        ts: ts(i),
        text: `line ${i} ${i % 7 === 0 ? 'boom' : 'ok'}`,
      });
    store.insertBatch(lines);
    expect(store.source({ id: 'a'.repeat(64), name: 'web', project: 'shop' }).cursor).toEqual({
      ts: ts(98),
      atTs: 1,
    });

    const match = (q: string) => (ftsQuery(q) as { match: string }).match;
    const boom = searchHistory(store.db, { ...base, match: match('boom') });
    expect(boom.hits.map((h) => h.text)).toEqual(
      Array.from({ length: 100 }, (_, i) => i)
        .filter((i) => i % 7 === 0)
        .reverse()
        .map((i) => `line ${i} boom`),
    );
    const web = searchHistory(store.db, { ...base, match: match('boom'), container: 'web', project: 'shop' });
    expect(web.hits.every((h) => h.container === 'web' && h.project === 'shop')).toBe(true);
    expect(web.hits).toHaveLength(8);
    const err = searchHistory(store.db, { ...base, match: match('boom'), stream: 'stderr' });
    expect(err.hits.map((h) => h.text)).toEqual(['line 70 boom', 'line 0 boom']);
    const re = searchHistory(store.db, { ...base, match: null, regex: /line 9\d /, limit: 3 });
    expect(re.hits.map((h) => h.text)).toEqual(['line 99 ok', 'line 98 boom', 'line 97 ok']);
    expect(re.nextCursor).toBe(re.hits[2]?.id);
    const page2 = searchHistory(store.db, {
      ...base,
      match: null,
      regex: /line 9\d /,
      limit: 3,
      cursor: re.nextCursor,
    });
    expect(page2.hits.map((h) => h.text)).toEqual(['line 96 ok', 'line 95 ok', 'line 94 ok']);
    const ranged = searchHistory(store.db, { ...base, match: match('line'), from: ts(10), to: ts(12) });
    expect(ranged.hits.map((h) => h.text)).toEqual(['line 12 ok', 'line 11 ok', 'line 10 ok']);
    const ctx = searchHistory(store.db, { ...base, match: match('"line 14"'), context: 2 });
    expect(ctx.hits[0]?.before.map((l) => l.text)).toEqual(['line 10 ok', 'line 12 ok']);
    expect(ctx.hits[0]?.after.map((l) => l.text)).toEqual(['line 16 ok', 'line 18 ok']);
    const budget = searchHistory(store.db, { ...base, match: null, regex: /never/, scanRows: 10 });
    expect(budget.partial).toBe(true);
    expect(budget.nextCursor).not.toBeNull();
  });

  it('keeps the file under its cap by deleting the oldest lines', () => {
    const store = fresh();
    const src = store.source({ id: 'c'.repeat(64), name: 'noisy', project: null });
    const cap = 2 * 1024 * 1024;
    let n = 0;
    for (let round = 0; round < 40; round++) {
      const batch: PendingLine[] = [];
      for (let i = 0; i < 1000; i++, n++)
        batch.push({
          source: src.id,
          stream: 'stdout',
          ts: ts(n),
          text: `entry ${n} ${'lorem ipsum dolor '.repeat(3)}`,
        });
      enforceRetention(store.db, { maxBytes: cap, maxAgeDays: 0, incomingBytes: 120_000 });
      store.insertBatch(batch);
      const size = storeSize(store.db);
      expect(size.pageCount * size.pageSize).toBeLessThanOrEqual(cap);
    }
    const totals = historyTotals(store.db);
    expect(totals.lines).toBeGreaterThan(1000);
    expect(totals.lines).toBeLessThan(40_000);
    // The newest line is kept, the oldest went.
    expect(searchHistory(store.db, { ...base, match: '"39999"' }).hits).toHaveLength(1);
    expect(searchHistory(store.db, { ...base, match: '"0"' }).hits).toHaveLength(0);
    // A lowered cap shrinks the file itself.
    enforceRetention(store.db, { maxBytes: 1024 * 1024, maxAgeDays: 0 });
    const after = storeSize(store.db);
    expect(after.pageCount * after.pageSize).toBeLessThanOrEqual(1024 * 1024);
  });

  it('cuts to a lowered cap in chunks, the event loop running between them', async () => {
    const store = fresh();
    const src = store.source({ id: 'e'.repeat(64), name: 'big', project: null });
    for (let round = 0; round < 30; round++) {
      const batch: PendingLine[] = [];
      for (let i = 0; i < 1000; i++) {
        const n = round * 1000 + i;
        batch.push({
          source: src.id,
          stream: 'stdout',
          ts: ts(n),
          text: `row ${n} ${'sit amet '.repeat(6)}`,
        });
      }
      store.insertBatch(batch);
    }
    const cap = 1024 * 1024;
    expect(storeSize(store.db).pageCount * storeSize(store.db).pageSize).toBeGreaterThan(cap);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const run = enforceRetentionInChunks(store.db, { maxBytes: cap, maxAgeDays: 0 });
    // Each chunk is its own transaction, and in between a search reads a consistent store.
    const midway = historyTotals(store.db).lines;
    const { deleted } = await run;
    clearInterval(timer);
    expect(deleted).toBeGreaterThan(5000); // more than one chunk (DELETE_CHUNK)
    expect(midway).toBeLessThan(30_000); // the first chunk went before the call returned
    expect(ticks).toBeGreaterThan(0);
    const after = storeSize(store.db);
    expect(after.pageCount * after.pageSize).toBeLessThanOrEqual(cap);
    expect(searchHistory(store.db, { ...base, match: '"29999"' }).hits).toHaveLength(1);
  });

  it('deletes lines older than the age limit', () => {
    const store = fresh();
    const src = store.source({ id: 'd'.repeat(64), name: 'old', project: null });
    const now = Date.parse('2026-01-10T00:00:00Z');
    store.insertBatch([
      { source: src.id, stream: 'stdout', ts: '2026-01-01T00:00:00.000000000Z', text: 'ancient' },
      { source: src.id, stream: 'stdout', ts: '2026-01-09T12:00:00.000000000Z', text: 'recent' },
    ]);
    expect(enforceRetention(store.db, { maxBytes: 1 << 30, maxAgeDays: 2, now }).deleted).toBe(1);
    expect(searchHistory(store.db, { ...base, match: null }).hits.map((h) => h.text)).toEqual(['recent']);
    expect(searchHistory(store.db, { ...base, match: '"ancient"' }).hits).toEqual([]);
  });
});

describe('regex time budget', () => {
  it('stops a catastrophic pattern at the budget, partial, with a cursor to go on', () => {
    const store = fresh();
    const src = store.source({ id: 'e'.repeat(64), name: 'evil', project: null });
    const batch: PendingLine[] = [];
    for (let i = 0; i < 50; i++)
      batch.push({ source: src.id, stream: 'stdout', ts: ts(i), text: `${'a'.repeat(40)}b ${i}` });
    store.insertBatch(batch);
    const t0 = performance.now();
    const r = searchHistory(store.db, { ...base, match: null, regex: /^(a+)+$/, scanMs: 300 });
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(r.partial).toBe(true);
    expect(r.hits).toEqual([]);
    expect(r.nextCursor).not.toBeNull();
  });
});
