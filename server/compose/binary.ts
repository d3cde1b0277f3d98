import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { contextValue, serverContext } from '@/server/context';
import { HttpError } from '@/server/http/errors';

/** Where Docker installs the Compose CLI plugin (the `docker compose` subcommand is this binary). */
export const CLI_PLUGIN_DIRS = [
  '/usr/local/lib/docker/cli-plugins',
  '/usr/lib/docker/cli-plugins',
  '/usr/libexec/docker/cli-plugins',
  '~/.docker/cli-plugins',
];

const VERSION_TIMEOUT_MS = 5_000;
/** A missing binary is looked for again after this, so installing Compose needs no restart. */
const MISSING_RECHECK_MS = 30_000;

export type ComposeBinary = { ok: true; path: string; version: string };
export type ComposeProbe =
  | (ComposeBinary & { at: number })
  | { ok: false; path: string | null; problem: string; at: number };

function executable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Where the binary should be: `BERTH_COMPOSE` when set (used as given, never second-guessed), else
 * `docker-compose` on PATH, else the CLI plugin folders. Null when none exists.
 */
export function locateCompose(env: NodeJS.ProcessEnv = process.env): string | null {
  const given = env.BERTH_COMPOSE?.trim();
  if (given) return given;
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const file = path.join(/*turbopackIgnore: true*/ dir, 'docker-compose');
    if (executable(file)) return file;
  }
  for (const dir of CLI_PLUGIN_DIRS) {
    const file = path.join(
      /*turbopackIgnore: true*/ dir.replace(/^~/, env.HOME || os.homedir()),
      'docker-compose',
    );
    if (executable(file)) return file;
  }
  return null;
}

/** "2.26.1-4" from `version --format json` ({"version":"v2.26.1"} on some builds). */
export function parseComposeVersion(stdout: string): string | null {
  try {
    const parsed = JSON.parse(stdout) as { version?: unknown };
    if (typeof parsed.version === 'string') return parsed.version.replace(/^v/, '');
  } catch {
    // older builds print text only
  }
  return /version v?(\d+\.\d+\.\d+[\w.+-]*)/i.exec(stdout)?.[1] ?? null;
}

function runVersion(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      ['version', '--format', 'json'],
      {
        timeout: VERSION_TIMEOUT_MS,
        env: { PATH: process.env.PATH ?? '' } as unknown as NodeJS.ProcessEnv,
        maxBuffer: 64 * 1024,
        encoding: 'utf8',
      },
      (err, stdout: string) => (err ? reject(err) : resolve(stdout)),
    );
  });
}

async function probe(): Promise<ComposeProbe> {
  const at = Date.now();
  const file = locateCompose();
  const hint = 'set BERTH_COMPOSE to the path of a Docker Compose v2 binary';
  if (!file) {
    return {
      ok: false,
      path: null,
      problem: `Docker Compose v2 was not found (no docker-compose on PATH or in the CLI plugin folders): ${hint}`,
      at,
    };
  }
  try {
    const version = parseComposeVersion(await runVersion(file));
    if (!version) return { ok: false, path: file, problem: `${file} did not report a version: ${hint}`, at };
    if (!version.startsWith('2.'))
      return { ok: false, path: file, problem: `${file} is Compose ${version}, not v2: ${hint}`, at };
    return { ok: true, path: file, version, at };
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'could not run';
    return { ok: false, path: file, problem: `Docker Compose at ${file} ${reason}: ${hint}`, at };
  }
}

/**
 * The Compose binary, checked once (`version`) and cached in the server context, so health stays fast. A
 * missing one is looked for again after a while. Concurrent callers share one check.
 */
export async function composeStatus(): Promise<ComposeProbe> {
  const ctx = serverContext();
  const cached = ctx.composeBinary;
  if (cached && (cached.ok || Date.now() - cached.at < MISSING_RECHECK_MS)) return cached;
  const pending = contextValue('composeProbePending', () => probe());
  try {
    const result = await pending;
    ctx.composeBinary = result;
    return result;
  } finally {
    ctx.composeProbePending = null;
  }
}

/** The binary, or the 503 every stack route answers when there is none. */
export async function requireCompose(): Promise<ComposeBinary> {
  const status = await composeStatus();
  if (!status.ok) throw new HttpError(503, 'compose_missing', status.problem);
  return status;
}
