import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import Docker from 'dockerode';
import {
  BENCH_IMAGE,
  BENCH_LABELS,
  type BenchSocket,
  benchPids,
  browser,
  connect,
  createBenchContainers,
  login,
  mb,
  measureCpu,
  onInterrupt,
  pct,
  realtimeStats,
  removeContainers,
  sleep,
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

/** Idle RSS, idle CPU with 100 containers and a tab open, first-load JS: the `footprint` section. */
async function idleAndJs(cookie: string) {
  const ids: string[] = [];
  const cleanup = () => removeContainers(engine, ids);
  onInterrupt(cleanup);
  try {
    // First-load JS first: it also warms the page up for the idle measurements.
    const js = await firstLoadJs(cookie);
    console.log(`[bench:footprint] first-load JS: ${js.count} scripts, ${KB(js.gz)} gzip`);

    await sleep(10_000);
    const idle = await realtimeStats(BASE, cookie);
    const idleGroup = groupRss();
    console.log(`[bench:footprint] idle RSS ${mb(idle.rss)}`);

    // Idle CPU: 100 running containers, the containers page open in a tab, nobody doing anything.
    await createBenchContainers(engine, 100, { prefix: 'berth-bench-idle', start: true }, ids);
    const { browser: b, context } = await browser(BASE, cookie);
    let idleCpu: { berth: number; dockerd: number };
    try {
      const page = await context.newPage();
      await page.goto(`${BASE}/containers`);
      await page.getByTestId('container-row').first().waitFor();
      await sleep(5000);
      console.log(`[bench:footprint] idle CPU over ${IDLE_SECONDS} s…`);
      idleCpu = await measureCpu(() => sleep(IDLE_SECONDS * 1000));
    } finally {
      await b.close();
    }

    const rssMet = idle.rss < 200 * 2 ** 20;
    const cpuMet = idleCpu.berth < 1;
    const jsMet = js.gz < 300 * 1024;
    const body = [
      `Busy shared 2-core machine; one run each (knob: BENCH_IDLE_SECONDS=${IDLE_SECONDS}). RSS is the server's own (\`/api/system/streams\`: its node process); the whole process group is also shown (the compiled server, \`node dist/server.mjs\`, is its only process).`,
      '',
      table(
        ['measure', 'result', 'target'],
        [
          [
            'idle RSS (after one page load, 10 s quiet)',
            `${mb(idle.rss)} (process group ${mb(idleGroup)}; V8 heap used ${mb(idle.memory?.heapUsed ?? 0)})`,
            `< 200 MB: ${rssMet ? 'met' : 'NOT met'}`,
          ],
          [
            `idle CPU, 100 running containers, the containers page open (${IDLE_SECONDS} s)`,
            `Berth ${pct(idleCpu.berth)}, dockerd ${pct(idleCpu.dockerd)}`,
            `Berth < 1 %: ${cpuMet ? 'met' : 'NOT met'}`,
          ],
          [
            `first-load JS of /containers (${js.count} scripts the page loaded, gzip -6 each)`,
            `${KB(js.gz)} (${KB(js.raw)} raw)`,
            `< 300 kB: ${jsMet ? 'met' : 'NOT met'}`,
          ],
        ],
      ),
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
 * RSS and V8 heap over MINUTES of VIEWERS log streams (the hour is BENCH_FOOTPRINT_MINUTES=60): the
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
    const every = MINUTES >= 30 ? 60_000 : 15_000;
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
            `no growth (< 1 MB/min in the second half): ${growthMet ? 'met' : 'NOT met'}`,
          ],
          [
            'per connected viewer ((RSS at the end − RSS before) / viewers)',
            mb(perViewer),
            `< 2 MB: ${viewerMet ? 'met' : 'NOT met'}`,
          ],
        ],
      ),
    ].join('\n');
    writeSection('footprint-streams', `Footprint: ${VIEWERS} log streams for ${MINUTES} min`, body);
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
