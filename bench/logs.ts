import { spawn } from 'node:child_process';
import http from 'node:http';
import Docker from 'dockerode';
import { BENCH_LABEL, connect, fmtSummary, login, summarize, table, writeSection } from './lib';

/**
 * Log throughput: a container that printed N lines (default 1,000,000); the time until its last line reaches
 * a socket.io client through Berth, against `docker logs -t` and the raw Engine API of the same container in
 * the same run. Berth asks for timestamps (it resumes from them), so the CLI is asked for them too.
 */
const BASE = process.env.BENCH_URL ?? 'http://127.0.0.1:3900';
const LINES = Number(process.env.BENCH_LOG_LINES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const IMAGE = process.env.BERTH_TEST_IMAGE ?? 'berth-test/busybox:latest';
const engine = new Docker();

async function makeLoggedContainer(): Promise<string> {
  const [key, value] = BENCH_LABEL.split('=') as [string, string];
  const c = await engine.createContainer({
    Image: IMAGE,
    name: `berth-bench-logs-${Date.now().toString(36)}`,
    Cmd: ['seq', '1', String(LINES)],
    // Not berth.test: test suites remove those, and this one may run beside them.
    Labels: { [key]: value },
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

async function main() {
  const cookie = await login(BASE);
  console.log(`[bench:logs] writing ${LINES} lines…`);
  const id = await makeLoggedContainer();
  try {
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
      `**Berth / docker logs: ${fmtSummary(r, ratio)}** — target ≤ 1.5×: ${met ? 'met' : 'NOT met'}.`,
    ].join('\n');
    writeSection('logs', 'Logs: 1,000,000 lines to a socket.io client', body);
    console.log(body);
  } finally {
    await engine.getContainer(id).remove({ force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
