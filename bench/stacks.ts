import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { locateCompose } from '@/server/compose/binary';
import {
  BENCH_IMAGE,
  type BenchSocket,
  connect,
  fmtSummary,
  login,
  ms,
  onInterrupt,
  sleep,
  summarize,
  table,
  writeSection,
} from './lib';

/**
 * `stacks` (issue 19): Compose through Berth against the Compose CLI, in the same run.
 * - Deploy: `up -d` of a 10-service stack. Interleaved turns: `docker compose -p … -f file up -d` (spawn →
 *   exit), and Berth as its New stack page does it: `POST /api/stacks` (`deploy: false`) then the socket's
 *   `stack:run` `up` until its `stack:end` (and, for reference, the HTTP-only `POST /api/stacks` with
 *   `deploy: true`). Each is removed again between turns (`down -v`; Berth's `DELETE /api/stacks/{name}`).
 * - Output latency: a second Berth server of ours runs Compose through a shim (`BERTH_COMPOSE`) that stamps
 *   each line as it forwards it; a socket.io client stamps each `stack:output` line as it arrives. The
 *   reference: the same shim's lines read straight from its pipe by this process.
 */
const BASE = process.env.BENCH_URL ?? 'http://127.0.0.1:3900';
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SERVICES = Number(process.env.BENCH_STACK_SERVICES ?? 10);
const ADMIN_PASSWORD = 'bench-horse-battery-7';
const engine = new Docker();
const tag = Date.now().toString(36);
const work = mkdtempSync(path.join(os.tmpdir(), 'berth-bench-stacks-'));

/** The stack: SERVICES sleeping busyboxes on one network, two of them with a volume each. */
function composeFile(): string {
  const labels = '      berth.bench: "1"\n      berth.test: bench\n';
  const services = Array.from({ length: SERVICES }, (_, i) => {
    const volume = i < 2 ? `    volumes:\n      - data${i}:/data\n` : '';
    return `  s${i}:\n    image: ${BENCH_IMAGE}\n    command: sleep 3600\n    networks: [bench]\n${volume}    labels:\n${labels}`;
  }).join('');
  const volumes = [0, 1].map((i) => `  data${i}:\n    labels:\n${labels}`).join('');
  return `services:\n${services}networks:\n  bench:\n    labels:\n${labels}volumes:\n${volumes}`;
}
const COMPOSE = composeFile();
const COMPOSE_PATH = path.join(work, 'compose.yaml');
writeFileSync(COMPOSE_PATH, COMPOSE);

const now = () => performance.timeOrigin + performance.now();

function runCli(args: string[], onLine?: (line: string, at: number) => void): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const p = spawn(args[0] ?? 'docker', args.slice(1), { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const split = lineSplitter((line) => {
      tail = line;
      onLine?.(line, now());
    });
    p.stdout.setEncoding('utf8').on('data', split.stdout);
    p.stderr.setEncoding('utf8').on('data', split.stderr);
    p.on('error', reject);
    p.on('close', (code) => {
      split.end();
      if (code !== 0) return reject(new Error(`${args.join(' ')} exited ${code}: ${tail}`));
      resolve(performance.now() - t0);
    });
  });
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes are control characters by definition.
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b[@-_]/g;
/** The lines as Berth keeps them (server/compose/runner.ts cleanLine): no escapes, no trailing blanks, none empty. */
const clean = (line: string) => line.replace(ANSI, '').replace(/\s+$/, '');

/** Lines of stdout and stderr, each stream split on `\n`, `\r\n` or `\r` like Berth's runner. */
function lineSplitter(onLine: (line: string) => void) {
  const rest = { out: '', err: '' };
  const push = (key: 'out' | 'err', chunk: string) => {
    const parts = (rest[key] + chunk).split(/\r\n|\n|\r/);
    rest[key] = parts.pop() ?? '';
    for (const p of parts) if (clean(p)) onLine(clean(p));
  };
  return {
    stdout: (c: string) => push('out', c),
    stderr: (c: string) => push('err', c),
    end: () => {
      for (const key of ['out', 'err'] as const) if (clean(rest[key])) onLine(clean(rest[key]));
    },
  };
}

