import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './engine';

export interface StartedServer {
  url: string;
  port: number;
  /** The server process, to read what it holds (/proc/<pid>/fd). */
  pid: number;
  /** Everything the server printed so far, stdout and stderr interleaved. */
  output: () => string;
  /** SIGTERM, wait for the exit, remove the data directory (unless the caller gave it). Safe to call twice. */
  stop: () => Promise<void>;
}

const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
const SERVER_FILE = path.join(REPO_ROOT, 'dist/server.mjs');
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

/** Variables of the test runner that must not leak into a fresh server unless a test passes them. */
const NOT_INHERITED = ['BERTH_ADMIN_PASSWORD', 'BERTH_ADMIN_USER', 'BERTH_DATA_DIR', 'PORT', 'HOST'];

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Whether any process of the group still runs. Zombies do not count: they have exited (port and database
 * closed) and only wait for PID 1 to reap them, which in a container may take seconds.
 */
function groupAlive(child: ChildProcess): boolean {
  const pgid = child.pid;
  if (pgid === undefined) return false;
  try {
    process.kill(-pgid, 0);
  } catch {
    return false;
  }
  if (!existsSync('/proc/self/stat')) return true;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // pid (comm) state ppid pgrp …; comm may contain spaces and parentheses, so split after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === pgid && state !== 'Z') return true;
    } catch {
      // the process ended while we looked
    }
  }
  return false;
}

/** Signals the whole process group: the server and anything it spawned. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/**
 * A Berth server of its own, on a free port of 127.0.0.1 with an empty data directory: for tests that need a
 * first run, a changed environment, or state (throttling, settings) that must not leak into the shared server.
 */
export async function startServer(
  options: {
    env?: Record<string, string>;
    /** An existing data directory (e.g. of a server stopped before, to start it again); the caller removes it. */
    dataDir?: string;
    /** A given port instead of a free one. */
    port?: number;
  } = {},
): Promise<StartedServer> {
  if (!existsSync(SERVER_FILE)) throw new Error(`${SERVER_FILE} is missing: run \`npm run build\` first`);
  const port = options.port ?? (await freePort());
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'berth-test-')));
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of NOT_INHERITED) delete env[name];
  Object.assign(env, {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    BERTH_DATA_DIR: dataDir,
    ...options.env,
  });

  let output = '';
  // The compiled server, as `npm start` and the shared test servers run it (scripts/test.sh builds it).
  const child = spawn(process.execPath, [SERVER_FILE], {
    cwd: REPO_ROOT,
    env,
    // A group of its own, so stop() reaches everything it started.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exit = exited(child);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    signalGroup(child, 'SIGTERM');
    const deadline = Date.now() + STOP_TIMEOUT_MS;
    const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), STOP_TIMEOUT_MS);
    await exit;
    clearTimeout(timer);
    // Wait for the whole group, within the same bound (an unreaped zombie would otherwise keep the group "alive" forever).
    while (groupAlive(child) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    signalGroup(child, 'SIGKILL');
    if (ownDataDir) await rm(dataDir, { recursive: true, force: true });
  };

  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + START_TIMEOUT_MS;
  let hasExited = false;
  void exit.then(() => (hasExited = true));
  while (true) {
    if (hasExited) {
      await stop();
      throw new Error(`the server exited before answering:\n${output}`);
    }
    try {
      // Any answer will do: the server listens only once Next.js and the database are ready.
      // Health waits up to 3 s for an engine that does not answer.
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5_000) });
      await res.body?.cancel();
      break;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) {
      await stop();
      throw new Error(`the server did not answer /api/health within ${START_TIMEOUT_MS} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { url, port, pid: child.pid ?? 0, output: () => output, stop };
}
