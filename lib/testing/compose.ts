import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The real Docker Compose as a test oracle (issue 14): what `docker compose config --format json` renders for
 * some files, so tests judge the exact shapes Compose produces rather than shapes we imagine. Node-only; for
 * tests. Needs no engine: `config` only reads the files.
 */

const CANDIDATES = [
  process.env.BERTH_COMPOSE,
  '/usr/local/lib/docker/cli-plugins/docker-compose',
  '/usr/libexec/docker/cli-plugins/docker-compose',
  '/usr/lib/docker/cli-plugins/docker-compose',
];

export function composeBinary(): string {
  const found = CANDIDATES.find((path): path is string => typeof path === 'string' && existsSync(path));
  if (!found) throw new Error('Docker Compose v2 is not installed (set BERTH_COMPOSE)');
  return found;
}

export interface RenderedConfig {
  config: Record<string, unknown>;
  /** The temp folder the files were in (already removed): relative paths were resolved against it. */
  dir: string;
}

/**
 * Writes `files` (name → text; the first is the compose file, a `compose.override.yaml` is used as an override)
 * into a temp folder and renders them with `docker compose config --format json`. Rejects with Compose's
 * own stderr when it refuses them.
 */
export async function renderComposeConfig(
  files: Record<string, string>,
  project = 'berthtest',
): Promise<RenderedConfig> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-compose-'));
  try {
    const args = ['-p', project];
    for (const [name, text] of Object.entries(files)) {
      await writeFile(join(dir, name), text);
      if (/\.ya?ml$/.test(name)) args.push('-f', join(dir, name));
    }
    args.push('config', '--format', 'json');
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        composeBinary(),
        args,
        { cwd: dir, timeout: 20_000, maxBuffer: 4 * 1024 * 1024 },
        (err, out, errOut) => {
          if (err) reject(new Error(String(errOut || err.message).trim()));
          else resolve(out);
        },
      );
    });
    return { config: JSON.parse(stdout) as Record<string, unknown>, dir };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
