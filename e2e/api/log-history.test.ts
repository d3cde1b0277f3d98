import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistorySearchResult, LogHistoryConfig, LogHistoryStatus } from '@/lib/logs/history';
import { api, login } from '../support/api';
import { engine, TEST_IMAGE } from '../support/engine';
import { uniqueTag } from '../support/images';
import { removeLabelled } from '../support/labelled';
import { type StartedServer, startServer } from '../support/server';

/*
 * Issue 20, stored log history, against the real engine: exactly-once ingest of 200,000 numbered lines across a
 * SIGKILL of Berth (servers of this file's own, ports 3302-3304, own data directory), history kept after
 * `docker rm`, the size cap held, and search (words, regex, time, stream, container) on the shared server.
 */
const LABEL = 'berth.test.loghist=1';
const RUN = uniqueTag('lh');
const ADMIN = { user: 'admin', password: 'loghist-owner-pw-2026' };
const TOTAL = 200_000;
const servers: StartedServer[] = [];
const dirs: string[] = [];

const DEFAULT_CONFIG: LogHistoryConfig = {
  all: false,
  names: [],
  labels: [],
  projects: [],
  maxAgeDays: 7,
  maxBytes: 512 * 1024 * 1024,
};

afterAll(async () => {
  for (const s of servers) await s.stop();
  await removeLabelled(LABEL);
  for (const d of dirs) await rm(d, { recursive: true, force: true });
  await api('/api/log-history/config', { method: 'PUT', json: DEFAULT_CONFIG });
});

async function ownServer(dataDir: string, port: number): Promise<{ server: StartedServer; cookie: string }> {
  const server = await startServer({
    dataDir,
    port,
    env: { BERTH_ADMIN_USER: ADMIN.user, BERTH_ADMIN_PASSWORD: ADMIN.password },
  });
  servers.push(server);
  const session = await login(ADMIN.user, ADMIN.password, server.url);
  if (!session.cookie) throw new Error(`login failed: ${session.status}`);
  return { server, cookie: session.cookie };
}

async function run(name: string, script: string, labels: Record<string, string> = {}): Promise<string> {
  const c = await engine.createContainer({
    Image: TEST_IMAGE,
    name,
    Cmd: ['sh', '-c', script],
    Labels: { 'berth.test.loghist': '1', ...labels },
    HostConfig: { NetworkMode: 'none' },
  });
  await c.start();
  return c.id;
}

/** Polls `probe` every `interval` ms until it gives a value (null: not yet). */
async function poll<T>(probe: () => Promise<T | null>, timeout: number, interval = 200): Promise<T> {
  const until = Date.now() + timeout;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value !== null) return value;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, interval));
  }
}

const status = async (base: string, cookie: string) =>
  (await api<LogHistoryStatus>('/api/log-history/config', { base, as: { cookie } })).body;

