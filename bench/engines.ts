import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import Docker from 'dockerode';
import {
  BENCH_LABEL,
  benchPids,
  browser,
  connect,
  createBenchContainers,
  fmtSummary,
  login,
  mb,
  measureCpu,
  ms,
  onInterrupt,
  pct,
  pool,
  realtimeStats,
  type Summary,
  sleep,
  summarize,
  table,
  writeSection,
} from './lib';

/**
 * `engines` (issue 19, "Ten engines on one console"): the namespaced test engines e1..e10
 * (`scripts/test-engines.sh`, /run/berth-engines/engines.json) added to one Berth as environments.
 * - idle: Berth's RSS and CPU (its process group, /proc) with only `local`, then with the ten engines added and
 *   nobody watching, then again after each was listed once and the list's followed events stream had time to
 *   close; per engine the difference, and what Berth holds per engine (events streams, engine connections);
 * - unreachable: `GET /api/environments/{env}/containers?all=1` on e2..e10 (50 created containers each) in
 *   interleaved turns with one more environment reachable, then not answering (a TCP relay of the bench's own in
 *   front of e1 that, in the dead turns, accepts connections and never answers) while a client keeps asking it;
 *   the raw engine's `GET /containers/json?all=1` in the same turns;
 * - switch: the containers page in Chromium, the header's environment switcher changed, the time from the change
 *   to the first row of the new environment in the DOM, beside the raw engine's list of that engine.
 */
const BASE = process.env.BENCH_URL ?? 'http://127.0.0.1:3900';
const BASE_URL = new URL(BASE);
const SUMMARY = '/run/berth-engines/engines.json';
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 20);
const WINDOWS = Number(process.env.BENCH_IDLE_WINDOWS ?? 3);
const SETTLE_SECONDS = Number(process.env.BENCH_ENGINES_SETTLE ?? 15);
const PER_ENGINE = Number(process.env.BENCH_ENGINE_CONTAINERS ?? 50);
const TURNS = Number(process.env.BENCH_ENGINES_TURNS ?? 8);
const REQUESTS = Number(process.env.BENCH_ENGINES_REQUESTS ?? 10);
/** The relay in front of e1 that plays the unreachable engine: a port of the bench's own, next to Berth's. */
const RELAY_PORT = Number(process.env.BENCH_RELAY_PORT ?? Number(BASE_URL.port) + 2);
const PREFIX = 'berth-bench-eng';
const DEAD = 'bench-dead';
/** The live list keeps the engine's events stream this long after its last read (server/docker/live-list.ts). */
const FOLLOW_IDLE_MS = 60_000;

interface EngineSummary {
  name: string;
  tcp: string;
  version: string;
  api: string;
}

interface Engine extends EngineSummary {
  host: string;
  port: number;
  client: Docker;
}

function engines(): Engine[] {
  const list = JSON.parse(readFileSync(SUMMARY, 'utf8')) as EngineSummary[];
  return list.map((e) => {
    const url = new URL(e.tcp.replace(/^tcp:/, 'http:'));
    const port = Number(url.port);
    return {
      ...e,
      host: url.hostname,
      port,
      client: new Docker({ host: url.hostname, port, protocol: 'http' }),
    };
  });
}

