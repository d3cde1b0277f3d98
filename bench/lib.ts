import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { type ClientToServerEvents, type ServerToClientEvents, SOCKET_PATH } from '@/lib/realtime/contract';

/** Shared pieces of the benchmarks: statistics, a logged-in socket, and the results file. */

export const RESULTS = path.join(import.meta.dirname, 'results.md');
export const ADMIN = { username: 'admin', password: 'bench-horse-battery-7' };
export const BENCH_LABEL = 'berth.bench=1';

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
    socket.once('connect_error', reject);
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
