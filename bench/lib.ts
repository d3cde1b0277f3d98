import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { type ClientToServerEvents, type ServerToClientEvents, SOCKET_PATH } from '@/lib/realtime/contract';

/** Shared pieces of the benchmarks: statistics, a logged-in socket, and the results file. */

export const RESULTS = path.join(import.meta.dirname, 'results.md');
export const ADMIN = { username: 'admin', password: 'bench-horse-battery-7' };
export const BENCH_LABEL = 'berth.bench=1';
/**
 * The labels of everything a benchmark creates. The offline test image carries `berth.test=1`, which every
 * container inherits and test suites remove while we run: `berth.test=bench` overrides it.
 */
export const BENCH_LABELS: Record<string, string> = { 'berth.bench': '1', 'berth.test': 'bench' };

export interface Summary {
  median: number;
  min: number;
  max: number;
  p95: number;
  n: number;
}

export function summarize(values: number[]): Summary {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? Number.NaN;
  const mid = s.length / 2;
  const median = s.length % 2 ? (s[Math.floor(mid)] ?? Number.NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
  return { median, min: s[0] ?? Number.NaN, max: s.at(-1) ?? Number.NaN, p95: at(0.95), n: s.length };
}

export const ms = (v: number) => `${v < 10 ? v.toFixed(2) : v.toFixed(0)} ms`;
export const fmtSummary = (s: Summary, unit: (v: number) => string = ms) =>
  `${unit(s.median)} (min ${unit(s.min)}, max ${unit(s.max)})`;

export async function login(base: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify(ADMIN),
  });
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  if (!cookie) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return cookie;
}

export type BenchSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export async function connect(base: string, cookie: string): Promise<BenchSocket> {
  const socket: BenchSocket = io(base, {
    path: SOCKET_PATH,
    transports: ['websocket'],
    forceNew: true,
    extraHeaders: { cookie, origin: base },
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    // Closed, not left reconnecting: a failed connect is the caller's error, and retries would keep the run alive.
    socket.once('connect_error', (err) => {
      socket.disconnect();
      reject(err);
    });
  });
  return socket;
}

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const gib = Math.round(os.totalmem() / 2 ** 30);
  let engine = '';
  try {
    engine = execFileSync('docker', ['version', '--format', '{{.Server.Version}}'], {
      encoding: 'utf8',
    }).trim();
  } catch {
    engine = 'unknown';
  }
  return `${os.cpus().length} × ${cpu}, ${gib} GiB, Node ${process.version}, Docker Engine ${engine}`;
}

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/**
 * Replaces one benchmark's section of bench/results.md (between its markers), keeping the others, and
 * stamps the section with the machine, date and commit it was measured on.
 */
export function writeSection(name: string, title: string, body: string): void {
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const stamp = `_${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · commit ${commit()} · ${machine()}_`;
  const section = `${start}\n## ${title}\n\n${stamp}\n\n${body.trim()}\n${end}`;
  let text = existsSync(RESULTS)
    ? readFileSync(RESULTS, 'utf8')
    : '# Benchmark results\n\nLatest run of each benchmark (`npm run bench`; see bench/README.md).\n';
  const re = new RegExp(`${start}[\\s\\S]*?${end}`);
  text = re.test(text) ? text.replace(re, section) : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(RESULTS, text);
}

export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Runs `work` over `items` with at most `limit` at a time (the engine serialises much of it anyway). */
export async function pool<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await work(items[i] as T);
      }
    }),
  );
  return out;
}

export const BENCH_IMAGE = process.env.BERTH_TEST_IMAGE ?? 'berth-test/busybox:latest';

/**
 * Creates `n` containers labelled berth.bench=1 (never berth.test=1: test suites remove those while we run);
 * `start` runs them (`sleep` forever) instead of leaving them created. Returns their ids.
 */
export async function createBenchContainers(
  engine: import('dockerode'),
  n: number,
  opts: { prefix: string; start?: boolean },
  /** Each id is pushed as soon as it exists, so a failure half-way still removes what was made. */
  into: string[] = [],
): Promise<string[]> {
  const tag = `${opts.prefix}-${Date.now().toString(36)}`;
  return pool(
    Array.from({ length: n }, (_, i) => i),
    8,
    async (i) => {
      const c = await engine.createContainer({
        Image: BENCH_IMAGE,
        name: `${tag}-${i}`,
        Cmd: opts.start ? ['sleep', '100000'] : ['true'],
        Labels: BENCH_LABELS,
        HostConfig: { NetworkMode: 'none' },
      });
      into.push(c.id);
      if (opts.start) await c.start();
      return c.id;
    },
  );
}

