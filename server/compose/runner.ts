import { type ChildProcess, spawn } from 'node:child_process';
import { composeEngine } from '@/server/compose/engine-env';
import { config } from '@/server/config';
import { contextValue, serverContext } from '@/server/context';
import { currentEnvironment } from '@/server/docker/client';

/** `config` and validation: Compose reads files and answers at once. */
export const CONFIG_TIMEOUT_MS = 20_000;
/** Actions pull images and wait for containers; BERTH_COMPOSE_TIMEOUT_MS overrides. */
export const DEFAULT_ACTION_TIMEOUT_MS = 10 * 60 * 1000;
/** After SIGINT (what Ctrl-C sends: Compose stops what it started cleanly), SIGKILL after this. */
const KILL_GRACE_MS = 5_000;
/** Output kept per run (the socket streams all of it; HTTP answers carry the last lines). */
const MAX_KEPT_LINES = 5_000;
const MAX_LINE_CHARS = 4_000;
const MAX_STDOUT_BYTES = 16 * 1024 * 1024;

export function actionTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const given = Number(env.BERTH_COMPOSE_TIMEOUT_MS);
  return Number.isFinite(given) && given > 0 ? given : DEFAULT_ACTION_TIMEOUT_MS;
}

/** Every live Compose child of the process, so shutdown reaches those started by HTTP requests too. */
export class ComposeProcesses {
  private readonly running = new Set<{ stop: (graceMs?: number) => Promise<void> }>();

  add(entry: { stop: (graceMs?: number) => Promise<void> }): () => void {
    this.running.add(entry);
    return () => this.running.delete(entry);
  }

  get size(): number {
    return this.running.size;
  }

  async stopAll(graceMs?: number): Promise<void> {
    await Promise.allSettled([...this.running].map((entry) => entry.stop(graceMs)));
  }
}

export function composeProcesses(): ComposeProcesses {
  return contextValue('composeProcesses', () => new ComposeProcesses());
}

/** Grace of SIGINT at shutdown: the whole shutdown has 8 s before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 2_000;

/** Stops every running Compose process (graceful shutdown): SIGINT, SIGKILL soon after. */
export async function stopAllCompose(): Promise<void> {
  await serverContext().composeProcesses?.stopAll(SHUTDOWN_GRACE_MS);
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes are control characters by definition.
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b[@-_]/g;

/** One printed line without colours or cursor moves (Compose runs with `--ansi never`; this catches the rest). */
export function cleanLine(line: string): string {
  const text = line.replace(ANSI, '').replace(/\s+$/, '');
  return text.length > MAX_LINE_CHARS ? `${text.slice(0, MAX_LINE_CHARS)}…` : text;
}

/**
 * The environment Compose gets: only what it needs, and the engine variables of the environment it works on
 * (server/compose/engine-env.ts; by default Berth's own DOCKER_HOST). Not Berth's own variables: Compose
 * interpolates `${VAR}` from the process environment before `.env`, so a stack file could otherwise read
 * BERTH_SECRET_KEY or the admin password into a container.
 */
export function composeEnv(
  env: NodeJS.ProcessEnv = process.env,
  engine: Record<string, string> = { DOCKER_HOST: config.dockerHost },
) {
  const out: Record<string, string> = {};
  for (const key of ['PATH', 'HOME', 'TMPDIR', 'DOCKER_CONFIG']) {
    const value = env[key];
    if (value) out[key] = value;
  }
  Object.assign(out, engine);
  out.PATH ??= '/usr/local/bin:/usr/bin:/bin';
  return out;
}

export interface ComposeRunSpec {
  binary: string;
  /** The arguments after the binary (`-p NAME up -d …`): an array, never a shell string. */
  args: string[];
  /** The stack's folder (or a temporary one for validation). */
  cwd: string;
  timeoutMs: number;
  /** Lines of stdout and stderr, as they come. */
  onLines?: (lines: string[]) => void;
  /** Aborting cancels: SIGINT, then SIGKILL after a grace period. */
  signal?: AbortSignal;
  /** Keep stdout as text (JSON or YAML to read) instead of as output lines. */
  captureStdout?: boolean;
}

export interface ComposeOutcome {
  exitCode: number | null;
  /** stdout (unless captured) and stderr lines, in the order they came. */
  lines: string[];
  stdout: string;
  cancelled: boolean;
  timedOut: boolean;
  /** Set when the process could not start at all. */
  spawnError: string | null;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
  } catch {
    child.kill(signal); // the group is gone; the child itself may not be
  }
}

