import Docker from 'dockerode';
import {
  BENCH_IMAGE,
  BENCH_LABELS,
  type BenchSocket,
  connect,
  login,
  mb,
  ms,
  onInterrupt,
  realtimeStats,
  removeContainers,
  sleep,
  summarize,
  table,
  writeSection,
} from './lib';

/**
 * Soak (issue 18): for BENCH_SOAK_SECONDS (600 by default), on loopback only,
 * - 200 API clients, each a loop of list and health requests with a short pause,
 * - 50 log followers of a container that prints 20 lines a second,
 * - 20 terminals, each echoing a line every 2 s,
 * spread over 10 operator accounts (per-user limits stay in force); then everyone leaves and the server settles.
 * Reported: requests, errors, latency p50/p95/p99, lines and echoes received, RSS before, at peak, and after.
 * Every request loop is bounded in time and stops by itself.
 */
const BASE = process.env.BENCH_URL ?? 'http://127.0.0.1:3900';
const SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 600);
const API_CLIENTS = Number(process.env.BENCH_SOAK_API ?? 200);
const FOLLOWERS = Number(process.env.BENCH_SOAK_FOLLOWERS ?? 50);
const TERMINALS = Number(process.env.BENCH_SOAK_TERMINALS ?? 20);
const USERS = 10;
const SETTLE_MS = 30_000;
const ROUTES = [
  '/api/containers',
  '/api/images',
  '/api/volumes',
  '/api/networks',
  '/api/health',
  '/api/engine',
];
const engine = new Docker();

interface Tally {
  requests: number;
  errors: Map<string, number>;
  latencies: number[];
  lines: number;
  logEnds: number;
  echoes: number[];
  echoMisses: number;
}

function error(t: Tally, what: string) {
  t.errors.set(what, (t.errors.get(what) ?? 0) + 1);
}

async function adminCall(cookie: string, path: string, json: unknown): Promise<Response> {
  return fetch(`${BASE}${path}`, {
    method: 'POST',
    headers: { cookie, origin: BASE, 'content-type': 'application/json' },
    body: JSON.stringify(json),
  });
}

