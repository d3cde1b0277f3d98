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
 * Berth's footprint: idle RSS, RSS over MINUTES of 20 log streams (trend and per viewer), idle CPU with 100
 * running containers and the containers page open, and the first-load JavaScript of that page.
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

async function main() {
  const cookie = await login(BASE);
  const ids: string[] = [];
  const sockets: BenchSocket[] = [];
  const cleanup = async () => {
    for (const s of sockets) s.disconnect();
    await removeContainers(engine, ids);
  };
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
    await removeContainers(engine, ids.splice(0));

    // The baseline for the per-viewer cost: RSS just before the streams (the first idle reading may still
    // hold garbage from whatever ran before).
    const beforeStreams = (await realtimeStats(BASE, cookie)).rss;
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
    const ys: number[] = [];
    while (performance.now() - t0 < MINUTES * 60_000) {
      await sleep(15_000);
      const s = await realtimeStats(BASE, cookie);
      xs.push((performance.now() - t0) / 60_000);
      ys.push(s.rss);
      // The engine is shared: a clean-up elsewhere that removed our containers would end the streams.
      if (ended.length || s.engineStreams.logs < VIEWERS)
        throw new Error(
          `${s.engineStreams.logs} of ${VIEWERS} log streams left (${ended[0] ?? 'no logs:end'}): rerun`,
        );
      console.log(
        `[bench:footprint] ${xs.at(-1)?.toFixed(1)} min: RSS ${mb(s.rss)}, ${s.engineStreams.logs} log streams, ${lines} lines`,
      );
    }
    const streams = (await realtimeStats(BASE, cookie)).engineStreams.logs;
    for (const s of sockets) s.disconnect();
    sockets.length = 0;
    const trend = slope(xs, ys);
    const end = ys.at(-1) ?? 0;
    const perViewer = (end - beforeStreams) / VIEWERS;

    const rssMet = idle.rss < 200 * 2 ** 20;
    const viewerMet = perViewer < 2 * 2 ** 20;
    const cpuMet = idleCpu.berth < 1;
    const jsMet = js.gz < 300 * 1024;
    const body = [
      `Busy shared 2-core machine; one run each (knobs: BENCH_FOOTPRINT_MINUTES=${MINUTES}, BENCH_FOOTPRINT_VIEWERS=${VIEWERS}, BENCH_IDLE_SECONDS=${IDLE_SECONDS}). RSS is the server's own (\`/api/system/streams\`: its node process); the whole process group is also shown (the compiled server, \`node dist/server.mjs\`, is its only process).`,
      '',
      table(
        ['measure', 'result', 'target'],
        [
          [
            'idle RSS (after one page load, 10 s quiet)',
            `${mb(idle.rss)} (process group ${mb(idleGroup)})`,
            `< 200 MB: ${rssMet ? 'met' : 'NOT met'}`,
          ],
          [
            `RSS with ${VIEWERS} log streams (${streams} engine streams, ${Math.round(lines / ((performance.now() - t0) / 1000))} lines/s in all), first sample → after ${MINUTES} min`,
            `${mb(ys[0] ?? 0)} → ${mb(end)}; trend ${mb(trend)}/min`,
            '',
          ],
          [
            `per connected viewer ((RSS after − RSS just before the streams, ${mb(beforeStreams)}) / viewers)`,
            mb(perViewer),
            `< 2 MB: ${viewerMet ? 'met' : 'NOT met'}`,
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
      `The ${MINUTES}-minute window stands in for the issue's hour: a leak of a few MB/min would show as the trend above. ${trend < 2 ** 20 ? 'No growth trend (under 1 MB/min; a falling trend is the garbage collector giving memory back): met.' : 'RSS grows by more than 1 MB/min: NOT met (a leak in the log path to look for).'}`,
    ].join('\n');
    writeSection('footprint', 'Footprint: memory, idle CPU, first-load JavaScript', body);
    console.log(body);
  } finally {
    await cleanup();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
