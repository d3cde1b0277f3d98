import http from 'node:http';
import Docker from 'dockerode';
import {
  BENCH_IMAGE,
  BENCH_LABEL,
  BENCH_LABELS,
  browser,
  fmtSummary,
  LONG_TASK_OBSERVER,
  login,
  measureCpu,
  ms,
  onInterrupt,
  pct,
  pool,
  realtimeStats,
  sleep,
  summarize,
  table,
  writeSection,
} from './lib';

/**
 * `page:scale` (issue 19): the containers page at fleet scale, in Chromium (Playwright), beside the raw engine.
 * - flood: the page is open while `BENCH_CONTAINERS` (10,000) containers are created 32 at a time through the
 *   Engine API: the page's list requests (paced refetch), Berth's and dockerd's CPU over the flood, Berth's
 *   re-lists (live-list misses), the browser's longest task;
 * - first rows: `BENCH_PAGE_RUNS` (5) navigations to /containers, the time from navigation start to the first
 *   row in the DOM, beside the raw engine's `GET /containers/json?all=1` (what the page waited for before: the
 *   whole list) in the same turns;
 * - scroll: the list scrolled end to end (every page loaded), the longest long task meanwhile.
 * Parts: `page:flood`, `page:first`, `page:scroll` are not separate: one run makes the containers once.
 */
const BASE = process.env.BENCH_URL ?? 'http://127.0.0.1:3900';
const COUNT = Number(process.env.BENCH_CONTAINERS ?? 10_000);
const RUNS = Number(process.env.BENCH_PAGE_RUNS ?? 5);
const PREFIX = 'berth-bench-page-';

/** Installed before any page script: when the first container row enters the DOM (ms since navigation start). */
const FIRST_ROW_OBSERVER = `
  window.__firstRow = null;
  new MutationObserver((_, observer) => {
    if (document.querySelector('[data-testid="container-row"]')) {
      window.__firstRow = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
`;

/** Scrolls the list ~38 rows a frame until its end (every page loaded); the long tasks meanwhile. */
const SCROLL_TO_END = `(async () => {
  const since = performance.now();
  const deadline = since + 180000;
  let body = null;
  let remounts = -1;
  while (performance.now() < deadline) {
    const now = document.querySelector('[data-testid="container-rows"]');
    if (now !== body) remounts++;
    body = now;
    body.scrollBy(0, 2000);
    await new Promise((r) => requestAnimationFrame(r));
    const atEnd = body.scrollTop + body.clientHeight >= body.scrollHeight - 2;
    if (atEnd && !document.querySelector('[data-testid="container-rows-more"]')) break;
  }
  const tasks = window.__longTasks.filter((t) => t.start >= since).map((t) => t.duration);
  const last = [...document.querySelectorAll('[data-testid="container-row"]')].at(-1);
  return {
    longest: Math.max(0, ...tasks),
    over50: tasks.filter((d) => d > 50).length,
    seconds: (performance.now() - since) / 1000,
    lastName: last ? last.getAttribute('data-name') : '',
    height: body.scrollHeight,
    remounts,
  };
})()`;

declare global {
  interface Window {
    __firstRow: number | null;
    __longTasks: { start: number; duration: number }[];
  }
}