/** One GET, its time to the last byte; a fresh connection each, as list-scale.ts times both sides. */
function timeGet(opts: http.RequestOptions, timeoutMs = 30_000): Promise<{ ms: number; status: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get({ ...opts, agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve({ ms: performance.now() - t0, status: res.statusCode ?? 0 }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${opts.path}: no answer in ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

const berthGet = (path: string, cookie: string, timeoutMs?: number) =>
  timeGet({ host: BASE_URL.hostname, port: BASE_URL.port, path, headers: { cookie } }, timeoutMs);

async function berthList(env: string, cookie: string): Promise<number> {
  const r = await berthGet(`/api/environments/${env}/containers?all=1`, cookie);
  if (r.status !== 200) throw new Error(`Berth list of ${env}: ${r.status}`);
  return r.ms;
}

async function rawList(e: Engine): Promise<number> {
  const r = await timeGet({ host: e.host, port: e.port, path: '/containers/json?all=1' });
  if (r.status !== 200) throw new Error(`raw list of ${e.name}: ${r.status}`);
  return r.ms;
}

async function api(method: string, path: string, cookie: string, json?: unknown) {
  const res = await fetch(`${BASE}${path}`, {
    method,
    headers: { cookie, origin: BASE, ...(json ? { 'content-type': 'application/json' } : {}) },
    body: json ? JSON.stringify(json) : undefined,
  });
  const text = await res.text();
  return { status: res.status, text };
}

async function addEnvironment(cookie: string, id: string, address: string): Promise<number> {
  const t0 = performance.now();
  const res = await api('POST', '/api/environments', cookie, { id, name: `${id} (bench)`, address });
  if (res.status !== 201) throw new Error(`adding ${id} at ${address}: ${res.status} ${res.text}`);
  return performance.now() - t0;
}

async function removeEnvironments(cookie: string, ids: string[]): Promise<void> {
  for (const id of ids) await api('DELETE', `/api/environments/${id}`, cookie).catch(() => {});
}

/** RSS of the server's process group (run.sh's BENCH_SERVER_PGID), from /proc. */
function groupRss(): number {
  let kb = 0;
  for (const pid of benchPids().berth) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {}
  }
  return kb * 1024;
}

/** The server's established TCP connections to the test engines (10.213.*) and to the relay, from `ss`. */
function engineConnections(): { engines: number; relay: number } {
  const pids = new Set(benchPids().berth.map(String));
  let out = '';
  try {
    out = execFileSync('ss', ['-tnpH', 'state', 'established'], { encoding: 'utf8' });
  } catch {
    return { engines: Number.NaN, relay: Number.NaN };
  }
  let enginesOpen = 0;
  let relay = 0;
  for (const line of out.split('\n')) {
    const pid = /pid=(\d+)/.exec(line)?.[1];
    if (!pid || !pids.has(pid)) continue;
    const peer = line.trim().split(/\s+/)[3] ?? '';
    if (peer.startsWith('10.213.')) enginesOpen++;
    if (peer === `127.0.0.1:${RELAY_PORT}`) relay++;
  }
  return { engines: enginesOpen, relay };
}

interface IdleState {
  label: string;
  rss: number;
  serverRss: number;
  heap: number;
  cpu: Summary;
  windows: number[];
  events: Record<string, number>;
  connections: { engines: number; relay: number };
  /** Local engine events in each window (other sessions' work). */
  localEvents: number[];
}

/** RSS now and the CPU over WINDOWS windows of IDLE_SECONDS, nobody connected. */
async function idleState(label: string, cookie: string): Promise<IdleState> {
  const windows: number[] = [];
  const rssSamples: number[] = [];
  const localEvents: number[] = [];
  for (let i = 0; i < WINDOWS; i++) {
    const since = Math.floor(Date.now() / 1000);
    const { berth } = await measureCpu(() => sleep(IDLE_SECONDS * 1000));
    windows.push(berth);
    rssSamples.push(groupRss());
    // Other sessions' work on the shared local engine reaches Berth (log history follows its events): counted.
    const events = await localEventCount(since, Math.ceil(Date.now() / 1000));
    localEvents.push(events);
    console.log(
      `[bench:engines] ${label}: window ${i + 1}: Berth ${pct(berth)}, RSS ${mb(rssSamples.at(-1) ?? 0)}, ${events} local engine events`,
    );
  }
  const s = await realtimeStats(BASE, cookie);
  return {
    label,
    rss: summarize(rssSamples).median,
    serverRss: s.rss,
    heap: s.memory?.heapUsed ?? 0,
    cpu: summarize(windows),
    windows,
    events: eventsOf(s),
    connections: engineConnections(),
    localEvents,
  };
}

/** Events the local engine logged between two times (s), from its own API (it keeps its last 256). */
async function localEventCount(since: number, until: number): Promise<number> {
  const res = await timeGetBody(`/events?since=${since}&until=${until}`).catch(() => '');
  return res.split('\n').filter((l) => l.trim()).length;
}

function timeGetBody(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get({ socketPath: '/var/run/docker.sock', path, agent: false }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve(text));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

/** Which engines' events streams the server holds, with their listeners (lib's type predates the field). */
const eventsOf = (s: { engineStreams: object }): Record<string, number> =>
  (s.engineStreams as { eventsByEnvironment?: Record<string, number> }).eventsByEnvironment ?? {};

const listEvents = (events: Record<string, number>) =>
  Object.entries(events)
    .map(([env, n]) => `${env} × ${n}`)
    .join(', ') || 'none';

/**
 * A TCP relay to an engine that can stop answering: `forward` pipes to the engine, `silent` accepts connections
 * and never answers (what a hung engine or a half-dead network path looks like to Berth; a connect that is
 * never answered ends the same way, by Berth's deadline).
 */
function relay(target: { host: string; port: number }) {
  let mode: 'forward' | 'silent' = 'forward';
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    if (mode === 'silent') return; // read nothing, answer nothing
    const upstream = net.connect(target.port, target.host);
    open.add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    upstream.on('close', () => open.delete(upstream));
    upstream.on('error', end).on('close', end);
    client.on('close', end);
    client.pipe(upstream).pipe(client);
  });
  return {
    listen: () => new Promise<void>((resolve) => server.listen(RELAY_PORT, '127.0.0.1', resolve)),
    /** Switching cuts what is open: Berth's kept connections (and events stream) to it go too. */
    set(next: 'forward' | 'silent') {
      mode = next;
      for (const s of open) s.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * A tab left on the dead environment, as the console behaves: its socket follows the environment's events
 * (EngineEventsBridge), its list is asked again 5 s after each answer (the page's fallback poll), and the
 * environments page's status every 30 s after each answer (useEnvironmentStatuses). Sequential, as react-query
 * does not start a query again while it is in flight.
 */
async function watcherOf(env: string, cookie: string, state: () => string) {
  const outcomes = new Map<string, number[]>();
  let stopped = false;
  const record = (key: string, v: number): void => {
    outcomes.set(key, [...(outcomes.get(key) ?? []), v]);
  };
  const socket = await connect(BASE, cookie);
  socket.emit('events:subscribe', { env }, (res) =>
    record(`forward\u0000events:subscribe ${res.ok ? 'ok' : 'error'}`, Number.NaN),
  );
  const wakers = new Set<() => void>();
  const pause = (msec: number) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, msec);
      wakers.add(wake);
    });
  const loop = (path: string, what: string, every: number) =>
    (async () => {
      while (!stopped) {
        const at = state();
        await berthGet(path, cookie, 40_000)
          .then((r) => record(`${at}\u0000${what} ${r.status}`, r.ms))
          .catch(() => record(`${at}\u0000${what} no answer`, Number.NaN));
        if (!stopped) await pause(every);
      }
    })();
  const loops = [
    loop(`/api/environments/${env}/containers?all=1`, 'list', 5000),
    loop('/api/environments/status', 'status', 30_000),
  ];
  return {
    take() {
      const copy = new Map(outcomes);
      outcomes.clear();
      return copy;
    },
    async stop() {
      stopped = true;
      for (const wake of [...wakers]) wake();
      socket.disconnect();
      await Promise.all(loops);
    },
  };
}

const describeOutcomes = (m: Map<string, number[]>) =>
  [...m]
    .sort()
    .map(([k, v]) => {
      const times = v.filter((x) => Number.isFinite(x));
      return `${k} × ${v.length}${times.length ? ` (median ${ms(summarize(times).median)})` : ''}`;
    })
    .join(', ') || 'none';

/** Installed in the page: when the switcher changes, and when the first row of the new list is in the DOM. */
const SWITCH_PROBE = `(() => {
  window.__switch = { t0: null, at: null, names: new Set() };
  document.addEventListener('change', (e) => {
    if (e.target && e.target.getAttribute && e.target.getAttribute('data-testid') === 'environment-switcher')
      window.__switch.t0 = performance.now();
  }, true);
  const check = () => {
    const s = window.__switch;
    if (s.t0 === null || s.at !== null) return;
    const row = document.querySelector('[data-testid="container-row"]');
    if (row && s.names.has(row.getAttribute('data-name'))) s.at = performance.now();
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-name'] });
})()`;

declare global {
  interface Window {
    __switch: { t0: number | null; at: number | null; names: Set<string> };
  }
}

async function namesOn(e: Engine): Promise<string[]> {
  const list = await e.client.listContainers({ all: true });
  return list.map((c) => (c.Names?.[0] ?? '').replace(/^\//, ''));
}

/** Removes the containers this benchmark made (its label and name prefix) on every engine. */
async function removeOurs(all: Engine[]): Promise<void> {
  await Promise.all(
    all.map(async (e) => {
      const left = await e.client
        .listContainers({ all: true, filters: JSON.stringify({ label: [BENCH_LABEL] }) })
        .catch(() => []);
      const ours = left.filter((c) => c.Names?.[0]?.startsWith(`/${PREFIX}-`));
      await pool(ours, 8, (c) =>
        e.client
          .getContainer(c.Id)
          .remove({ force: true })
          .catch(() => {}),
      );
    }),
  );
}

async function main(): Promise<void> {
  const all = engines();
  const byName = new Map(all.map((e) => [e.name, e]));
  const measured = all.filter((e) => e.name !== 'e1');
  const e1 = byName.get('e1');
  if (!e1 || measured.length === 0) throw new Error(`${SUMMARY} lists no e1 and others`);
  const cookie = await login(BASE);
  const added: string[] = [];
  const gate = relay(e1);
  let relayListening = false;
  const cleanup = async () => {
    await removeEnvironments(cookie, added.splice(0));
    if (relayListening) await gate.close();
    relayListening = false;
    await removeOurs(all);
  };
  onInterrupt(cleanup);
  await removeOurs(all);
  try {
    // --- idle: local only, then ten engines nobody watches, then after each was listed once.
    await sleep(SETTLE_SECONDS * 1000);
    const before = await idleState('local only', cookie);
    const addTimes: number[] = [];
    for (const e of all) {
      addTimes.push(await addEnvironment(cookie, e.name, e.tcp));
      added.push(e.name);
    }
    console.log(
      `[bench:engines] added ${all.length} environments (${addTimes.map((t) => t.toFixed(0)).join(', ')} ms)`,
    );
    await sleep(SETTLE_SECONDS * 1000);
    const addedIdle = await idleState(`${all.length} engines added, none looked at`, cookie);
    // Each listed once, as a viewer passing by would: the live list follows its events stream for a minute.
    for (const e of all) await berthList(e.name, cookie);
    const justListed = await realtimeStats(BASE, cookie);
    const justListedEvents = eventsOf(justListed);
    const justListedConnections = engineConnections();
    console.log(
      `[bench:engines] right after one list each: events streams ${listEvents(justListedEvents)}; engine connections ${justListedConnections.engines}`,
    );
    await sleep(FOLLOW_IDLE_MS + SETTLE_SECONDS * 1000);
    const listedIdle = await idleState(
      `${all.length} engines, each listed once ${FOLLOW_IDLE_MS / 1000 + SETTLE_SECONDS} s before`,
      cookie,
    );

    // --- containers on each engine, then one more environment that stops answering.
    console.log(`[bench:engines] creating ${PER_ENGINE} containers on each of ${all.length} engines…`);
    const c0 = performance.now();
    await Promise.all(
      all.map((e) => createBenchContainers(e.client, PER_ENGINE, { prefix: `${PREFIX}-${e.name}` })),
    );
    console.log(`[bench:engines] created in ${((performance.now() - c0) / 1000).toFixed(0)} s`);
    await gate.listen();
    relayListening = true;
    await addEnvironment(cookie, DEAD, `tcp://127.0.0.1:${RELAY_PORT}`);
    added.push(DEAD);
    // Warm-ups: each engine's first list after the creates, through Berth and raw.
    for (const e of measured) {
      await rawList(e);
      await berthList(e.name, cookie);
    }
    let mode: 'forward' | 'silent' = 'forward';
    let deadStreams: Awaited<ReturnType<typeof realtimeStats>> | null = null;
    const watcher = await watcherOf(DEAD, cookie, () => mode);
    const samples = {
      forward: { berth: [] as number[], raw: [] as number[], watched: new Map<string, number[]>() },
      silent: { berth: [] as number[], raw: [] as number[], watched: new Map<string, number[]>() },
    };
    try {
      for (let t = 0; t < TURNS; t++) {
        mode = t % 2 ? 'silent' : 'forward';
        gate.set(mode);
        // The watcher's requests of the new state are under way before the lists are timed.
        await sleep(3000);
        const into = samples[mode];
        for (let r = 0; r < REQUESTS; r++)
          for (const e of measured) {
            // Alternating which goes first, so neither always meets the other's warm engine.
            if ((r + t) % 2) {
              into.raw.push(await rawList(e));
              into.berth.push(await berthList(e.name, cookie));
            } else {
              into.berth.push(await berthList(e.name, cookie));
              into.raw.push(await rawList(e));
            }
          }
        console.log(
          `[bench:engines] turn ${t + 1} (${mode === 'forward' ? 'reachable' : 'unreachable'}): Berth p50 ${ms(summarize(into.berth).median)}, raw p50 ${ms(summarize(into.raw).median)}`,
        );
      }
      deadStreams = await realtimeStats(BASE, cookie);
    } finally {
      gate.set('forward');
      await watcher.stop();
    }
    for (const [key, v] of watcher.take()) {
      const [at, what] = key.split('\u0000') as ['forward' | 'silent', string];
      samples[at].watched.set(what, [...(samples[at].watched.get(what) ?? []), ...v]);
    }
    await removeEnvironments(cookie, [DEAD]);
    added.splice(added.indexOf(DEAD), 1);
    await gate.close();
    relayListening = false;

    // --- switching environments in the console.
    const switches: {
      from: string;
      to: string;
      ms: number;
      raw: number;
      round: number;
      listAt: number;
      serverWait: number;
      lists: number;
      rsc: number;
    }[] = [];
    const { browser: b, context } = await browser(BASE, cookie);
    try {
      const page = await context.newPage();
      const first = measured[0] as Engine;
      await page.goto(`${BASE}/containers?env=${first.name}`);
      await page.getByTestId('container-row').first().waitFor();
      await page.evaluate(SWITCH_PROBE);
      // Round 1: each environment the first time in this tab; round 2: again (the tab has seen its list).
      const order = [...measured.slice(1), first];
      let from = first;
      for (let round = 1; round <= 2; round++)
        for (const to of order) {
          if (to === from) continue;
          const raw = await rawList(to);
          const fresh = new Set(await namesOn(to));
          for (const n of await namesOn(from)) fresh.delete(n);
          await page.evaluate(
            `window.__switch.t0 = null; window.__switch.at = null; window.__switch.names = new Set(${JSON.stringify([...fresh])});`,
          );
          // What the switch asks of the server: when the list request leaves, how long the server takes to
          // start answering it, and what else is requested meanwhile (the route's RSC payload, prefetches).
          const t0 = performance.now();
          const requests: { url: URL; at: number; req: import('@playwright/test').Request }[] = [];
          const onRequest = (req: import('@playwright/test').Request) =>
            requests.push({ url: new URL(req.url()), at: performance.now() - t0, req });
          page.on('request', onRequest);
          await page.getByTestId('environment-switcher').selectOption(to.name);
          // A function, not a string: the page's CSP refuses eval, which a string predicate needs.
          await page.waitForFunction(() => window.__switch.at !== null, undefined, { timeout: 30_000 });
          const took = (await page.evaluate('window.__switch.at - window.__switch.t0')) as number;
          await sleep(500);
          page.off('request', onRequest);
          const lists = requests.filter(
            (r) => r.url.pathname === `/api/environments/${to.name}/containers/page`,
          );
          const timing = lists[0]?.req.timing();
          const serverWait =
            timing && timing.responseStart > 0 ? timing.responseStart - timing.requestStart : Number.NaN;
          // The first environment was loaded before the switches: going back to it is a second visit.
          const visit = round === 1 && to !== first ? 1 : 2;
          switches.push({
            from: from.name,
            to: to.name,
            ms: took,
            raw,
            round: visit,
            listAt: lists[0]?.at ?? Number.NaN,
            serverWait,
            lists: lists.length,
            rsc: requests.filter((r) => r.url.searchParams.has('_rsc')).length,
          });
          console.log(
            `[bench:engines] switch ${from.name} → ${to.name} (round ${round}): ${ms(took)}, raw list ${ms(raw)}; list request at ${ms(lists[0]?.at ?? Number.NaN)}, server wait ${ms(serverWait)}, ${lists.length} list and ${switches.at(-1)?.rsc} RSC requests`,
          );
          from = to;
        }
    } finally {
      await b.close();
    }

    // --- the section.
    const n = all.length;
    const perEngine = (a: IdleState, z: IdleState) => ({
      rss: (z.rss - a.rss) / n,
      cpu: (z.cpu.median - a.cpu.median) / n,
    });
    const dAdded = perEngine(before, addedIdle);
    const dListed = perEngine(before, listedIdle);
    const met = (ok: boolean) => (ok ? 'met' : '**missed**');
    const fwd = summarize(samples.forward.berth);
    const dead = summarize(samples.silent.berth);
    const fwdRaw = summarize(samples.forward.raw);
    const deadRaw = summarize(samples.silent.raw);
    const change = (dead.median / fwd.median - 1) * 100;
    const rawChange = (deadRaw.median / fwdRaw.median - 1) * 100;
    const cold = summarize(switches.filter((s) => s.round === 1).map((s) => s.ms));
    const warm = summarize(switches.filter((s) => s.round === 2).map((s) => s.ms));
    const switchRaw = summarize(switches.map((s) => s.raw));
    const part = (round: number, key: 'listAt' | 'serverWait' | 'lists' | 'rsc') =>
      summarize(switches.filter((s) => s.round === round && Number.isFinite(s[key])).map((s) => s[key]))
        .median;
    const signed = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(1)} %`;
    const idleRow = (s: IdleState) => [
      s.label,
      `${mb(s.rss)} (server's own ${mb(s.serverRss)}, V8 heap used ${mb(s.heap)})`,
      `${fmtSummary(s.cpu, pct)}; local engine events per window: ${s.localEvents.join(', ')}`,
      `events streams: ${listEvents(s.events)}; engine connections: ${s.connections.engines}`,
    ];
    const body = [
      `The ten namespaced engines of \`scripts/test-engines.sh\` (${all
        .map((e) => `${e.name} ${e.version.replace(/\+.*/, '')}`)
        .slice(0, 2)
        .join(
          ', ',
        )}, … API ${[...new Set(all.map((e) => e.api))].join('/')}) added over plain TCP to Berth's own server of run.sh. Busy shared 2-core machine, one run: the lead reruns on a quiet one.`,
      '',
      `### Idle engines (nobody connected; ${WINDOWS} windows of ${IDLE_SECONDS} s each, median (min, max))`,
      '',
      table(
        ['state', 'RSS (process group, median of windows)', 'Berth CPU, % of one core', 'what Berth holds'],
        [idleRow(before), idleRow(addedIdle), idleRow(listedIdle)],
      ),
      '',
      table(
        ['measure', 'per engine', 'target'],
        [
          [
            `RSS, ${n} engines added (none looked at) − local only, / ${n}`,
            mb(dAdded.rss),
            `< 5 MB: ${met(dAdded.rss < 5 * 2 ** 20)}`,
          ],
          [`CPU, the same`, `${dAdded.cpu.toFixed(3)} %`, `< 0.2 %: ${met(dAdded.cpu < 0.2)}`],
          [
            `RSS, each listed once and left ${FOLLOW_IDLE_MS / 1000 + SETTLE_SECONDS} s − local only, / ${n}`,
            mb(dListed.rss),
            `< 5 MB: ${met(dListed.rss < 5 * 2 ** 20)}`,
          ],
          [`CPU, the same`, `${dListed.cpu.toFixed(3)} %`, `< 0.2 %: ${met(dListed.cpu < 0.2)}`],
        ],
      ),
      '',
      `Adding an environment (its connection check included): ${fmtSummary(summarize(addTimes))}. Right after one \`GET /api/environments/{env}/containers?all=1\` each, Berth held events streams ${listEvents(justListedEvents)} and ${justListedConnections.engines} engine connections: the live list follows an engine's events stream while it is read and closes it ${FOLLOW_IDLE_MS / 1000} s after the last read (server/docker/live-list.ts); idle connections of Node's keep-alive agent close after 5 s. Nothing else runs per environment unless asked: no poller or health check (the environments page's status is read on request), the stats-history collector reads \`local\` only, the alerts watcher and log history follow only the environments their rules cover.`,
      '',
      `### One unreachable engine (${TURNS} interleaved turns; per turn ${REQUESTS} requests on each of ${measured.map((e) => e.name).join(', ')}, ${PER_ENGINE} created containers each)`,
      '',
      `One more environment, \`${DEAD}\`, is e1 behind a TCP relay of the bench's own: reachable in half the turns, in the others it accepts connections and never answers. Meanwhile a tab is left on it, as the console behaves: a socket.io client follows its events (\`events:subscribe\`), its container list is asked again 5 s after each answer, and \`GET /api/environments/status\` 30 s after each answer (the environments page); what they got is counted by the state of the turn they started in.`,
      '',
      table(
        [
          'turns',
          'Berth `GET /api/environments/{env}/containers?all=1` p50 (p95)',
          'raw Engine `GET /containers/json?all=1` p50 (p95)',
          `what the client asking ${DEAD} got`,
        ],
        [
          [
            `${DEAD} reachable`,
            `${ms(fwd.median)} (${ms(fwd.p95)}), n = ${fwd.n}`,
            `${ms(fwdRaw.median)} (${ms(fwdRaw.p95)})`,
            describeOutcomes(samples.forward.watched),
          ],
          [
            `${DEAD} not answering`,
            `${ms(dead.median)} (${ms(dead.p95)}), n = ${dead.n}`,
            `${ms(deadRaw.median)} (${ms(deadRaw.p95)})`,
            describeOutcomes(samples.silent.watched),
          ],
          [
            'Berth ÷ raw, p50 (reachable → not answering)',
            `${(fwd.median / fwdRaw.median).toFixed(2)} → ${(dead.median / deadRaw.median).toFixed(2)}`,
            'the ratio corrects for the drift of the shared engines between turns',
            '',
          ],
          [
            'change of the p50',
            `${signed(change)}: < 5 % slower: ${met(change < 5)}`,
            `${signed(rawChange)} (the machine's own drift between the turns)`,
            '',
          ],
        ],
      ),
      '',
      `Events streams open at the end of the turns: ${listEvents(deadStreams ? eventsOf(deadStreams) : {})}.`,
      '',
      `### Switching environment on the containers page (headless Chromium, the header's switcher)`,
      '',
      table(
        ['measure', 'Berth', 'reference (same turns)', 'target'],
        [
          [
            'switcher changed → first row of the new environment in the DOM, first visit in the tab',
            `${fmtSummary(cold)}, n = ${cold.n}`,
            `raw Engine list of that engine: ${fmtSummary(switchRaw)}`,
            `< 500 ms: ${met(cold.median < 500)}`,
          ],
          [
            '… again (the tab has seen that list before)',
            `${fmtSummary(warm)}, n = ${warm.n}`,
            '',
            `< 500 ms: ${met(warm.median < 500)}`,
          ],
          [
            '… of which, first visit / again: the list request (`/api/environments/{env}/containers/page`) leaves the page after, median',
            `${ms(part(1, 'listAt'))} / ${ms(part(2, 'listAt'))}`,
            'before it: the navigation to `/containers?env=…` (its RSC payload) and the render of the new route',
            '',
          ],
          [
            '… the server\u2019s wait before answering it (Chromium request timing), median',
            `${ms(part(1, 'serverWait'))} / ${ms(part(2, 'serverWait'))}`,
            `the same list alone, warm, raw engine: ${ms(switchRaw.median)}; meanwhile the page also asked ${part(1, 'rsc')} / ${part(2, 'rsc')} RSC payloads (the route and the nav links' prefetches with the new \`?env=\`) and the list ${part(1, 'lists')} / ${part(2, 'lists')} times`,
            '',
          ],
        ],
      ),
      '',
      'The switch is a client navigation to `/containers?env=…` (the switcher pushes the same page with the new `?env=`): on the first visit in the tab the route\u2019s RSC payload goes out together with a prefetch for every nav link (their hrefs carry the new `?env=`), the list request leaves only once the new route renders, and the server answers it late while it renders those payloads; a second visit finds the prefetches cached and the list in react-query\u2019s cache (rows at once, then a refetch). The raw engine\u2019s list is the reference for what the engine itself costs.',
    ].join('\n');
    writeSection('engines', `Ten engines on one console (${n} environments)`, body);
    console.log(body);
  } finally {
    await cleanup();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