async function api(base: string, cookie: string, method: string, url: string, body?: unknown) {
  const res = await fetch(`${base}${url}`, {
    method,
    headers: { cookie, origin: base, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${text}`);
  return JSON.parse(text) as unknown;
}

interface RunOutput {
  lines: { text: string; at: number }[];
  total: number;
}

/** `stack:run` and its output until `stack:end`; lines are stamped as they arrive. */
async function socketRun(socket: BenchSocket, name: string, action: 'up'): Promise<RunOutput> {
  const byId = new Map<string, { text: string; at: number }[]>();
  const t0 = performance.now();
  let id: string | null = null;
  const ended = new Promise<void>((resolve, reject) => {
    socket.on('stack:output', (e) => {
      const at = now();
      const list = byId.get(e.id) ?? [];
      for (const text of e.lines) list.push({ text, at });
      byId.set(e.id, list);
    });
    socket.on('stack:end', (e) => {
      if (id !== null && e.id !== id) return;
      if (!e.result.ok) reject(new Error(`stack:end ${name}: ${e.result.error}`));
      else resolve();
    });
  });
  const ack = await socket.emitWithAck('stack:run', { name, action });
  if (!ack.ok) throw new Error(`stack:run ${name}: ${ack.error}`);
  id = ack.id;
  await ended;
  const total = performance.now() - t0;
  socket.off('stack:output');
  socket.off('stack:end');
  return { lines: byId.get(ack.id) ?? [], total };
}

async function removeBerthStack(base: string, cookie: string, name: string): Promise<void> {
  const { volumes } = (await api(base, cookie, 'GET', `/api/stacks/${name}/volumes`)) as {
    volumes: string[];
  };
  const result = (await api(
    base,
    cookie,
    'DELETE',
    `/api/stacks/${name}?volumes=1&confirm=${encodeURIComponent(volumes.join(','))}`,
  )) as { ok: boolean; error: string | null };
  if (!result.ok) throw new Error(`remove ${name}: ${result.error}`);
}

/** Everything of ours on the engine, whatever happened: containers, then networks and volumes by label. */
async function sweep(): Promise<void> {
  const filters = { label: ['berth.bench=1', 'berth.test=bench'] };
  const containers = await engine.listContainers({ all: true, filters });
  // Only this run's projects (their names carry its tag): another run of the bench may share the engine.
  const mine = new RegExp(`^/?bench(cli|berth|http|ref|lat)-${tag}-`);
  const ours = containers.filter((c) => mine.test(c.Names[0] ?? ''));
  await Promise.all(
    ours.map((c) =>
      engine
        .getContainer(c.Id)
        .remove({ force: true, v: true })
        .catch(() => {}),
    ),
  );
  const networks = await engine.listNetworks({ filters });
  for (const n of networks.filter((n) => mine.test(n.Name)))
    await engine
      .getNetwork(n.Id)
      .remove()
      .catch(() => {});
  const { Volumes } = await engine.listVolumes({ filters });
  for (const v of (Volumes ?? []).filter((v) => mine.test(v.Name)))
    await engine
      .getVolume(v.Name)
      .remove()
      .catch(() => {});
}

// ------------------------------------------------------------------------------------------------- deploy

/**
 * What the two paths do differently besides Berth itself: the CLI goes through `docker` (which execs the
 * plugin), Berth runs the plugin binary directly; Berth's save runs `docker compose config` once.
 */
async function overheads(): Promise<{ viaDocker: number[]; direct: number[]; config: number[] }> {
  const real = locateCompose();
  if (!real) throw new Error('no Compose binary found');
  const viaDocker: number[] = [];
  const direct: number[] = [];
  const config: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    viaDocker.push(await runCli(['docker', 'compose', 'version']));
    direct.push(await runCli([real, 'version']));
    config.push(
      await runCli([real, '-p', `benchcfg-${tag}`, '-f', COMPOSE_PATH, 'config', '--format', 'json']),
    );
  }
  return { viaDocker, direct, config };
}

async function deploy(): Promise<string> {
  const load = os
    .loadavg()
    .map((v) => v.toFixed(1))
    .join(' ');
  const cookie = await login(BASE);
  const socket = await connect(BASE, cookie);
  const cli: number[] = [];
  const berth: number[] = [];
  const berthSave: number[] = [];
  const berthUp: number[] = [];
  const http: number[] = [];
  const ratios: number[] = [];
  const httpRatios: number[] = [];
  try {
    // One warm-up of each (page cache, Compose's first start), not counted.
    for (let i = 0; i <= RUNS; i++) {
      let c = 0;
      let b = 0;
      let saved = 0;
      let up = 0;
      let h = 0;
      const cliTurn = async () => {
        const cliName = `benchcli-${tag}-${i}`;
        c = await runCli(['docker', 'compose', '-p', cliName, '-f', COMPOSE_PATH, 'up', '-d']);
        await runCli(['docker', 'compose', '-p', cliName, '-f', COMPOSE_PATH, 'down', '-v']);
      };
      const berthTurn = async () => {
        const name = `benchberth-${tag}-${i}`;
        const t0 = performance.now();
        await api(BASE, cookie, 'POST', '/api/stacks', { name, compose: COMPOSE, deploy: false });
        saved = performance.now() - t0;
        up = (await socketRun(socket, name, 'up')).total;
        b = performance.now() - t0;
        await removeBerthStack(BASE, cookie, name);
      };
      const httpTurn = async () => {
        const httpName = `benchhttp-${tag}-${i}`;
        const h0 = performance.now();
        const created = (await api(BASE, cookie, 'POST', '/api/stacks', {
          name: httpName,
          compose: COMPOSE,
          deploy: true,
        })) as { deployed: { ok: boolean; error: string | null } | null };
        h = performance.now() - h0;
        if (!created.deployed?.ok) throw new Error(`POST /api/stacks deploy: ${created.deployed?.error}`);
        await removeBerthStack(BASE, cookie, httpName);
      };
      // The order rotates per turn: whoever follows a `down -v` meets the engine still tidying up.
      const turns = [cliTurn, berthTurn, httpTurn];
      for (let k = 0; k < turns.length; k++) await turns[(i + k) % turns.length]?.();

      const label = i === 0 ? 'warm-up' : `run ${i}/${RUNS}`;
      console.log(
        `[bench:stacks] ${label}: cli ${c.toFixed(0)} ms, berth ${b.toFixed(0)} ms (save ${saved.toFixed(0)} + run ${up.toFixed(0)}), http ${h.toFixed(0)} ms`,
      );
      if (i === 0) continue;
      cli.push(c);
      berth.push(b);
      berthSave.push(saved);
      berthUp.push(up);
      http.push(h);
      ratios.push(b / c);
      httpRatios.push(h / c);
    }
  } finally {
    socket.disconnect();
  }
  const extra = await overheads();
  const ratio = (v: number) => `${v.toFixed(2)}×`;
  const r = summarize(ratios);
  return [
    `### Deploy: \`up -d\` of a ${SERVICES}-service stack`,
    '',
    `${SERVICES} services on \`${BENCH_IMAGE}\` (\`sleep 3600\`), one network, two volumes; nothing to pull. ${RUNS} interleaved turns after one warm-up (the three paths' order rotated per turn), each stack removed (\`down -v\`) before the next; median (min, max).`,
    '',
    table(
      ['path', 'time', 'ratio to the CLI (per turn)'],
      [
        ['`docker compose -p … -f compose.yaml up -d` (spawn → exit)', fmtSummary(summarize(cli)), '—'],
        [
          'Berth as the New stack page does it: `POST /api/stacks` (`deploy: false`) → socket `stack:run` `up` → `stack:end`',
          fmtSummary(summarize(berth)),
          fmtSummary(r, ratio),
        ],
        [
          '… of which the save (`POST /api/stacks`: checks, `compose config`, files)',
          fmtSummary(summarize(berthSave)),
          '—',
        ],
        ['… of which `stack:run` → `stack:end`', fmtSummary(summarize(berthUp)), '—'],
        [
          'Berth over HTTP only: `POST /api/stacks` with `deploy: true` (request → response)',
          fmtSummary(summarize(http)),
          fmtSummary(summarize(httpRatios), ratio),
        ],
      ],
    ),
    '',
    `Beside it (${RUNS} runs each): \`docker compose version\` ${fmtSummary(summarize(extra.viaDocker))} against the plugin binary's own \`version\` ${fmtSummary(summarize(extra.direct))} (the \`docker\` front end the CLI path pays and Berth does not: Berth runs the plugin itself); \`compose config --format json\` of the file ${fmtSummary(summarize(extra.config))} (the validation Berth's save runs before writing anything). Load average before the turns: ${load} (shared machine).`,
    '',
    `**Berth / CLI: ${fmtSummary(r, ratio)}** — target ≤ 1.1×.`,
  ].join('\n');
}

// ------------------------------------------------------------------------------------------------- latency

/**
 * The shim Berth runs as its Compose binary: the real one, its output forwarded chunk by chunk, each line
 * stamped (wall clock, sub-millisecond) the moment it is forwarded; the stamps go to a file when it exits.
 * Compose gets a clean environment from Berth, so the paths are written into the script.
 */
function writeShim(real: string, logDir: string): string {
  const file = path.join(work, 'compose-shim.mjs');
  writeFileSync(
    file,
    `#!${process.execPath}
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
const ANSI = ${ANSI.toString()};
const clean = (l) => l.replace(ANSI, '').replace(/\\s+$/, '');
const now = () => performance.timeOrigin + performance.now();
const args = process.argv.slice(2);
const stamps = [];
const child = spawn(${JSON.stringify(real)}, args, { stdio: ['ignore', 'pipe', 'pipe'] });
for (const [name, out] of [['stdout', process.stdout], ['stderr', process.stderr]]) {
  let rest = '';
  child[name].setEncoding('utf8').on('data', (chunk) => {
    const parts = (rest + chunk).split(/\\r\\n|\\n|\\r/);
    rest = parts.pop() ?? '';
    const at = now();
    out.write(chunk);
    for (const p of parts) if (clean(p)) stamps.push({ text: clean(p), at });
  });
}
process.on('SIGINT', () => child.kill('SIGINT'));
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('close', (code) => {
  writeFileSync(${JSON.stringify(logDir)} + '/' + process.pid + '.json', JSON.stringify({ args, stamps }));
  process.exitCode = code ?? 1;
});
`,
  );
  chmodSync(file, 0o755);
  return file;
}

/** A Berth server of the bench's own, on BENCH_URL's port + 1, running Compose through the shim. */
async function startShimServer(shim: string): Promise<{ base: string; child: ChildProcess }> {
  const port = Number(new URL(BASE).port) + 1;
  const base = `http://127.0.0.1:${port}`;
  const data = path.join(work, 'data');
  const child = spawn('bash', ['scripts/serve.sh'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      BERTH_DATA_DIR: data,
      BERTH_ADMIN_USER: 'admin',
      BERTH_ADMIN_PASSWORD: ADMIN_PASSWORD,
      BERTH_COMPOSE: shim,
    },
    detached: true,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 60; i++) {
    if (
      await fetch(`${base}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { base, child };
    await sleep(1000);
  }
  throw new Error(`the shim server on ${base} did not come up`);
}

function readStamps(logDir: string, project: string): { text: string; at: number }[] {
  for (const file of readdirSync(logDir)) {
    const { args, stamps } = JSON.parse(readFileSync(path.join(logDir, file), 'utf8')) as {
      args: string[];
      stamps: { text: string; at: number }[];
    };
    if (args[args.indexOf('-p') + 1] === project && args.includes('up')) return stamps;
  }
  throw new Error(`no stamps of ${project}'s up`);
}

/** Each received line against the shim's stamp of the same line (the k-th against the k-th, texts compared). */
function delays(stamps: { text: string; at: number }[], received: { text: string; at: number }[]): number[] {
  if (stamps.length !== received.length)
    throw new Error(`the shim forwarded ${stamps.length} lines, ${received.length} arrived`);
  return stamps.map((s, k) => {
    const r = received[k];
    if (!r || r.text !== s.text) throw new Error(`line ${k}: "${s.text}" forwarded, "${r?.text}" arrived`);
    return r.at - s.at;
  });
}

async function latency(): Promise<string> {
  const real = locateCompose();
  if (!real) throw new Error('no Compose binary found');
  const logDir = path.join(work, 'stamps');
  rmSync(logDir, { recursive: true, force: true });
  mkdirSync(logDir);
  const shim = writeShim(real, logDir);
  const { base, child } = await startShimServer(shim);
  const stop = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    } catch {}
  };
  const viaBerth: number[] = [];
  const viaPipe: number[] = [];
  let linesPerRun = 0;
  try {
    const cookie = await login(base);
    const socket = await connect(base, cookie);
    try {
      for (let i = 0; i <= RUNS; i++) {
        const ref = `benchref-${tag}-${i}`;
        const piped: { text: string; at: number }[] = [];
        await runCli([shim, '--ansi', 'never', '-p', ref, '-f', COMPOSE_PATH, 'up', '-d'], (text, at) =>
          piped.push({ text, at }),
        );
        const pipeDelays = delays(readStamps(logDir, ref), piped);
        await runCli([real, '-p', ref, '-f', COMPOSE_PATH, 'down', '-v']);

        const name = `benchlat-${tag}-${i}`;
        await api(base, cookie, 'POST', '/api/stacks', { name, compose: COMPOSE, deploy: false });
        const run = await socketRun(socket, name, 'up');
        const berthDelays = delays(readStamps(logDir, name), run.lines);
        await removeBerthStack(base, cookie, name);
        const s = summarize(berthDelays);
        console.log(
          `[bench:stacks] latency ${i === 0 ? 'warm-up' : `run ${i}/${RUNS}`}: ${berthDelays.length} lines, berth p50 ${ms(s.median)} max ${ms(s.max)}; pipe max ${ms(summarize(pipeDelays).max)}`,
        );
        if (i === 0) continue;
        linesPerRun = berthDelays.length;
        viaBerth.push(...berthDelays);
        viaPipe.push(...pipeDelays);
      }
    } finally {
      socket.disconnect();
    }
  } finally {
    stop();
  }
  const b = summarize(viaBerth);
  const p = summarize(viaPipe);
  const row = (label: string, s: ReturnType<typeof summarize>) => [
    label,
    ms(s.median),
    ms(s.p95),
    ms(s.max),
    String(s.n),
  ];
  return [
    '### Output: Compose line → socket.io client',
    '',
    `Berth (a second server of the bench's, the same build) runs Compose through a shim (\`BERTH_COMPOSE\`) that forwards the real binary's output chunk by chunk and stamps each line as it forwards it; a socket.io client subscribed as the stack page is (\`stack:run\` → \`stack:output\`) stamps each line as it arrives; the same clock (wall, sub-millisecond). The reference: the shim run by the bench itself, its lines read from its pipe. \`up -d\` of the same ${SERVICES}-service stack, ${linesPerRun} lines a run, ${RUNS} runs of each after a warm-up, interleaved.`,
    '',
    table(
      ['path', 'p50', 'p95', 'max', 'lines'],
      [
        row('Berth: shim → Berth (pipe, `stack:output`) → socket.io client', b),
        row('reference: shim → pipe → this process', p),
      ],
    ),
    '',
    `**Per line: p50 ${ms(b.median)}, p95 ${ms(b.p95)}, max ${ms(b.max)}** (pipe p50 ${ms(p.median)}, max ${ms(p.max)}) — target < 100 ms.`,
  ].join('\n');
}

async function main() {
  const which = process.argv.slice(2);
  const cleanup = async () => {
    await sweep().catch(() => {});
    rmSync(work, { recursive: true, force: true });
  };
  onInterrupt(cleanup);
  const parts: string[] = [];
  try {
    if (which.length === 0 || which.includes('deploy')) parts.push(await deploy());
    if (which.length === 0 || which.includes('latency')) parts.push(await latency());
  } finally {
    await cleanup();
  }
  const body = parts.join('\n\n');
  writeSection('stacks', 'Stacks: deploy and live output', body);
  console.log(body);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