function rawList(): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get({ socketPath: '/var/run/docker.sock', path: '/containers/json?all=1', agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(performance.now() - t0));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/**
 * The renderer main thread's tasks in a Chromium trace: wall time (`dur`, what a long-task observer sees, load
 * on the machine included) and the thread's own CPU time (`tdur`, the page's work), in ms.
 */
function mainThreadTasks(trace: Buffer): { wall: number[]; cpu: number[] } {
  const events = (JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const main = new Set(
    events
      .filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const tasks = events.filter((e) => e.name === 'RunTask' && e.ph === 'X' && main.has(`${e.pid}:${e.tid}`));
  return { wall: tasks.map((e) => (e.dur ?? 0) / 1000), cpu: tasks.map((e) => (e.tdur ?? 0) / 1000) };
}

const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline'];

async function removePage(engine: Docker): Promise<void> {
  const left = await engine.listContainers({ all: true, filters: JSON.stringify({ label: [BENCH_LABEL] }) });
  const ours = left.filter((c) => c.Names?.[0]?.startsWith(`/${PREFIX}`));
  console.log(`[bench:page] removing ${ours.length} containers…`);
  await pool(ours, 32, (c) =>
    engine
      .getContainer(c.Id)
      .remove({ force: true })
      .catch(() => {}),
  );
}

async function main(): Promise<void> {
  const engine = new Docker();
  const cookie = await login(BASE);
  await removePage(engine);
  onInterrupt(() => removePage(engine));
  const { browser: b, context } = await browser(BASE, cookie);
  try {
    await context.addInitScript(LONG_TASK_OBSERVER);
    await context.addInitScript(FIRST_ROW_OBSERVER);
    const page = await context.newPage();
    await page.goto(`${BASE}/containers`);
    await page.getByTestId('container-count').waitFor();

    // Flood: every create is an engine event the open page hears.
    const lists: number[] = [];
    page.on('request', (req) => {
      if (new URL(req.url()).pathname === '/api/containers/page') lists.push(performance.now());
    });
    const before = await realtimeStats(BASE, cookie);
    await page.evaluate(() => {
      window.__longTasks = [];
    });
    const tag = `${PREFIX}${Date.now().toString(36)}`;
    console.log(`[bench:page] creating ${COUNT} containers, 32 at a time, the page open…`);
    let floodStart = 0;
    let floodEnd = 0;
    await b.startTracing(page, { categories: TRACE_CATEGORIES });
    const cpu = await measureCpu(async () => {
      floodStart = performance.now();
      await pool(
        Array.from({ length: COUNT }, (_, i) => i),
        32,
        async (i) => {
          await engine.createContainer({
            Image: BENCH_IMAGE,
            name: `${tag}-${i}`,
            Cmd: ['true'],
            Labels: BENCH_LABELS,
            HostConfig: { NetworkMode: 'none' },
          });
          if (i % 1000 === 999) console.log(`[bench:page] ${i + 1} created`);
        },
      );
      floodEnd = performance.now();
    });
    const floodSeconds = (floodEnd - floodStart) / 1000;
    const floodTrace = mainThreadTasks(await b.stopTracing());
    const after = await realtimeStats(BASE, cookie);
    const floodTaskList = await page.evaluate(() => window.__longTasks);
    const floodTasks = floodTaskList.map((t) => t.duration);
    console.log(
      `[bench:page] long tasks in the flood: ${floodTaskList.map((t) => `${t.duration.toFixed(0)}@${t.start.toFixed(0)}`).join(' ')}`,
    );
    const floodLists = lists.filter((t) => t >= floodStart && t <= floodEnd).length;
    const relists = (after.containerList?.misses ?? 0) - (before.containerList?.misses ?? 0);
    // The trailing refetch shows the last of them.
    await page
      .waitForFunction(
        (n) => {
          const text = document.querySelector('[data-testid="container-count"]')?.textContent ?? '';
          return Number(/\d+/.exec(text.replace(/[,\s]/g, ''))?.[0] ?? 0) >= n;
        },
        COUNT,
        { timeout: 60_000 },
      )
      .catch(() => console.log('[bench:page] the count did not reach the created number within 60 s'));
    console.log(
      `[bench:page] flood ${floodSeconds.toFixed(0)} s: ${floodLists} list requests, Berth CPU ${pct(cpu.berth)}, dockerd ${pct(cpu.dockerd)}, re-lists ${relists}, longest task ${Math.max(0, ...floodTasks).toFixed(0)} ms`,
    );

    // Warm the engine's and Berth's first reads after the flood.
    await rawList();
    await rawList();

    // First rows, interleaved with the raw engine's whole list.
    const firstRows: number[] = [];
    const raws: number[] = [];
    const ttfb: number[] = [];
    const htmlEnd: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      raws.push(await rawList());
      await page.goto(`${BASE}/containers`, { waitUntil: 'commit' });
      await page.locator('[data-testid="container-row"]').first().waitFor();
      firstRows.push(await page.evaluate(() => window.__firstRow ?? Number.NaN));
      const nav = await page.evaluate(
        'JSON.stringify(performance.getEntriesByType("navigation").map((e) => [e.responseStart, e.responseEnd]))',
      );
      const [[start, end] = [Number.NaN, Number.NaN]] = JSON.parse(String(nav)) as number[][];
      ttfb.push(start ?? Number.NaN);
      htmlEnd.push(end ?? Number.NaN);
    }
    console.log(`[bench:page] first rows ${firstRows.map((v) => v.toFixed(0)).join(', ')} ms`);

    // Scroll end to end: ~38 rows a frame, every page loaded on the way.
    const scrolls: {
      cpuLongest: number;
      wallLongest: number;
      longest: number;
      over50: number;
      seconds: number;
      rows: number;
      pages: number;
    }[] = [];
    for (let i = 0; i < RUNS; i++) {
      await page.goto(`${BASE}/containers`);
      await page.locator('[data-testid="container-row"]').first().waitFor();
      await sleep(500);
      const pagesBefore = lists.length;
      await b.startTracing(page, { categories: TRACE_CATEGORIES });
      // A string, not a function: tsx's name helpers do not exist in the page.
      const result = (await page.evaluate(SCROLL_TO_END)) as {
        longest: number;
        over50: number;
        seconds: number;
        lastName: string;
        height: number;
      };
      const trace = mainThreadTasks(await b.stopTracing());
      scrolls.push({
        cpuLongest: Math.max(0, ...trace.cpu),
        wallLongest: Math.max(0, ...trace.wall),
        longest: result.longest,
        over50: result.over50,
        seconds: result.seconds,
        rows: Math.round(result.height / 52),
        pages: lists.length - pagesBefore,
      });
      console.log(`[bench:page] scroll ${i + 1}: ${JSON.stringify(result)}`);
    }

    const fr = summarize(firstRows);
    const rr = summarize(raws);
    const longest = summarize(scrolls.map((s) => s.longest));
    const worst = Math.max(...scrolls.map((s) => s.longest));
    const floodLongest = Math.max(0, ...floodTasks);
    const floodCpuLongest = Math.max(0, ...floodTrace.cpu);
    const cpuLongest = summarize(scrolls.map((s) => s.cpuLongest));
    const met = (ok: boolean) => (ok ? 'met' : '**missed**');
    const body = [
      `${COUNT.toLocaleString('en')} created containers plus whatever other sessions had on the shared engine; headless Chromium 1400×900 (Playwright), ${RUNS} runs each. The machine is shared with other sessions (2 cores): absolute times vary from run to run, the ratios to the raw engine in the same turns less so.`,
      '',
      table(
        ['measure', 'Berth', 'reference (same run)', 'target'],
        [
          [
            'first rows after navigation (navigation start → first row in the DOM), median',
            fmtSummary(fr),
            `raw Engine \`GET /containers/json?all=1\`: ${fmtSummary(rr)} (the whole list, which the page waited for before)`,
            `< 1 s: ${met(fr.median < 1000)}`,
          ],
          [
            '… of which: the HTML\u2019s first byte / last byte (server render, first page of 100 rows inside)',
            `${fmtSummary(summarize(ttfb))} / ${fmtSummary(summarize(htmlEnd))}`,
            '',
            '',
          ],
          [
            'scroll end to end: longest long task, median of runs',
            // The observer sees only tasks over 50 ms: 0 is "none", not a task of 0 ms.
            `${longest.median === 0 ? 'none over 50 ms' : ms(longest.median)} (worst run ${worst === 0 ? 'none over 50 ms' : ms(worst)}; tasks > 50 ms per run: ${scrolls.map((s) => s.over50).join(', ')})`,
            `${scrolls[0]?.rows.toLocaleString('en')} rows, ${scrolls[0]?.pages} page requests, ${summarize(scrolls.map((s) => s.seconds)).median.toFixed(1)} s per run`,
            `≤ 50 ms: ${met(longest.median <= 50)}`,
          ],
          [
            'scroll end to end: longest main-thread task in its own CPU time (CDP trace `tdur`), median of runs',
            `${ms(cpuLongest.median)} (wall time of the longest: ${ms(summarize(scrolls.map((s) => s.wallLongest)).median)})`,
            'CPU time is what the page costs; wall time adds the waits for a core on the loaded machine',
            `≤ 50 ms: ${met(cpuLongest.median <= 50)}`,
          ],
          [
            `flood: ${COUNT.toLocaleString('en')} creates in ${floodSeconds.toFixed(0)} s (${(COUNT / floodSeconds).toFixed(0)}/s), page open: list requests`,
            `${floodLists} (${(floodLists / floodSeconds).toFixed(2)}/s)`,
            'paced refetch: at most one a second (EngineEventsBridge)',
            `≤ 1/s: ${met(floodLists / floodSeconds <= 1.05)}`,
          ],
          [
            'flood: Berth server CPU (all its processes), % of one core',
            pct(cpu.berth),
            `dockerd ${pct(cpu.dockerd)}`,
            `< 100 %: ${met(cpu.berth < 100)}`,
          ],
          ['flood: Berth full re-lists of the engine (live-list misses)', String(relists), '', 'reference'],
          [
            'flood: longest long task in the browser',
            ms(floodLongest),
            '',
            `≤ 200 ms: ${met(floodLongest <= 200)}`,
          ],
          [
            'flood: longest main-thread task in its own CPU time (CDP trace)',
            ms(floodCpuLongest),
            `wall ${ms(Math.max(0, ...floodTrace.wall))}`,
            `≤ 200 ms: ${met(floodCpuLongest <= 200)}`,
          ],
        ],
      ),
      '',
      'The page reads `GET /api/containers/page` (sorted, searched and paged on the server from the live list): the first page of 100 rows comes with the HTML (server-rendered), further pages of 500 load as the virtual list (only the rows in view are in the DOM) comes within 50 rows of its end. During a flood the page hears the events and refetches at the paced rate; a refetch re-reads the pages loaded so far.',
    ].join('\n');
    writeSection('page-scale', `Containers page at ${COUNT.toLocaleString('en')} containers`, body);
    console.log(body);
  } finally {
    await b.close();
    await removePage(engine);
  }
}

await main();
