import { existsSync, readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import Docker from 'dockerode';
import { type HeapSummary, summarizeHeap } from './heap-summary';
import {
  BENCH_IMAGE,
  BENCH_LABELS,
  type BenchSocket,
  benchPids,
  browser,
  connect,
  createBenchContainers,
  fmtSummary,
  login,
  mb,
  measureCpu,
  onInterrupt,
  pct,
  realtimeStats,
  removeContainers,
  sleep,
  summarize,
  table,
  writeSection,
} from './lib';

/**
 * Berth's footprint, in two parts: `idle` — idle RSS, idle CPU with 100 running containers and the containers
 * page open, and the first-load JavaScript of that page; `streams` — RSS over MINUTES of 20 log streams (trend
 * and per viewer).
 */
const BASE = process.env.BENCH_URL ?? 'http://127.0.0.1:3900';
const MINUTES = Number(process.env.BENCH_FOOTPRINT_MINUTES ?? 3);
const VIEWERS = Number(process.env.BENCH_FOOTPRINT_VIEWERS ?? 20);
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 30);
const WINDOWS = Number(process.env.BENCH_IDLE_WINDOWS ?? 3);
/** After the page load: the server's idle collector (server/idle-memory.ts) looks every 10 s for a quiet interval. */
const SETTLE_SECONDS = Number(process.env.BENCH_IDLE_SETTLE_SECONDS ?? 25);
/** Where the server writes its heap snapshot (run.sh starts it with --heapsnapshot-signal and --diagnostic-dir). */
const DIAG_DIR = process.env.BENCH_DIAG_DIR ?? '';
/** Idle CPU is compared with a target of 0.1 %: two decimals. */
const pct2 = (v: number) => `${v.toFixed(2)} %`;
const engine = new Docker();
const KB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

/** Least-squares slope of y over x. */
function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += ((xs[i] ?? 0) - mx) * ((ys[i] ?? 0) - my);
    den += ((xs[i] ?? 0) - mx) ** 2;
  }
  return den ? num / den : 0;
}

/** RSS of the whole server process group from /proc, beside what the server reports of its own node process. */
function groupRss(): number {
  const { berth } = benchPids();
  let kb = 0;
  for (const pid of berth) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      kb += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    } catch {}
  }
  return kb * 1024;
}

async function firstLoadJs(cookie: string) {
  const { browser: b, context } = await browser(BASE, cookie);
  try {
    const page = await context.newPage();
    const scripts = new Map<string, Promise<Buffer>>();
    page.on('response', (res) => {
      if (res.request().resourceType() === 'script' && res.ok()) scripts.set(res.url(), res.body());
    });
    await page.goto(`${BASE}/containers`, { waitUntil: 'networkidle' });
    await page.getByTestId('container-count').waitFor();
    let raw = 0;
    let gz = 0;
    for (const body of scripts.values()) {
      const buf = await body;
      raw += buf.length;
      gz += gzipSync(buf).length;
    }
    return { count: scripts.size, raw, gz };
  } finally {
    await b.close();
  }
}

/** One idle window: CPU, and what the tab sent and received meanwhile (HTTP requests by path, socket.io frames). */
interface IdleWindow {
  berth: number;
  dockerd: number;
  requests: Map<string, number>;
  frames: Map<string, number>;
  /** Engine events the tab was sent: another session's work on the shared engine, not idleness. */
  engineEvents: number;
}

/** socket.io over engine.io: "2"/"3" are the transport's ping and pong, "42[…]" an event, "43…" an ack. */
function frameKind(payload: string): string {
  if (payload === '2') return 'ping';
  if (payload === '3') return 'pong';
  const event = /^42(?:\d*)\["([^"]+)"/.exec(payload);
  if (event) return event[1] ?? 'event';
  if (payload.startsWith('43')) return 'ack';
  return `engine.io ${payload.slice(0, 2)}`;
}