/** Removes what a benchmark created; tolerates containers that are already gone. */
export async function removeContainers(engine: import('dockerode'), ids: string[]): Promise<void> {
  await pool(ids, 8, (id) =>
    engine
      .getContainer(id)
      .remove({ force: true })
      .catch(() => {}),
  );
}

/** Stops the benchmark on Ctrl-C or SIGTERM after `cleanup` has run (a `finally` would not run then). */
export function onInterrupt(cleanup: () => Promise<void>): void {
  const stop = () => void cleanup().finally(() => process.exit(130));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** The pids of one process group (run.sh starts the server in its own). */
export function processGroup(pgid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat && Number(stat[2]) === pgid) pids.push(Number(entry));
  }
  return pids;
}

/** /proc/<pid>/stat fields from the third (state) on: the command name before them may hold spaces. */
function readStat(pid: number): string[] | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** CPU seconds (user + system) used so far by these processes. */
export function cpuSeconds(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    const stat = readStat(pid);
    // Fields 14 and 15 of proc(5): utime and stime.
    if (stat) ticks += Number(stat[11]) + Number(stat[12]);
  }
  return ticks / TICKS_PER_SECOND;
}

/** The Berth server's processes (BENCH_SERVER_PGID from run.sh) and dockerd's pid. */
export function benchPids(): { berth: number[]; dockerd: number | null } {
  const pgid = Number(process.env.BENCH_SERVER_PGID);
  const berth = pgid ? processGroup(pgid) : [];
  let dockerd: number | null = null;
  try {
    dockerd = Number(readFileSync('/tmp/berth-engine/dockerd.pid', 'utf8').trim()) || null;
  } catch {}
  if (!dockerd || !existsSync(`/proc/${dockerd}`)) {
    try {
      dockerd = Number(execFileSync('pgrep', ['-xo', 'dockerd'], { encoding: 'utf8' }).trim()) || null;
    } catch {
      dockerd = null;
    }
  }
  return { berth, dockerd };
}

/**
 * CPU used during `work`, as a percentage of one core, for Berth and dockerd separately. `work` decides the
 * window (usually a sleep while something happens).
 */
export async function measureCpu(work: () => Promise<void>): Promise<{ berth: number; dockerd: number }> {
  const { berth, dockerd } = benchPids();
  if (berth.length === 0) throw new Error('BENCH_SERVER_PGID not set: run through bench/run.sh');
  const d = dockerd ? [dockerd] : [];
  const b0 = cpuSeconds(berth);
  const d0 = cpuSeconds(d);
  const t0 = performance.now();
  await work();
  const wall = (performance.now() - t0) / 1000;
  return {
    berth: ((cpuSeconds(berth) - b0) / wall) * 100,
    dockerd: ((cpuSeconds(d) - d0) / wall) * 100,
  };
}

export const sleep = (msec: number) => new Promise<void>((r) => setTimeout(r, msec));

export interface RealtimeStats {
  engineStreams: { events: number; logs: number; stats: number };
  overview: { active: boolean; viewers: number; statsCalls: number };
  subscriptions: number;
  rss: number;
  memory?: { heapUsed: number; heapTotal: number; external: number };
  containerList?: { hits: number; misses: number };
}

export async function realtimeStats(base: string, cookie: string): Promise<RealtimeStats> {
  const res = await fetch(`${base}/api/system/streams`, { headers: { cookie } });
  if (!res.ok) throw new Error(`/api/system/streams: ${res.status} ${await res.text()}`);
  return (await res.json()) as RealtimeStats;
}

export const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
export const pct = (v: number) => `${v.toFixed(1)} %`;

/** Headless Debian Chromium (as the Playwright specs use it), logged in with the bench admin's cookie. */
export async function browser(base: string, cookie: string) {
  const { chromium } = await import('@playwright/test');
  const b = await chromium.launch({
    executablePath: process.env.BERTH_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
      // performance.memory with real (not bucketed) numbers.
      '--enable-precise-memory-info',
    ],
  });
  const [name, ...rest] = cookie.split('=');
  const context = await b.newContext({ viewport: { width: 1400, height: 900 } });
  await context.addCookies([{ name: name ?? '', value: rest.join('='), url: base }]);
  return { browser: b, context };
}

/** Installed before any page script: collects long tasks (> 50 ms per the spec) into window.__longTasks. */
export const LONG_TASK_OBSERVER = `
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
`;
