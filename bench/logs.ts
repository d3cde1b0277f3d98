import { spawn } from 'node:child_process';
import http from 'node:http';
import Docker from 'dockerode';
import {
  BENCH_LABELS,
  browser,
  connect,
  fmtSummary,
  LONG_TASK_OBSERVER,
  login,
  mb,
  ms,
  onInterrupt,
  type RealtimeStats,
  realtimeStats,
  removeContainers,
  sleep,
  summarize,
  table,
  writeSection,
} from './lib';

/**
 * Log throughput: a container that printed N lines (default 1,000,000); the time until its last line reaches
 * a socket.io client through Berth, against `docker logs -t` and the raw Engine API of the same container in
 * the same run. Berth asks for timestamps (it resumes from them), so the CLI is asked for them too.
 */
const BASE = process.env.BENCH_URL ?? 'http://127.0.0.1:3900';
const LINES = Number(process.env.BENCH_LOG_LINES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const IMAGE = process.env.BERTH_TEST_IMAGE ?? 'berth-test/busybox:latest';
const FLOOD_SECONDS = Number(process.env.BENCH_FLOOD_SECONDS ?? 60);
const FLOOD_RATE = Number(process.env.BENCH_FLOOD_RATE ?? 5000);
const engine = new Docker();

async function makeLoggedContainer(): Promise<string> {
  const c = await engine.createContainer({
    Image: IMAGE,
    name: `berth-bench-logs-${Date.now().toString(36)}`,
    Cmd: ['seq', '1', String(LINES)],
    Labels: BENCH_LABELS,
  });
  await c.start();
  await c.wait();
  return c.id;
}

function timeCli(id: string): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const p = spawn('docker', ['logs', '-t', id], { stdio: ['ignore', 'pipe', 'pipe'] });
    let last = '';
    p.stdout.on('data', (b: Buffer) => (last = b.toString('utf8').slice(-32)));
    p.on('error', reject);
    p.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`docker logs exited ${code}`));
      if (!last.trimEnd().endsWith(` ${LINES}`)) return reject(new Error(`docker logs ended with ${last}`));
      resolve(performance.now() - t0);
    });
  });
}

function timeRaw(id: string): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get(
      {
        socketPath: '/var/run/docker.sock',
        path: `/containers/${id}/logs?stdout=1&stderr=1&timestamps=1`,
      },
      (res) => {
        let bytes = 0;
        res.on('data', (b: Buffer) => (bytes += b.length));
        res.on('end', () =>
          bytes > LINES ? resolve(performance.now() - t0) : reject(new Error('short log')),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
  });
}

async function timeBerth(id: string, cookie: string): Promise<number> {
  const socket = await connect(BASE, cookie);
  try {
    const t0 = performance.now();
    let count = 0;
    const done = new Promise<number>((resolve, reject) => {
      socket.on('logs:lines', ({ lines }) => {
        count += lines.length;
        if (lines.at(-1)?.text === String(LINES)) resolve(performance.now() - t0);
      });
      socket.on('logs:end', ({ reason }) => reject(new Error(`${reason} after ${count} lines`)));
    });
    const ack = await socket.emitWithAck('logs:subscribe', { containerId: id, tail: 'all' });
    if (!ack.ok) throw new Error(ack.error);
    const elapsed = await done;
    if (count !== LINES) throw new Error(`received ${count} lines, expected ${LINES}`);
    return elapsed;
  } finally {
    socket.disconnect();
  }
}

async function throughput() {
  const cookie = await login(BASE);
  console.log(`[bench:logs] writing ${LINES} lines…`);
  const id = await makeLoggedContainer();
  try {
    // The server's memory around the replays: a million lines pass through it per run, none should stay.
    const before = await realtimeStats(BASE, cookie);
    // One warm-up of each, so the first measured run does not pay for cold caches.
    await timeCli(id);
    await timeRaw(id);
    await timeBerth(id, cookie);
    const cli: number[] = [];
    const raw: number[] = [];
    const berth: number[] = [];
    const ratios: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      // Interleaved, so a noisy moment hits all three alike.
      const c = await timeCli(id);
      raw.push(await timeRaw(id));
      const b = await timeBerth(id, cookie);
      cli.push(c);
      berth.push(b);
      ratios.push(b / c);
      console.log(`[bench:logs] run ${i + 1}/${RUNS}: cli ${c.toFixed(0)} ms, berth ${b.toFixed(0)} ms`);
    }
    const after = await realtimeStats(BASE, cookie);
    await sleep(30_000);
    const settled = await realtimeStats(BASE, cookie);
    const memory = (s: RealtimeStats) => `RSS ${mb(s.rss)} (V8 heap used ${mb(s.memory?.heapUsed ?? 0)})`;
    console.log(
      `[bench:logs] before ${memory(before)}, after ${memory(after)}, 30 s later ${memory(settled)}`,
    );
    const r = summarize(ratios);
    const ratio = (v: number) => `${v.toFixed(2)}×`;
    const met = r.median <= 1.5;
    const body = [
      `${LINES.toLocaleString('en')} lines already in the container's log; ${RUNS} runs after one warm-up; median (min, max).`,
      '',
      table(
        ['path', 'time to the last line'],
        [
          [
            'raw Engine API (`GET /containers/{id}/logs?timestamps=1`, bytes only)',
            fmtSummary(summarize(raw)),
          ],
          ['`docker logs -t`', fmtSummary(summarize(cli))],
          ['Berth → socket.io client (`logs:subscribe`, tail all)', fmtSummary(summarize(berth))],
        ],
      ),
      '',
      `The server's memory (\`/api/system/streams\`) before the ${RUNS + 1} replays: ${memory(before)}; right after the last: ${memory(after)}; 30 s later: ${memory(settled)}.`,
      '',
      `**Berth / docker logs: ${fmtSummary(r, ratio)}** — target ≤ 1.5×: ${met ? 'met' : 'NOT met'}.`,
    ].join('\n');
    writeSection('logs', 'Logs: 1,000,000 lines to a socket.io client', body);
    console.log(body);
  } finally {
    await removeContainers(engine, [id]);
  }
}