const count = (m: Map<string, number>, key: string, n = 1) => m.set(key, (m.get(key) ?? 0) + n);
const listCounts = (m: Map<string, number>) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} × ${n}`)
    .join(', ') || 'none';

function merge(windows: IdleWindow[], key: 'requests' | 'frames'): Map<string, number> {
  const all = new Map<string, number>();
  for (const w of windows) for (const [k, n] of w[key]) count(all, k, n);
  return all;
}

/**
 * Idle CPU: 100 running containers, the containers page open in a tab, nobody doing anything. WINDOWS quiet
 * windows of IDLE_SECONDS each (median, min, max). The engine is shared with other sessions, whose bursts of
 * container events make the tab re-list (as they should): a window in which the tab received an engine event
 * is not idle, is reported apart, and another is measured instead (at most 3 × WINDOWS in all).
 */
async function measureIdleCpu(cookie: string, ids: string[]) {
  const { browser: b, context } = await browser(BASE, cookie);
  let current: IdleWindow | null = null;
  let sockets = 0;
  try {
    const page = await context.newPage();
    page.on('request', (req) => {
      if (current) count(current.requests, `${req.method()} ${new URL(req.url()).pathname}`);
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    cdp.on('Network.webSocketCreated', () => sockets++);
    cdp.on('Network.webSocketFrameSent', (e) => {
      if (current) count(current.frames, `sent ${frameKind(e.response.payloadData)}`);
    });
    cdp.on('Network.webSocketFrameReceived', (e) => {
      if (!current) return;
      const kind = frameKind(e.response.payloadData);
      if (kind === 'engine:event') current.engineEvents++;
      count(current.frames, `received ${kind}`);
    });
    await page.goto(`${BASE}/containers`);
    await page.getByTestId('container-row').first().waitFor();
    await sleep(5000);
    const quiet: IdleWindow[] = [];
    const busy: IdleWindow[] = [];
    for (let i = 0; quiet.length < WINDOWS && i < 3 * WINDOWS; i++) {
      const w: IdleWindow = { berth: 0, dockerd: 0, requests: new Map(), frames: new Map(), engineEvents: 0 };
      current = w;
      Object.assign(w, await measureCpu(() => sleep(IDLE_SECONDS * 1000)));
      current = null;
      (w.engineEvents ? busy : quiet).push(w);
      console.log(
        `[bench:footprint] idle window ${i + 1} (${IDLE_SECONDS} s): Berth ${pct(w.berth)}, dockerd ${pct(w.dockerd)}; ${w.engineEvents ? `${w.engineEvents} engine events from elsewhere, not counted` : 'quiet'}; requests ${listCounts(w.requests)}`,
      );
    }
    const running = (await engine.listContainers({ filters: { id: ids } })).length;
    if (running < ids.length) throw new Error(`${ids.length - running} of our containers vanished: rerun`);
    if (sockets !== 1) throw new Error(`the tab opened ${sockets} websockets, expected one live socket`);
    // With no quiet window at all, every window is reported (and says so).
    const counted = quiet.length ? quiet : busy;
    return {
      berth: summarize(counted.map((w) => w.berth)),
      dockerd: summarize(counted.map((w) => w.dockerd)),
      quiet: quiet.length,
      busy: busy.map((w) => ({ berth: w.berth, engineEvents: w.engineEvents })),
      requests: merge(counted, 'requests'),
      frames: merge(counted, 'frames'),
    };
  } finally {
    await b.close();
  }
}

/**
 * Idle CPU with nobody connected (no browser, no socket): WINDOWS windows of IDLE_SECONDS in which the engine sent
 * no event (counted on an events stream of our own: other sessions' work on the shared engine wakes Berth's
 * followers, as it should), at most 3 × WINDOWS tried.
 */
async function measureNobodyCpu(label: string) {
  let events = 0;
  const stream = (await engine.getEvents({})) as NodeJS.ReadableStream & { destroy(): void };
  stream.on('data', () => events++);
  const quiet: { berth: number; dockerd: number }[] = [];
  const busy: { berth: number; events: number }[] = [];
  try {
    for (let i = 0; quiet.length < WINDOWS && i < 3 * WINDOWS; i++) {
      const before = events;
      const w = await measureCpu(() => sleep(IDLE_SECONDS * 1000));
      const seen = events - before;
      if (seen) busy.push({ berth: w.berth, events: seen });
      else quiet.push(w);
      console.log(
        `[bench:footprint] nobody connected, ${label}, window ${i + 1}: Berth ${pct2(w.berth)}, dockerd ${pct2(w.dockerd)}; ${seen ? `${seen} engine events from elsewhere, not counted` : 'quiet'}`,
      );
    }
  } finally {
    stream.destroy();
  }
  const counted = quiet.length ? quiet : busy.map((b) => ({ berth: b.berth, dockerd: Number.NaN }));
  return {
    berth: summarize(counted.map((w) => w.berth)),
    dockerd: summarize(counted.map((w) => w.dockerd)),
    quiet: quiet.length,
    busy,
  };
}

/** The server's pid (it leads its own process group: run.sh starts it with setsid and serve.sh execs node). */
const serverPid = () => Number(process.env.BENCH_SERVER_PGID);

/** Asks the server for a heap snapshot (SIGUSR2) and summarises it; null when run.sh did not arm the signal. */
async function heapSnapshot(): Promise<HeapSummary | null> {
  if (!DIAG_DIR || !serverPid()) return null;
  const snapshots = () => readdirSync(DIAG_DIR).filter((f) => f.endsWith('.heapsnapshot'));
  const before = new Set(snapshots());
  process.kill(serverPid(), 'SIGUSR2');
  // Written synchronously by the server; done when its size stops changing.
  let file = '';
  let last = -1;
  for (let i = 0; i < 120; i++) {
    await sleep(1000);
    file = snapshots().find((f) => !before.has(f)) ?? '';
    if (!file) continue;
    const size = statSync(path.join(DIAG_DIR, file)).size;
    if (size > 0 && size === last) break;
    last = size;
  }
  if (!file) return null;
  const full = path.join(DIAG_DIR, file);
  try {
    return summarizeHeap(full);
  } finally {
    if (existsSync(full)) unlinkSync(full);
  }
}

/** Process RSS split into file-backed (the node binary's pages, shared) and anonymous (this process's own). */
function rssParts(): { anon: number; file: number } {
  const status = readFileSync(`/proc/${serverPid()}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024;
  return { anon: kb('RssAnon'), file: kb('RssFile') + kb('RssShmem') };
}