/** Every stored line of the container named `name`, read from the history file itself (WAL: a reader is fine). */
function storedLines(dataDir: string, name: string): string[] {
  const db = new Database(path.join(dataDir, 'log-history.db'), { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare<[string], { line: string }>(
        'SELECT l.line FROM lines l JOIN sources s ON s.id = l.source WHERE s.name = ? ORDER BY l.id',
      )
      .all(name)
      .map((r) => r.line);
  } finally {
    db.close();
  }
}

describe('ingest: every line exactly once, across a SIGKILL', () => {
  const name = `loghist-seq-${RUN}`;
  let dataDir = '';

  it(`stores ${TOTAL} numbered lines once each, the server killed midway and restarted`, async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'berth-loghist-'));
    dirs.push(dataDir);
    const first = await ownServer(dataDir, 3302);
    const put = await api('/api/log-history/config', {
      base: first.server.url,
      as: { cookie: first.cookie },
      method: 'PUT',
      json: { ...DEFAULT_CONFIG, names: [name] },
    });
    expect(put.status).toBe(200);
    // Printed in two bursts with a pause, and kept running: the follower is open when the kill lands.
    await run(name, `seq 1 100000; sleep 1; seq 100001 ${TOTAL}; sleep 3600`);
    let early = 0;
    const seen = await poll(
      async () => {
        early = (await status(first.server.url, first.cookie)).lines;
        return early >= 5000 ? early : null;
      },
      60_000,
      20,
    ).catch((err: Error) => {
      throw new Error(`${err.message} at ${early} lines; server said: ${first.server.output().slice(-2000)}`);
    });
    process.kill(first.server.pid, 'SIGKILL');
    await first.server.stop();
    const atKill = storedLines(dataDir, name).length;
    expect(seen).toBeLessThan(TOTAL);
    expect(atKill).toBeLessThan(TOTAL); // the kill landed midway: the rest must come from the resume

    const second = await ownServer(dataDir, 3303);
    let progress = 0;
    await poll(
      async () => {
        progress = (await status(second.server.url, second.cookie)).lines;
        return progress >= TOTAL ? true : null;
      },
      150_000,
      250,
    ).catch((err: Error) => {
      throw new Error(
        `${err.message} at ${progress} lines; server said: ${second.server.output().slice(-2000)}`,
      );
    });
    // A moment more: a duplicate would show up as a count past the total.
    await new Promise((r) => setTimeout(r, 1500));
    const lines = storedLines(dataDir, name);
    const counts = new Map<string, number>();
    for (const l of lines) counts.set(l, (counts.get(l) ?? 0) + 1);
    const missing: number[] = [];
    const twice: number[] = [];
    for (let i = 1; i <= TOTAL; i++) {
      const n = counts.get(String(i)) ?? 0;
      if (n === 0) missing.push(i);
      if (n > 1) twice.push(i);
    }
    expect(missing.slice(0, 10)).toEqual([]);
    expect(twice.slice(0, 10)).toEqual([]);
    expect(lines.length).toBe(TOTAL);

    // History outlives the container.
    await engine.getContainer(name).remove({ force: true });
    const found = await api<HistorySearchResult>(`/api/log-history/search?q=123456&container=${name}`, {
      base: second.server.url,
      as: { cookie: second.cookie },
    });
    expect(found.status).toBe(200);
    expect(found.body.hits.map((h) => h.text)).toEqual(['123456']);
    const re = await api<HistorySearchResult>(
      `/api/log-history/search?regex=${encodeURIComponent('^19999[0-9]$')}&limit=20`,
      { base: second.server.url, as: { cookie: second.cookie } },
    );
    expect(re.body.hits.map((h) => h.text)).toEqual(
      Array.from({ length: 10 }, (_, i) => String(199_999 - i)).filter((t) => t.startsWith('19999')),
    );

    // A lowered cap is enforced at once, off the request (the PUT starts a chunked retention run and answers):
    // the file shrinks, and the cap is held while a noisy container writes.
    const cap = 2 * 1024 * 1024;
    const noisy = `loghist-noisy-${RUN}`;
    const lowered = await api<LogHistoryStatus>('/api/log-history/config', {
      base: second.server.url,
      as: { cookie: second.cookie },
      method: 'PUT',
      json: { ...DEFAULT_CONFIG, names: [noisy], maxBytes: cap },
    });
    expect(lowered.status).toBe(200);
    const dbFile = path.join(dataDir, 'log-history.db');
    await poll(async () => (fs.statSync(dbFile).size <= cap ? true : null), 30_000, 100);
    await run(
      noisy,
      `seq 1 150000 | sed 's/^/noisy line with some words /'; echo last-noisy-line; sleep 3600`,
    );
    let maxSeen = 0;
    await poll(
      async () => {
        maxSeen = Math.max(maxSeen, fs.statSync(dbFile).size);
        const hit = await api<HistorySearchResult>('/api/log-history/search?q=last-noisy-line', {
          base: second.server.url,
          as: { cookie: second.cookie },
        });
        return hit.body.hits.length === 1 ? true : null;
      },
      90_000,
      100,
    );
    maxSeen = Math.max(maxSeen, fs.statSync(dbFile).size);
    expect(maxSeen).toBeLessThanOrEqual(cap);
    const after = await status(second.server.url, second.cookie);
    expect(after.lines).toBeGreaterThan(1000); // not emptied: trimmed
    expect(after.lines).toBeLessThan(150_000 + TOTAL);
    // The oldest lines went first: the early numbers of the sequence are gone.
    const gone = await api<HistorySearchResult>(`/api/log-history/search?q=17&container=${name}`, {
      base: second.server.url,
      as: { cookie: second.cookie },
    });
    expect(gone.body.hits).toEqual([]);
  }, 330_000);
});