/**
 * The log viewer (container page, Logs tab) in headless Chromium while the container prints FLOOD_RATE
 * lines/s for FLOOD_SECONDS: the tab's JS heap (CDP Runtime.getHeapUsage, every 5 s) and its long tasks.
 * The lines really delivered are counted by a second socket.io client beside the tab.
 */
async function flood() {
  const cookie = await login(BASE);
  // Paced in bursts of a tenth of the rate every 100 ms; lines of ~90 bytes, like an access log.
  const burst = Math.round(FLOOD_RATE / 10);
  const script = `i=0; while :; do seq $i $((i+${burst - 1})) | sed 's|$| GET /api/things?page=2 200 0.013 "Mozilla/5.0 (X11; Linux x86_64)"|'; i=$((i+${burst})); usleep 100000; done`;
  const c = await engine.createContainer({
    Image: IMAGE,
    name: `berth-bench-flood-${Date.now().toString(36)}`,
    Cmd: ['sh', '-c', script],
    Labels: BENCH_LABELS,
    HostConfig: { NetworkMode: 'none' },
  });
  const cleanup = () => removeContainers(engine, [c.id]);
  onInterrupt(cleanup);
  const { browser: b, context } = await browser(BASE, cookie);
  const counter = await connect(BASE, cookie);
  try {
    await c.start();
    const page = await context.newPage();
    await page.addInitScript(LONG_TASK_OBSERVER);
    const cdp = await context.newCDPSession(page);
    await page.goto(`${BASE}/containers/${c.id}?tab=logs`);
    await page.getByTestId('log-line').first().waitFor({ timeout: 30_000 });
    let delivered = 0;
    counter.on('logs:lines', ({ lines }) => (delivered += lines.length));
    const ack = await counter.emitWithAck('logs:subscribe', { containerId: c.id, tail: 0 });
    if (!ack.ok) throw new Error(ack.error);
    const heap: number[] = [];
    const t0 = performance.now();
    const start = await page.evaluate(() => performance.now());
    while (performance.now() - t0 < FLOOD_SECONDS * 1000) {
      await sleep(5000);
      const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
      heap.push(usage.usedSize);
      console.log(
        `[bench:logs] flood ${((performance.now() - t0) / 1000).toFixed(0)} s: heap ${mb(usage.usedSize)}, ${delivered} lines`,
      );
    }
    const seconds = (performance.now() - t0) / 1000;
    const rate = delivered / seconds;
    const tasks = (
      await page.evaluate(
        () => (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks,
      )
    ).filter((t) => t.start >= start);
    const over = tasks.filter((t) => t.duration > 100);
    const status = (await page.getByTestId('log-status').textContent()) ?? '';
    const rendered = await page.getByTestId('log-line').count();
    if (rendered === 0) throw new Error('the viewer shows no lines');
    const maxHeap = Math.max(...heap);
    const heapMet = maxHeap < 300 * 2 ** 20;
    const body = [
      `A container printing ${burst} lines every 100 ms (target ${FLOOD_RATE.toLocaleString('en')} lines/s; delivered ${Math.round(rate).toLocaleString('en')} lines/s to a socket.io client beside the tab) for ${FLOOD_SECONDS} s, its Logs tab open in headless Debian Chromium. Heap: CDP \`Runtime.getHeapUsage\` every 5 s. One run; busy shared 2-core machine (the container, Berth and Chromium share 2 cores with other helpers' work), so long tasks include time the renderer waited for a core.`,
      '',
      table(
        ['measure', 'result'],
        [
          [
            'tab JS heap, max (first sample → last)',
            `${mb(maxHeap)} (${mb(heap[0] ?? 0)} → ${mb(heap.at(-1) ?? 0)})`,
          ],
          [
            'long tasks > 100 ms',
            `${over.length} (longest task of any length ${tasks.length ? ms(Math.max(...tasks.map((t) => t.duration))) : '—'}; ${tasks.length} tasks > 50 ms)`,
          ],
          ['viewer status line at the end', status.replace(/\s+/g, ' ')],
        ],
      ),
      '',
      `**Heap max ${mb(maxHeap)}** — target < 300 MB: ${heapMet ? 'met' : 'NOT met'}. **Long tasks > 100 ms: ${over.length}** — target none: ${over.length === 0 ? 'met' : 'NOT met'}.`,
    ].join('\n');
    writeSection('logs-flood', `Logs: the log viewer under ${FLOOD_RATE.toLocaleString('en')} lines/s`, body);
    console.log(body);
  } finally {
    counter.disconnect();
    await b.close();
    await cleanup();
  }
}

async function main() {
  const which = process.argv.slice(2);
  if (which.length === 0 || which.includes('throughput')) await retryIfRemoved(throughput);
  if (which.length === 0 || which.includes('flood')) await retryIfRemoved(flood);
}

/**
 * The engine is shared with other sessions, whose clean-ups (a container prune) have removed our container
 * mid-run: the engine's 404 starts the part again on a new one, up to three times.
 */
async function retryIfRemoved(part: () => Promise<void>) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await part();
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode !== 404 || attempt === 3) throw err;
      console.log(
        `[bench:logs] our container was removed by someone else (${(err as Error).message.trim()}); again`,
      );
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