const md = (text: string) => `\`${text.replace(/`/g, "'").replace(/\|/g, '¦')}\``;

function heapRows(h: HeapSummary): string {
  const types = h.byType
    .filter((t) => t.bytes >= 2 ** 20)
    .map((t) => `${t.type} ${mb(t.bytes)}`)
    .join(', ');
  return [
    `Heap snapshot of the idle server (taken after the CPU windows; the snapshot collects first, so this is what is live): ${mb(h.totalBytes)} in all — ${types}.`,
    '',
    `- Module source text (strings ≥ 5 kB; V8 keeps it to compile functions lazily): ${mb(h.sourceBytes)}, of which ${mb(h.duplicateBytes)} is the same text loaded again by another route bundle.`,
    `- Off-heap buffers V8 tracks (reserved, resident only where touched): ${h.largestNative.map((n) => `${mb(n.bytes)} ${n.name}`).join('; ') || 'none over 1 MB'}.`,
    '- Largest strings (first characters; copies):',
    ...h.largest.map((l) => `  - ${mb(l.bytes)} × ${l.copies}: ${md(l.head.slice(0, 80))}`),
  ].join('\n');
}

/** Idle RSS, idle CPU with 100 containers and a tab open, first-load JS: the `footprint` section. */
async function idleAndJs(cookie: string) {
  const ids: string[] = [];
  const cleanup = () => removeContainers(engine, ids);
  onInterrupt(cleanup);
  try {
    // First-load JS first: it also warms the page up for the idle measurements.
    const js = await firstLoadJs(cookie);
    console.log(`[bench:footprint] first-load JS: ${js.count} scripts, ${KB(js.gz)} gzip`);

    await sleep(SETTLE_SECONDS * 1000);
    const idle = await realtimeStats(BASE, cookie);
    const idleGroup = groupRss();
    const parts = rssParts();
    console.log(
      `[bench:footprint] idle RSS ${mb(idle.rss)} (anonymous ${mb(parts.anon)}, file ${mb(parts.file)})`,
    );

    // Nobody connected: the bench's own session cookie is not a connection; no browser, no socket.
    const quietFrom = Date.now();
    const nobody = await measureNobodyCpu('no containers of ours');
    // The idle RSS the target means: the server left alone, after the quiet windows. 25 s after the page load,
    // V8's memory reducer (which shrinks the young generation the load grew, up to 32 MB) may not have run yet.
    const settled = await realtimeStats(BASE, cookie);
    const settledParts = rssParts();
    const settledAfter = Math.round((Date.now() - quietFrom) / 1000) + SETTLE_SECONDS;
    console.log(
      `[bench:footprint] settled idle RSS ${mb(settled.rss)} (anonymous ${mb(settledParts.anon)}, file ${mb(settledParts.file)})`,
    );
    await createBenchContainers(engine, 100, { prefix: 'berth-bench-idle', start: true }, ids);
    await sleep(15_000); // the stats history collector's first rounds over the new containers
    const nobodyRunning = await measureNobodyCpu('100 running containers');
    const idleCpu = await measureIdleCpu(cookie, ids);
    await removeContainers(engine, ids.splice(0));
    await sleep(SETTLE_SECONDS * 1000);
    const heap = await heapSnapshot();

    const rssMet = settled.rss <= 120 * 2 ** 20;
    const nobodyMet = nobody.berth.median <= 0.1;
    const cpuMet = idleCpu.berth.median < 1;
    const jsMet = js.gz <= 200 * 1024;
    const windows = (m: { quiet: number; busy: unknown[] }) =>
      `${m.quiet || m.busy.length} ${m.quiet ? 'quiet' : 'busy (no quiet one)'} windows of ${IDLE_SECONDS} s`;
    const windowsOf = (m: { quiet: number; busy: unknown[] }) => `${windows(m)}: median (min, max)`;
    const body = [
      `Busy shared 2-core machine; one run each, the idle CPU over several windows (knobs: BENCH_IDLE_SECONDS=${IDLE_SECONDS}, BENCH_IDLE_WINDOWS=${WINDOWS}, BENCH_IDLE_SETTLE_SECONDS=${SETTLE_SECONDS}). RSS is the server's own (\`/api/system/streams\`: its node process); the whole process group is also shown (the compiled server, \`node dist/server.mjs\`, is its only process). A window in which the engine sent an event (other sessions' work on the shared engine) is not idle: it is left out and another measured.`,
      '',
      table(
        ['measure', 'result', 'target'],
        [
          [
            `idle RSS, settled (nobody connected for the ${windows(nobody)} after the page load, ${settledAfter} s in all)`,
            `${mb(settled.rss)} (anonymous ${mb(settledParts.anon)}, file-backed ${mb(settledParts.file)}; V8 heap used ${mb(settled.memory?.heapUsed ?? 0)} of ${mb(settled.memory?.heapTotal ?? 0)})`,
            `≤ 120 MB: ${rssMet ? 'met' : 'NOT met'}`,
          ],
          [
            `idle RSS ${SETTLE_SECONDS} s after one page load`,
            `${mb(idle.rss)} (process group ${mb(idleGroup)}; anonymous ${mb(parts.anon)}, file-backed ${mb(parts.file)}; V8 heap used ${mb(idle.memory?.heapUsed ?? 0)} of ${mb(idle.memory?.heapTotal ?? 0)})`,
            'for reference',
          ],
          [
            `idle CPU, nobody connected, no containers of ours (${windowsOf(nobody)})`,
            `Berth ${fmtSummary(nobody.berth, pct2)}, dockerd ${fmtSummary(nobody.dockerd, pct2)}`,
            `Berth ≤ 0.1 %: ${nobodyMet ? 'met' : 'NOT met'}`,
          ],
          [
            `idle CPU, nobody connected, 100 running containers (the stats history's rounds, 30 s apart at 100; ${windowsOf(nobodyRunning)})`,
            `Berth ${fmtSummary(nobodyRunning.berth, pct2)}, dockerd ${fmtSummary(nobodyRunning.dockerd, pct2)}`,
            'for reference (`BERTH_STATS_HISTORY=off` stops the rounds)',
          ],
          [
            `idle CPU, 100 running containers, the containers page open (${windowsOf({ quiet: idleCpu.quiet, busy: idleCpu.busy })})`,
            `Berth ${fmtSummary(idleCpu.berth, pct2)}, dockerd ${fmtSummary(idleCpu.dockerd, pct2)}`,
            `Berth < 1 %: ${cpuMet ? 'met' : 'NOT met'}`,
          ],
          [
            `first-load JS of /containers (${js.count} scripts the page loaded, gzip -6 each)`,
            `${KB(js.gz)} (${KB(js.raw)} raw)`,
            `≤ 200 kB: ${jsMet ? 'met' : 'NOT met'}`,
          ],
        ],
      ),
      '',
      [
        `What the idle tab sent and received in its windows: HTTP requests ${listCounts(idleCpu.requests)}; socket.io frames ${listCounts(idleCpu.frames)}.`,
        ...(idleCpu.busy.length && idleCpu.quiet
          ? [
              `Not counted: ${idleCpu.busy.length} window(s) in which other sessions' work on the shared engine sent the tab engine events (${idleCpu.busy.map((w) => `${w.engineEvents} events, Berth ${pct2(w.berth)}`).join('; ')}): the tab re-lists on them, as it should.`,
            ]
          : []),
      ].join(' '),
      '',
      heap ? heapRows(heap) : "No heap snapshot (run through bench/run.sh, which arms the server's SIGUSR2).",
      '',
      'The memory under 20 log streams is in the next section (`footprint:streams`).',
    ].join('\n');
    writeSection('footprint', 'Footprint: memory, idle CPU, first-load JavaScript', body);
    console.log(body);
  } finally {
    await cleanup();
  }
}