/** Splits a stream into lines (`\n`; a `\r` progress redraw counts as a line end too). */
class LineSplitter {
  private rest = '';
  push(chunk: string): string[] {
    const parts = (this.rest + chunk).split(/\r\n|\n|\r/);
    this.rest = parts.pop() ?? '';
    return parts;
  }
  end(): string[] {
    const last = this.rest;
    this.rest = '';
    return last ? [last] : [];
  }
}

/**
 * Runs the Compose binary once: argument array, no shell, limited environment, a deadline, and cancel by
 * signal. The child is registered in the process-wide set until it exits, so shutdown stops it.
 */
export function runCompose(spec: ComposeRunSpec): Promise<ComposeOutcome> {
  // The engine of the environment the caller works on (the engine scope); refused here before any process.
  const engine = composeEngine(currentEnvironment());
  return new Promise<ComposeOutcome>((resolve) => {
    const lines: string[] = [];
    let stdout = '';
    let stdoutBytes = 0;
    let cancelled = false;
    let timedOut = false;
    let finished = false;
    const emit = (raw: string[]) => {
      const clean = raw.map(cleanLine).filter((line) => line !== '');
      if (clean.length === 0) return;
      lines.push(...clean);
      if (lines.length > MAX_KEPT_LINES) lines.splice(0, lines.length - MAX_KEPT_LINES);
      spec.onLines?.(clean);
    };

    let child: ChildProcess;
    try {
      child = spawn(spec.binary, ['--ansi', 'never', ...spec.args], {
        cwd: spec.cwd,
        env: composeEnv(process.env, engine.vars) as NodeJS.ProcessEnv,
        shell: false,
        // A process group of its own: a cancel reaches whatever Compose started (buildx, credential helpers).
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (err) {
      engine.cleanup();
      resolve({
        exitCode: null,
        lines,
        stdout,
        cancelled,
        timedOut,
        spawnError: (err as Error).message,
      });
      return;
    }

    let killTimer: NodeJS.Timeout | undefined;
    const exited = new Promise<void>((done) => child.once('close', () => done()));
    const stop = async (graceMs = KILL_GRACE_MS) => {
      if (finished) return;
      if (child.exitCode === null && child.signalCode === null) {
        signalGroup(child, 'SIGINT');
        if (killTimer && graceMs < KILL_GRACE_MS) {
          clearTimeout(killTimer);
          killTimer = undefined;
        }
        killTimer ??= setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
      }
      await exited;
    };
    const forget = composeProcesses().add({ stop });

    const deadline = setTimeout(() => {
      timedOut = true;
      void stop();
    }, spec.timeoutMs);
    const onAbort = () => {
      cancelled = true;
      void stop();
    };
    if (spec.signal?.aborted) onAbort();
    else spec.signal?.addEventListener('abort', onAbort, { once: true });

    const out = new LineSplitter();
    const err = new LineSplitter();
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      if (spec.captureStdout) {
        stdoutBytes += Buffer.byteLength(chunk);
        if (stdoutBytes <= MAX_STDOUT_BYTES) stdout += chunk;
      } else emit(out.push(chunk));
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => emit(err.push(chunk)));

    let spawnError: string | null = null;
    child.once('error', (e) => {
      spawnError = e.message;
    });
    child.once('close', (code) => {
      finished = true;
      clearTimeout(deadline);
      clearTimeout(killTimer);
      spec.signal?.removeEventListener('abort', onAbort);
      forget();
      engine.cleanup();
      emit([...out.end(), ...err.end()]);
      resolve({ exitCode: code, lines, stdout, cancelled, timedOut, spawnError });
    });
  });
}

/** Compose's own last words on a failure (its last error-looking line), for messages and audit entries. */
export function composeError(outcome: ComposeOutcome): string | null {
  if (outcome.spawnError) return `Docker Compose could not run: ${outcome.spawnError}`;
  if (outcome.cancelled) return 'Cancelled';
  if (outcome.timedOut) return 'Docker Compose did not finish within its deadline';
  if (outcome.exitCode === 0) return null;
  const last = [...outcome.lines]
    .reverse()
    .find((line) => /error|invalid|denied|not found|refus/i.test(line));
  return last ?? outcome.lines.at(-1) ?? `Docker Compose exited with code ${outcome.exitCode}`;
}