describe('search on the shared server', () => {
  const a = `loghist-a-${RUN}`;
  const b = `loghist-b-${RUN}`;
  const searchLabel = `berth.test.loghist.search=${RUN}`;
  let viewer = '';

  beforeAll(async () => {
    const put = await api('/api/log-history/config', {
      method: 'PUT',
      json: { ...DEFAULT_CONFIG, labels: [searchLabel] },
    });
    expect(put.status).toBe(200);
    const labels = { 'berth.test.loghist.search': RUN };
    await run(
      a,
      'echo "apple shared 1"; echo "boom error A" >&2; sleep 1.5; echo "apple shared 2"; sleep 3600',
      labels,
    );
    await run(b, 'echo "banana shared 1"; echo "boom error B" >&2; sleep 3600', labels);
    const username = `loghist-viewer-${RUN}`;
    const password = `pw-viewer-loghist-${RUN}`;
    const created = await api('/api/users', { method: 'POST', json: { username, password, role: 'viewer' } });
    expect(created.status).toBe(201);
    const session = await login(username, password);
    viewer = session.cookie ?? '';
    await poll(async () => {
      const r = await api<HistorySearchResult>(`/api/log-history/search?q=shared&project=&container=${a}`);
      return r.body.hits.length === 2 ? true : null;
    }, 20_000);
  });

  const search = (query: string, as: 'admin' | { cookie: string } = 'admin') =>
    api<HistorySearchResult>(`/api/log-history/search?${query}`, { as });

  it('finds words across two containers, filtered by container and stream, with context', async () => {
    const both = await search('q=shared');
    const mine = both.body.hits.filter((h) => h.container === a || h.container === b);
    expect(mine.map((h) => h.text).sort()).toEqual(['apple shared 1', 'apple shared 2', 'banana shared 1']);
    const onlyB = await search(`q=shared&container=${b}`);
    expect(onlyB.body.hits.map((h) => h.text)).toEqual(['banana shared 1']);
    const errors = await search(`q=boom&stream=stderr&container=${a}`);
    expect(errors.body.hits.map((h) => [h.text, h.stream])).toEqual([['boom error A', 'stderr']]);
    const noOut = await search(`q=boom&stream=stdout&container=${a}`);
    expect(noOut.body.hits).toEqual([]);
    const ctx = await search(`q=${encodeURIComponent('"apple shared 2"')}&context=2`);
    // The two streams are two pipes: their relative order is the engine's, not the script's.
    expect(ctx.body.hits[0]?.before.map((l) => l.text).sort()).toEqual(['apple shared 1', 'boom error A']);
  });

  it('regex, alone or after the words, and a time range', async () => {
    const re = await search(`regex=${encodeURIComponent('^(apple|banana) shared [0-9]$')}`);
    const mine = re.body.hits.filter((h) => h.container === a || h.container === b);
    expect(mine).toHaveLength(3);
    const both = await search(`q=shared&regex=BANANA&container=${b}`);
    expect(both.body.hits.map((h) => h.text)).toEqual(['banana shared 1']);
    const cased = await search(`q=shared&regex=BANANA&caseSensitive=1&container=${b}`);
    expect(cased.body.hits).toEqual([]);
    const all = await search(`q=apple&container=${a}`);
    const second = all.body.hits.find((h) => h.text === 'apple shared 2');
    const firstHit = all.body.hits.find((h) => h.text === 'apple shared 1');
    if (!second || !firstHit) throw new Error('both apple lines expected');
    const from = await search(`q=apple&container=${a}&from=${encodeURIComponent(second.time)}`);
    expect(from.body.hits.map((h) => h.text)).toEqual(['apple shared 2']);
    const to = await search(`q=apple&container=${a}&to=${encodeURIComponent(firstHit.time)}`);
    expect(to.body.hits.map((h) => h.text)).toEqual(['apple shared 1']);
  });

  it('a bad query is a 400 naming its field, never a 500', async () => {
    for (const [query, field] of [
      ['q=((', 'query.q'],
      [`q=${encodeURIComponent('" ^ * ""')}`, 'query.q'],
      ['regex=(', 'query.regex'],
      ['from=not-a-time', 'query.from'],
      ['stream=stdin', 'query.stream'],
    ] as const) {
      const r = await search(query);
      expect(r.status, query).toBe(400);
      expect(JSON.stringify(r.body), query).toContain(field);
    }
    // FTS5 syntax typed by a user is only text.
    for (const q of ['a OR', 'NEAR(x', 'col:y', '"unclosed', 'x AND NOT', '^start']) {
      const r = await search(`q=${encodeURIComponent(q)}`);
      expect(r.status, q).toBe(200);
    }
  });

  it('a viewer searches but cannot change what is stored', async () => {
    const r = await search('q=shared', { cookie: viewer });
    expect(r.status).toBe(200);
    expect(r.body.hits.some((h) => h.container === b)).toBe(true);
    const put = await api('/api/log-history/config', {
      as: { cookie: viewer },
      method: 'PUT',
      json: { ...DEFAULT_CONFIG, all: true },
    });
    expect(put.status).toBe(403);
    const get = await api('/api/log-history/config', { as: { cookie: viewer } });
    expect(get.status).toBe(403);
    const anon = await api('/api/log-history/search?q=shared', { as: 'anonymous' });
    expect(anon.status).toBe(401);
  });
});