async function userCookies(admin: string): Promise<string[]> {
  const cookies: string[] = [];
  for (let i = 0; i < USERS; i++) {
    const username = `soak-${i}`;
    const password = `soak-operator-pw-${i}-2026`;
    const made = await adminCall(admin, '/api/users', { username, password, role: 'operator' });
    if (made.status !== 201 && made.status !== 409) throw new Error(`user ${username}: ${made.status}`);
    const res = await fetch(`${BASE}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: BASE },
      body: JSON.stringify({ username, password }),
    });
    const cookie = res.headers.get('set-cookie')?.split(';')[0];
    if (!cookie) throw new Error(`login ${username}: ${res.status}`);
    cookies.push(cookie);
  }
  return cookies;
}

async function apiClient(cookie: string, until: number, t: Tally, seed: number): Promise<void> {
  let i = seed;
  while (Date.now() < until) {
    const route = ROUTES[i++ % ROUTES.length] ?? '/api/health';
    const t0 = performance.now();
    try {
      const res = await fetch(`${BASE}${route}`, {
        headers: { cookie },
        signal: AbortSignal.timeout(30_000),
      });
      await res.arrayBuffer();
      t.latencies.push(performance.now() - t0);
      t.requests++;
      if (res.status >= 400) error(t, `${route} ${res.status}`);
    } catch (err) {
      error(t, `${route} ${(err as Error).name}`);
    }
    await sleep(100 + (i % 7) * 20);
  }
}

/** A follower; one that cannot connect or subscribe is counted as an error (the soak goes on without it). */
async function follower(cookie: string, containerId: string, t: Tally): Promise<BenchSocket | null> {
  try {
    return await subscribedFollower(cookie, containerId, t);
  } catch (err) {
    error(t, `follower ${(err as Error).message}`);
    return null;
  }
}

async function subscribedFollower(cookie: string, containerId: string, t: Tally): Promise<BenchSocket> {
  const socket = await connect(BASE, cookie);
  socket.on('logs:lines', ({ lines }) => {
    t.lines += lines.length;
  });
  socket.on('logs:end', () => {
    t.logEnds++;
  });
  const ack = await socket.emitWithAck('logs:subscribe', { containerId, tail: 10 });
  if (!ack.ok) throw new Error(`logs:subscribe: ${ack.error}`);
  return socket;
}

/** A terminal; one that cannot connect or start is counted as an error (the soak goes on without it). */
async function terminal(cookie: string, containerId: string, until: number, t: Tally): Promise<void> {
  await echoingTerminal(cookie, containerId, until, t).catch((err: Error) =>
    error(t, `terminal ${err.message}`),
  );
}

async function echoingTerminal(cookie: string, containerId: string, until: number, t: Tally): Promise<void> {
  const socket = await connect(BASE, cookie);
  let output = '';
  socket.on('exec:output', ({ data }) => {
    output = (output + data).slice(-4096);
  });
  const ack = await socket.emitWithAck('exec:start', { containerId, command: ['sh'] });
  if (!ack.ok) throw new Error(`exec:start: ${ack.error}`);
  let n = 0;
  while (Date.now() < until) {
    const mark = `soak-${Math.random().toString(36).slice(2, 8)}-${n++}`;
    const t0 = performance.now();
    socket.emit('exec:input', { id: ack.id, data: `echo ${mark}\n` });
    const deadline = Date.now() + 5_000;
    while (!output.includes(`${mark}\r\n`) && !output.includes(`${mark}\n`) && Date.now() < deadline)
      await sleep(10);
    if (Date.now() >= deadline) t.echoMisses++;
    else t.echoes.push(performance.now() - t0);
    await sleep(2_000);
  }
  socket.emit('exec:close', { id: ack.id });
  socket.disconnect();
}

async function main() {
  const admin = await login(BASE);
  const made: string[] = [];
  const cleanup = () => removeContainers(engine, made);
  onInterrupt(cleanup);
  try {
    const talker = await engine.createContainer({
      Image: BENCH_IMAGE,
      name: `soak-talker-${Date.now().toString(36)}`,
      Cmd: ['sh', '-c', 'i=0; while true; do echo "soak line $i"; i=$((i+1)); sleep 0.05; done'],
      Labels: BENCH_LABELS,
      HostConfig: { NetworkMode: 'none' },
    });
    made.push(talker.id);
    await talker.start();
    const shell = await engine.createContainer({
      Image: BENCH_IMAGE,
      name: `soak-shell-${Date.now().toString(36)}`,
      Cmd: ['sleep', '100000'],
      Labels: BENCH_LABELS,
      HostConfig: { NetworkMode: 'none' },
    });
    made.push(shell.id);
    await shell.start();

    const cookies = await userCookies(admin);
    const cookieOf = (i: number) => cookies[i % cookies.length] ?? admin;
    await sleep(5_000);
    const before = await realtimeStats(BASE, admin);
    const t: Tally = {
      requests: 0,
      errors: new Map(),
      latencies: [],
      lines: 0,
      logEnds: 0,
      echoes: [],
      echoMisses: 0,
    };
    const until = Date.now() + SECONDS * 1000;
    const followers = await Promise.all(
      Array.from({ length: FOLLOWERS }, (_, i) => follower(cookieOf(i), talker.id, t)),
    );
    let peak = before.rss;
    const sampler = setInterval(() => {
      realtimeStats(BASE, admin)
        .then((s) => {
          peak = Math.max(peak, s.rss);
        })
        .catch(() => error(t, 'streams sample'));
    }, 5_000);
    await Promise.all([
      ...Array.from({ length: API_CLIENTS }, (_, i) => apiClient(cookieOf(i), until, t, i)),
      ...Array.from({ length: TERMINALS }, (_, i) => terminal(cookieOf(i), shell.id, until, t)),
    ]);
    clearInterval(sampler);
    for (const s of followers) s?.disconnect();
    await sleep(SETTLE_MS);
    const after = await realtimeStats(BASE, admin);
    // BENCH_SOAK_GC=1 (with NODE_OPTIONS=--heapsnapshot-signal=SIGUSR2 for the server): a heap snapshot forces a
    // full GC first, which tells uncollected garbage from what is really kept.
    let collected: typeof after | null = null;
    const pgid = Number(process.env.BENCH_SERVER_PGID);
    if (process.env.BENCH_SOAK_GC === '1' && pgid) {
      process.kill(pgid, 'SIGUSR2');
      await sleep(20_000);
      collected = await realtimeStats(BASE, admin);
    }

    const lat = summarize(t.latencies);
    const sorted = [...t.latencies].sort((a, b) => a - b);
    const p = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
    const echo = [...t.echoes].sort((a, b) => a - b);
    const e99 = echo[Math.min(echo.length - 1, Math.floor(0.99 * echo.length))] ?? 0;
    const errors = [...t.errors.entries()].map(([k, v]) => `${k} ×${v}`).join(', ') || 'none';
    const growth = ((after.rss - before.rss) / before.rss) * 100;
    writeSection(
      'soak',
      'Soak: API clients, log followers and terminals together',
      `${API_CLIENTS} API clients, ${FOLLOWERS} log followers (20 lines/s container), ${TERMINALS} terminals over ${USERS} operator accounts for ${SECONDS} s on loopback (\`bash bench/run.sh soak\`; BENCH_SOAK_SECONDS for another length).

${table(
  ['what', 'result', 'target'],
  [
    [
      'API requests',
      `${t.requests} (median ${ms(lat.median)}, p95 ${ms(p(0.95))}, p99 ${ms(p(0.99))})`,
      'p99 bounded',
    ],
    ['errors', errors, '0'],
    [
      'log lines received',
      `${t.lines} (${(t.lines / FOLLOWERS / SECONDS).toFixed(1)} per follower per s; ${t.logEnds} ends)`,
      'about 20/s each, 0 ends',
    ],
    ['terminal echoes', `${t.echoes.length} (p99 ${ms(e99)}), ${t.echoMisses} missed`, '0 missed'],
    [
      'RSS before / peak / after settling',
      `${mb(before.rss)} / ${mb(peak)} / ${mb(after.rss)} (${growth >= 0 ? '+' : ''}${growth.toFixed(1)} %)`,
      'after within 20 % of before',
    ],
    [
      'V8 heap used (committed) before / after',
      `${mb(before.memory?.heapUsed ?? 0)} (${mb(before.memory?.heapTotal ?? 0)}) / ${mb(after.memory?.heapUsed ?? 0)} (${mb(after.memory?.heapTotal ?? 0)})${collected ? ` (after a full GC: ${mb(collected.memory?.heapUsed ?? 0)}, RSS ${mb(collected.rss)})` : ''}`,
      '—',
    ],
    [
      'outside the V8 heap (RSS − committed heap) before / after',
      `${mb(before.rss - (before.memory?.heapTotal ?? 0))} / ${mb(after.rss - (after.memory?.heapTotal ?? 0))}`,
      '—',
    ],
    ['subscriptions left', String(after.subscriptions - before.subscriptions), '0'],
  ],
)}`,
    );
    console.log(
      `soak: ${t.requests} requests, errors: ${errors}, p99 ${ms(p(0.99))}, RSS ${mb(before.rss)} -> ${mb(after.rss)}`,
    );
    if (t.errors.size > 0 || t.echoMisses > 0 || growth > 20) process.exitCode = 1;
  } finally {
    await cleanup();
  }
}

await main();
