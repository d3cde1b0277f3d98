import http from 'node:http';
import Docker from 'dockerode';
import {
  BENCH_LABEL,
  browser,
  createBenchContainers,
  fmtSummary,
  LONG_TASK_OBSERVER,
  login,
  ms,
  onInterrupt,
  removeContainers,
  summarize,
  table,
  writeSection,
} from './lib';
import { benchScale, removeScale } from './list-scale';

/**
 * Benchmarks 1 and 2 on one set of containers (creating 1,000 takes minutes on these machines):
 * - `list`: GET /api/containers?all=1 through Berth against GET /containers/json?all=1 on the socket,
 *   interleaved request by request, each timed to its last byte;
 * - `page`: the containers page in headless Chromium, navigation to the first rows painted, then a scroll to
 *   the end with every long task recorded.
 */
const BASE = process.env.BENCH_URL ?? 'http://127.0.0.1:3900';
const COUNT = Number(process.env.BENCH_CONTAINERS ?? 1000);
const REQUESTS = Number(process.env.BENCH_LIST_REQUESTS ?? 50);
const PAGE_RUNS = Number(process.env.BENCH_RUNS ?? 5);
const engine = new Docker();

/** Time to the last byte of one GET, and the body's size. */
function timeGet(opts: http.RequestOptions): Promise<{ ms: number; bytes: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get({ ...opts, agent: false }, (res) => {
      let bytes = 0;
      res.on('data', (b: Buffer) => (bytes += b.length));
      res.on('end', () =>
        res.statusCode === 200
          ? resolve({ ms: performance.now() - t0, bytes })
          : reject(new Error(`${opts.path}: ${res.statusCode}`)),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/**
 * The engine is shared with other sessions, whose clean-ups (a container prune) have removed our created
 * containers mid-run: every phase checks they are all still there, and is redone on fresh ones if not.
 */
class Vanished extends Error {}

async function ours(): Promise<number> {
  const list = await engine.listContainers({ all: true, filters: JSON.stringify({ label: [BENCH_LABEL] }) });
  return list.filter((c) => c.Names?.[0]?.startsWith('/berth-bench-list-')).length;
}

async function checkOurs(phase: string) {
  const n = await ours();
  if (n < COUNT) throw new Vanished(`${phase}: only ${n} of ${COUNT} containers left`);
}

/** Berth's container-list cache counters (server/docker/list-cache.ts), from /api/system/streams. */
async function cacheCounters(cookie: string): Promise<{ hits: number; misses: number }> {
  const res = await fetch(`${BASE}/api/system/streams`, { headers: { cookie } });
  return ((await res.json()) as { containerList: { hits: number; misses: number } }).containerList;
}

async function benchList(cookie: string) {
  const url = new URL(BASE);
  const berth = () =>
    timeGet({ host: url.hostname, port: url.port, path: '/api/containers?all=1', headers: { cookie } });
  const raw = () => timeGet({ socketPath: '/var/run/docker.sock', path: '/containers/json?all=1' });
  // One of ours renamed back and forth (untimed) before a request, so Berth must ask the engine again: the cost
  // of a list right after a change, beside the usual one with nothing changed since the last.
  const [one] = await engine.listContainers({
    all: true,
    limit: 1,
    filters: JSON.stringify({ label: [BENCH_LABEL] }),
  });
  if (!one) throw new Vanished('list: no container to rename');
  const name = (one.Names?.[0] ?? '').replace(/^\//, '');
  let renamed = false;
  const change = async () => {
    renamed = !renamed;
    await engine.getContainer(one.Id).rename({ name: renamed ? `${name}-r` : name });
  };
  // Warm-up: the first list after creating 1,000 containers is slow in the engine itself.
  for (let i = 0; i < 3; i++) {
    await raw();
    await berth();
  }
  const b: number[] = [];
  const c: number[] = [];
  const r: number[] = [];
  let sizes = { raw: 0, berth: 0 };
  const before = await cacheCounters(cookie);
  let steady = { hits: 0, misses: 0 };
  for (let i = 0; i < REQUESTS; i++) {
    // Alternating which goes first, so neither always follows the other's garbage.
    let x: { ms: number; bytes: number };
    let y: { ms: number; bytes: number };
    if (i % 2) {
      x = await raw();
      y = await berth();
    } else {
      y = await berth();
      x = await raw();
    }
    r.push(x.ms);
    b.push(y.ms);
    sizes = { raw: x.bytes, berth: y.bytes };
    if (i === REQUESTS - 1) {
      const now = await cacheCounters(cookie);
      steady = { hits: now.hits - before.hits, misses: now.misses - before.misses };
    }
  }
  // After each change, Berth and the raw call again (alternating), so the ratio compares like with like.
  const rc: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    await change();
    if (i % 2) {
      rc.push((await raw()).ms);
      c.push((await berth()).ms);
    } else {
      c.push((await berth()).ms);
      rc.push((await raw()).ms);
    }
  }
  if (renamed) await change();
  await checkOurs('list');
  const sb = summarize(b);
  const sc = summarize(c);
  const sr = summarize(r);
  const ratio50 = sb.median / sr.median;
  const ratio95 = sb.p95 / sr.p95;
  const met = ratio50 <= 1.15;
  const row = (label: string, s: ReturnType<typeof summarize>, bytes: number) => [
    label,
    ms(s.median),
    ms(s.p95),
    ms(s.min),
    ms(s.max),
    `${(bytes / 1024).toFixed(0)} kB`,
  ];
  const body = [
    `${COUNT.toLocaleString('en')} containers (created, not started); ${REQUESTS} requests each, interleaved, each timed to its last byte, after 3 warm-ups. Busy shared 2-core machine.`,
    '',
    table(
      ['path', 'p50', 'p95', 'min', 'max', 'body'],
      [
        row('raw Engine `GET /containers/json?all=1` (unix socket)', sr, sizes.raw),
        row('Berth `GET /api/containers?all=1`', sb, sizes.berth),
        row('Berth, a container renamed on the engine just before each request', sc, sizes.berth),
        row('raw Engine, in the same turns as the row above', summarize(rc), sizes.raw),
      ],
    ),
    '',
    `Berth keeps the mapped list between engine events and, before serving it, asks the engine whether anything changed since (\`GET /events?since=…&until=now\`, ~1 ms); the second row's requests were served ${steady.hits} times from the kept list (with nothing changed, or a change applied with one filtered call for the rows it touched) and ${steady.misses} times by a full re-list. The third row is a list right after a change: the renamed container's row is fetched with \`GET /containers/json?filters={"id":[…]}\` and applied to the kept list (server/docker/live-list.ts) (p50 ${(sc.median / summarize(rc).median).toFixed(2)}× the raw call of the same turns).`,
    '',
    `**Berth / Engine p50: ${ratio50.toFixed(2)}×** (p95 ${ratio95.toFixed(2)}×) — target ≤ 1.15×: ${met ? 'met' : 'NOT met'}.`,
  ].join('\n');
  writeSection('list', 'List: 1,000 containers', body);
  console.log(body);
}

interface PageRun {
  firstRows: number;
  /** Where the time went: the HTML's last byte, DOMContentLoaded, the list request's start and end. */
  html: number;
  dcl: number;
  fetchStart: number;
  fetchEnd: number;
  loadLongTasks: number[];
  scrollLongTasks: number[];
  scrolled: number;
}

async function onePageRun(cookie: string): Promise<PageRun> {
  const { browser: b, context } = await browser(BASE, cookie);
  try {
    const page = await context.newPage();
    await page.addInitScript(`
      ${LONG_TASK_OBSERVER}
      // The first frame painted after the first row is in the DOM; performance.now() counts from navigation.
      new MutationObserver((_, observer) => {
        if (!document.querySelector('[data-testid="container-row"]')) return;
        observer.disconnect();
        requestAnimationFrame(() => setTimeout(() => (window.__firstRows = performance.now()), 0));
      }).observe(document, { childList: true, subtree: true });
    `);
    await page.goto(`${BASE}/containers`);
    await page.waitForFunction(() => (window as unknown as { __firstRows?: number }).__firstRows, null, {
      timeout: 60_000,
    });
    // At least ours: other sessions on the shared engine may have containers of their own.
    await page.waitForFunction(
      (count) =>
        Number(
          /\d+/.exec(
            (document.querySelector('[data-testid="container-count"]')?.textContent ?? '').replace(
              /[,\s]/g,
              '',
            ),
          )?.[0],
        ) >= count,
      COUNT,
      { timeout: 60_000 },
    );
    const firstRows = await page.evaluate(() => (window as unknown as { __firstRows: number }).__firstRows);
    const phases = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      const list = performance.getEntriesByType('resource').find((e) => e.name.includes('/api/containers')) as
        | PerformanceResourceTiming
        | undefined;
      return {
        html: nav?.responseEnd ?? Number.NaN,
        dcl: nav?.domContentLoadedEventEnd ?? Number.NaN,
        fetchStart: list?.startTime ?? Number.NaN,
        fetchEnd: list?.responseEnd ?? Number.NaN,
      };
    });
    const scrollStart = await page.evaluate(() => performance.now());
    // Wheel scrolling as a person would, in steps, to the last row.
    const rows = page.getByTestId('container-rows');
    await rows.hover();
    for (let i = 0; i < 2000; i++) {
      await page.mouse.wheel(0, 600);
      await page.waitForTimeout(16);
      const done = await rows.evaluate((el) => el.scrollTop + el.clientHeight >= el.scrollHeight - 1);
      if (done) break;
    }
    await page.waitForTimeout(500);
    const scrolled = await rows.evaluate((el) => el.scrollTop);
    const lastVisible = await page
      .getByTestId('container-row')
      .last()
      .getAttribute('data-name')
      .catch(() => null);
    if (!lastVisible) throw new Error('no rows after scrolling');
    const tasks = await page.evaluate(
      () => (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks,
    );
    return {
      firstRows,
      ...phases,
      loadLongTasks: tasks.filter((t) => t.start < scrollStart).map((t) => t.duration),
      scrollLongTasks: tasks.filter((t) => t.start >= scrollStart).map((t) => t.duration),
      scrolled,
    };
  } finally {
    await b.close();
  }
}

async function benchPage(cookie: string) {
  await onePageRun(cookie); // warm-up: Next's server-side caches, the OS page cache
  const runs: PageRun[] = [];
  for (let i = 0; i < PAGE_RUNS; i++) {
    const run = await onePageRun(cookie);
    await checkOurs('page');
    console.log(
      `[bench:page] run ${i + 1}/${PAGE_RUNS}: first rows ${run.firstRows.toFixed(0)} ms, scroll long tasks ${JSON.stringify(run.scrollLongTasks.map(Math.round))}`,
    );
    runs.push(run);
  }
  const first = summarize(runs.map((r) => r.firstRows));
  const over = (ts: number[]) => ts.filter((t) => t > 100);
  const scrollOver = runs.flatMap((r) => over(r.scrollLongTasks));
  const loadOver = runs.flatMap((r) => over(r.loadLongTasks));
  const longest = (ts: number[]) => (ts.length ? ms(Math.max(...ts)) : '—');
  const firstMet = first.median < 1000;
  const scrollMet = scrollOver.length === 0;
  const body = [
    `${COUNT.toLocaleString('en')} containers; headless Debian Chromium, a fresh browser each run (cold cache), ${PAGE_RUNS} runs after one warm-up, median (min, max). Scrolled with the mouse wheel, 600 px a frame, to the last row (${Math.round(runs[0]?.scrolled ?? 0).toLocaleString('en')} px). Busy shared 2-core machine, so long tasks include time the renderer waited for a core.`,
    '',
    table(
      ['measure', 'result'],
      [
        ['navigation → first rows painted', fmtSummary(first)],
        ['… of which: HTML received', fmtSummary(summarize(runs.map((r) => r.html)))],
        ['… DOMContentLoaded', fmtSummary(summarize(runs.map((r) => r.dcl)))],
        [
          '… `/api/containers` requested → received',
          // The page's HTML carries the list (rendered by the server), so the browser normally asks for none.
          runs.some((r) => Number.isFinite(r.fetchStart))
            ? `${ms(summarize(runs.filter((r) => Number.isFinite(r.fetchStart)).map((r) => r.fetchStart)).median)} → ${ms(summarize(runs.filter((r) => Number.isFinite(r.fetchEnd)).map((r) => r.fetchEnd)).median)}`
            : 'not requested: the list came with the HTML',
        ],
        [
          'long tasks > 100 ms while loading (all runs)',
          `${loadOver.length} (longest ${longest(runs.flatMap((r) => r.loadLongTasks))})`,
        ],
        [
          'long tasks > 100 ms while scrolling to the end (all runs)',
          `${scrollOver.length} (longest task of any length ${longest(runs.flatMap((r) => r.scrollLongTasks))})`,
        ],
      ],
    ),
    '',
    `**First rows: ${ms(first.median)}** — target < 1 s: ${firstMet ? 'met' : 'NOT met'}. **Scroll: ${scrollOver.length} long tasks > 100 ms** — target none: ${scrollMet ? 'met' : 'NOT met'}.`,
  ].join('\n');
  writeSection('page', 'Page: the containers page with 1,000 containers', body);
  console.log(body);
}

async function main() {
  const which = process.argv.slice(2);
  const cookie = await login(BASE);
  // `list:scale` (10,000 containers by default, minutes to make) runs only when named.
  if (which.includes('scale')) {
    const scaleIds: string[] = [];
    onInterrupt(() => removeScale(engine));
    try {
      await benchScale(engine, cookie, scaleIds);
    } finally {
      await removeScale(engine);
    }
    if (which.length === 1) return;
  }
  const ids: string[] = [];
  const cleanup = async () => {
    console.log(`[bench:list] removing ${ids.length} containers…`);
    await removeContainers(engine, ids);
  };
  onInterrupt(cleanup);
  const create = async () => {
    await removeContainers(engine, ids.splice(0));
    console.log(`[bench:list] creating ${COUNT} containers…`);
    const t0 = performance.now();
    await createBenchContainers(engine, COUNT, { prefix: 'berth-bench-list' }, ids);
    console.log(`[bench:list] created in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  };
  const phases = [
    ...(which.length === 0 || which.includes('list') ? [benchList] : []),
    ...(which.length === 0 || which.includes('page') ? [benchPage] : []),
  ];
  try {
    await create();
    for (const phase of phases) {
      for (let attempt = 1; ; attempt++) {
        try {
          await phase(cookie);
          break;
        } catch (err) {
          if (!(err instanceof Vanished) && (await ours()) >= COUNT) throw err;
          if (attempt === 3) throw err;
          console.log(`[bench:list] containers vanished (${(err as Error).message}); again on new ones`);
          await create();
        }
      }
    }
  } finally {
    await cleanup();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