/**
 * RSS and V8 heap over MINUTES of VIEWERS log streams (the issue's hour is BENCH_FOOTPRINT_MINUTES=60): the
 * trend, and the cost per connected viewer. The `footprint-streams` section.
 */
async function streams(cookie: string) {
  const ids: string[] = [];
  const sockets: BenchSocket[] = [];
  const cleanup = async () => {
    for (const s of sockets) s.disconnect();
    await removeContainers(engine, ids);
  };
  onInterrupt(cleanup);
  try {
    // The baseline for the per-viewer cost: RSS just before the streams.
    await sleep(5000);
    const before = await realtimeStats(BASE, cookie);
    // Log streams: VIEWERS containers printing a line every 100 ms, each followed by one socket.io client.
    for (let i = 0; i < VIEWERS; i++) {
      const c = await engine.createContainer({
        Image: BENCH_IMAGE,
        name: `berth-bench-rss-${Date.now().toString(36)}-${i}`,
        Cmd: [
          'sh',
          '-c',
          'i=0; while :; do echo "line $i of a steady log, as a web server would write"; i=$((i+1)); usleep 100000; done',
        ],
        Labels: BENCH_LABELS,
        HostConfig: { NetworkMode: 'none' },
      });
      ids.push(c.id);
      await c.start();
    }
    let lines = 0;
    const ended: string[] = [];
    for (const id of ids) {
      const socket = await connect(BASE, cookie);
      socket.on('logs:lines', (batch) => (lines += batch.lines.length));
      socket.on('logs:end', ({ reason }) => ended.push(reason));
      const ack = await socket.emitWithAck('logs:subscribe', { containerId: id, tail: 100 });
      if (!ack.ok) throw new Error(ack.error);
      sockets.push(socket);
    }
    const t0 = performance.now();
    const xs: number[] = [];
    const rss: number[] = [];
    const heap: number[] = [];
    const long = MINUTES >= 30;
    const every = long ? 60_000 : 15_000;
    while (performance.now() - t0 < MINUTES * 60_000) {
      await sleep(every);
      const s = await realtimeStats(BASE, cookie);
      xs.push((performance.now() - t0) / 60_000);
      rss.push(s.rss);
      heap.push(s.memory?.heapUsed ?? 0);
      // The engine is shared: a clean-up elsewhere that removed our containers would end the streams.
      if (ended.length || s.engineStreams.logs < VIEWERS)
        throw new Error(
          `${s.engineStreams.logs} of ${VIEWERS} log streams left (${ended[0] ?? 'no logs:end'}): rerun`,
        );
      console.log(
        `[bench:footprint] ${xs.at(-1)?.toFixed(1)} min: RSS ${mb(s.rss)}, heap ${mb(heap.at(-1) ?? 0)}, ${s.engineStreams.logs} log streams, ${lines} lines`,
      );
    }
    const engineStreams = (await realtimeStats(BASE, cookie)).engineStreams.logs;
    const seconds = (performance.now() - t0) / 1000;
    for (const s of sockets) s.disconnect();
    sockets.length = 0;
    // The second half alone: the first minutes include the heap settling after the streams opened.
    const half = Math.floor(xs.length / 2);
    const trend = slope(xs, rss);
    const lateTrend = slope(xs.slice(half), rss.slice(half));
    const heapTrend = slope(xs.slice(half), heap.slice(half));
    const perViewer = ((rss.at(-1) ?? 0) - before.rss) / VIEWERS;
    const growthMet = lateTrend < 2 ** 20 && heapTrend < 2 ** 20;
    const viewerMet = perViewer < 2 * 2 ** 20;
    const body = [
      `${VIEWERS} containers each printing a line every 100 ms, each followed by one socket.io client (\`logs:subscribe\`) for ${MINUTES} min; RSS and V8 heap of the server (\`/api/system/streams\`) every ${every / 1000} s. Busy shared 2-core machine; one run.`,
      '',
      table(
        ['measure', 'result', 'target'],
        [
          [
            'engine log streams open / lines delivered',
            `${engineStreams} / ${lines.toLocaleString('en')} (${Math.round(lines / seconds)} lines/s)`,
            '',
          ],
          ['RSS just before the streams', mb(before.rss), ''],
          [`RSS first sample → after ${MINUTES} min`, `${mb(rss[0] ?? 0)} → ${mb(rss.at(-1) ?? 0)}`, ''],
          ['V8 heap used first sample → end', `${mb(heap[0] ?? 0)} → ${mb(heap.at(-1) ?? 0)}`, ''],
          [
            'trend, whole run / second half (RSS; heap)',
            `${mb(trend)}/min / ${mb(lateTrend)}/min; heap ${mb(heapTrend)}/min`,
            long
              ? `no growth (< 1 MB/min in the second half): ${growthMet ? 'met' : 'NOT met'}`
              : 'for reference: growth is judged on runs of 30 min or more (BENCH_FOOTPRINT_MINUTES=60)',
          ],
          [
            'per connected viewer ((RSS at the end − RSS before) / viewers)',
            mb(perViewer),
            `< 2 MB: ${viewerMet ? 'met' : 'NOT met'}`,
          ],
        ],
      ),
    ].join('\n');
    // A short run (the default 3 min) shows the warm-up, not a trend: it has a section of its own and leaves the
    // hour-long run's section as it was.
    writeSection(
      long ? 'footprint-streams' : 'footprint-streams-short',
      `Footprint: ${VIEWERS} log streams for ${MINUTES} min`,
      body,
    );
    console.log(body);
  } finally {
    await cleanup();
  }
}

async function main() {
  const cookie = await login(BASE);
  const which = process.argv.slice(2);
  if (which.length === 0 || which.includes('idle')) await idleAndJs(cookie);
  if (which.length === 0 || which.includes('streams')) await streams(cookie);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
