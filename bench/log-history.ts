import Docker from 'dockerode';
import type { HistorySearchResult, LogHistoryStatus } from '@/lib/logs/history';
import {
  BENCH_IMAGE,
  BENCH_LABELS,
  login,
  ms,
  onInterrupt,
  sleep,
  summarize,
  table,
  writeSection,
} from './lib';

/**
 * `log-history` (issue 20): full-text search over 1,000,000 stored lines, through Berth's HTTP API.
 *
 * The lines are stored by Berth's own ingest, not written around it: the bench server is told to follow two
 * containers (by label) that each print 500,000 access-log-like lines (`awk` in the offline busybox image), and
 * the run waits until all 1,000,000 are in the history file (ingest rate reported). Then each query is asked
 * `BENCH_HISTORY_REQUESTS` times, interleaved, timed to its last byte: p50 must stay under 300 ms.
 */
const BASE = process.env.BENCH_URL ?? 'http://127.0.0.1:3900';
const PER_CONTAINER = Number(process.env.BENCH_HISTORY_LINES ?? 500_000);
const REQUESTS = Number(process.env.BENCH_HISTORY_REQUESTS ?? 30);
const RUN = Date.now().toString(36);
const engine = new Docker();

const SCRIPT = (n: number, tag: string) =>
  `awk 'BEGIN{split("GET POST PUT DELETE",m," "); for(i=1;i<=${n};i++) printf "%d ${tag} %s /api/items/%d status=%d user=u%d took=%dms req-%x\\n", i, m[i%4+1], i%977, (i%50==0?500:200), i%313, i%250, i*7919}'; sleep 3600`;

async function main() {
  const cookie = await login(BASE);
  const call = async <T>(
    path: string,
    init: RequestInit = {},
  ): Promise<{ status: number; body: T; ms: number }> => {
    const t0 = performance.now();
    const res = await fetch(`${BASE}${path}`, {
      ...init,
      headers: { cookie, origin: BASE, 'content-type': 'application/json', ...init.headers },
    });
    const body = (await res.json()) as T;
    return { status: res.status, body, ms: performance.now() - t0 };
  };
  const label = `berth.bench.loghist=${RUN}`;
  const put = await call('/api/log-history/config', {
    method: 'PUT',
    body: JSON.stringify({
      all: false,
      names: [],
      labels: [label],
      projects: [],
      maxAgeDays: 0,
      maxBytes: 2 * 1024 ** 3,
    }),
  });
  if (put.status !== 200) throw new Error(`config: ${put.status} ${JSON.stringify(put.body)}`);

  const ids: string[] = [];
  const cleanup = async () => {
    await Promise.allSettled(ids.map((id) => engine.getContainer(id).remove({ force: true })));
  };
  onInterrupt(cleanup);
  try {
    const t0 = performance.now();
    for (const tag of ['web', 'api']) {
      const c = await engine.createContainer({
        Image: BENCH_IMAGE,
        name: `bench-loghist-${tag}-${RUN}`,
        Cmd: ['sh', '-c', SCRIPT(PER_CONTAINER, tag)],
        Labels: { ...BENCH_LABELS, 'berth.bench.loghist': RUN },
        HostConfig: { NetworkMode: 'none' },
      });
      ids.push(c.id);
      await c.start();
    }
    const total = PER_CONTAINER * 2;
    let status: LogHistoryStatus | null = null;
    for (;;) {
      status = (await call<LogHistoryStatus>('/api/log-history/config')).body;
      if (status.lines >= total) break;
      if (performance.now() - t0 > 30 * 60_000) throw new Error(`ingest stalled at ${status.lines} lines`);
      await sleep(500);
    }
    const ingestSeconds = (performance.now() - t0) / 1000;
    console.log(`ingested ${status.lines} lines in ${ingestSeconds.toFixed(1)} s`);

    const name = `bench-loghist-api-${RUN}`;
    const queries: [string, string][] = [
      ['one rare term (`req-…`, one line in each container)', `q=req-${(123_457 * 7919).toString(16)}`],
      ['common term (`GET`, 25 % of lines), newest 100', 'q=GET'],
      ['phrase (`"status=500"`, 2 %)', `q=${encodeURIComponent('"status=500"')}`],
      ['two terms AND (`DELETE u42`)', 'q=DELETE%20u42'],
      ['prefix (`took*`)', 'q=took*'],
      ['term + container filter', `q=POST&container=${name}`],
      ['term + 2 context lines', 'q=status%3D500&context=2'],
      ['term, then regex (`took=24[0-9]ms`)', `q=took&regex=${encodeURIComponent('took=24[0-9]ms')}`],
    ];
    const times = new Map<string, number[]>(queries.map(([k]) => [k, []]));
    const hits = new Map<string, number>();
    for (let i = 0; i < REQUESTS; i++) {
      for (const [key, query] of queries) {
        const r = await call<HistorySearchResult>(`/api/log-history/search?limit=100&${query}`);
        if (r.status !== 200) throw new Error(`${query}: ${r.status} ${JSON.stringify(r.body)}`);
        times.get(key)?.push(r.ms);
        hits.set(key, r.body.hits.length);
      }
    }
    const rows = queries.map(([key]) => {
      const s = summarize(times.get(key) ?? []);
      return [
        key,
        String(hits.get(key) ?? 0),
        ms(s.median),
        ms(s.p95),
        ms(s.min),
        ms(s.max),
        s.median < 300 ? 'met' : 'MISSED',
      ];
    });
    const final = (await call<LogHistoryStatus>('/api/log-history/config')).body;
    const body = [
      `${final.lines.toLocaleString('en')} lines stored by Berth's own ingest from two containers (500,000 access-log-like lines each, followed by label), in ${ingestSeconds.toFixed(0)} s (${Math.round(final.lines / ingestSeconds).toLocaleString('en')} lines/s, batched transactions of up to 1,000 lines); history file ${(final.fileBytes / 2 ** 20).toFixed(0)} MiB. Each query ${REQUESTS} times, interleaved, over HTTP (\`GET /api/log-history/search?limit=100&…\`), timed to the last byte. Shared, busy 2-core machine.`,
      '',
      table(['query', 'hits (page of 100)', 'p50', 'p95', 'min', 'max', 'p50 < 300 ms'], rows),
      '',
      'The FTS5 index (external content over the lines table) drives every text query newest first (`ORDER BY rowid DESC LIMIT`), so a page costs the same however many lines match; filters and the regex run on the rows it yields.',
    ].join('\n');
    writeSection('log-history', 'Log history: full-text search over 1,000,000 stored lines', body);
    console.log(body);
  } finally {
    await cleanup();
    await call('/api/log-history/config', {
      method: 'PUT',
      body: JSON.stringify({
        all: false,
        names: [],
        labels: [],
        projects: [],
        maxAgeDays: 7,
        maxBytes: 512 * 1024 ** 2,
      }),
    });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
