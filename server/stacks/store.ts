import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { LOCAL_ENVIRONMENT } from '@/lib/environments/types';
import type { StackLocation } from '@/lib/stacks/cli';
import type { StackVersion } from '@/lib/stacks/types';
import { config } from '@/server/config';
import { db } from '@/server/db';
import { currentEnvironment } from '@/server/docker/client';
import { decryptSecret, encryptSecret } from '@/server/security/crypto';
import { secretKey } from '@/server/security/keys';

/** Saved versions kept per stack (history and one-click rollback). */
export const KEPT_VERSIONS = 10;

export const COMPOSE_FILE = 'compose.yaml';
export const OVERRIDE_FILE = 'compose.override.yaml';
export const ENV_FILE = '.env';

export interface StackFiles {
  compose: string;
  override: string | null;
  env: string | null;
}

export interface StackRecord {
  name: string;
  origin: 'berth' | 'adopted';
  createdAt: number;
  createdBy: string | null;
  updatedAt: number;
  updatedBy: string | null;
  /** Adopted stacks: the folder relative paths resolve against (where the project ran); null: stackDir. */
  projectDir: string | null;
}

export function stacksRoot(): string {
  return path.join(/*turbopackIgnore: true*/ config.dataDir, 'stacks');
}

/**
 * The stack's folder on the current environment; the name was validated by its schema (no separators, no dots
 * first). The local engine's stacks sit directly under stacks/ (as before environments); another
 * environment's under stacks/@<env>/, which no stack name can be (they start with a letter or digit).
 */
export function stackDir(name: string): string {
  const env = currentEnvironment();
  return env === LOCAL_ENVIRONMENT
    ? path.join(/*turbopackIgnore: true*/ stacksRoot(), name)
    : path.join(/*turbopackIgnore: true*/ stacksRoot(), `@${env}`, name);
}

function readIfExists(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

export function readStackFiles(name: string): StackFiles | null {
  const dir = stackDir(name);
  const compose = readIfExists(path.join(/*turbopackIgnore: true*/ dir, COMPOSE_FILE));
  if (compose === null) return null;
  return {
    compose,
    override: readIfExists(path.join(/*turbopackIgnore: true*/ dir, OVERRIDE_FILE)),
    env: readIfExists(path.join(/*turbopackIgnore: true*/ dir, ENV_FILE)),
  };
}

export function existsOnDisk(name: string): boolean {
  return fs.existsSync(stackDir(name));
}

/** Writes one file whole or not at all: a temporary file in the same folder, then a rename over it. */
function writeAtomic(file: string, text: string): void {
  const temp = path.join(
    /*turbopackIgnore: true*/ path.dirname(file),
    `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`,
  );
  try {
    fs.writeFileSync(temp, text, { mode: 0o600 });
    fs.renameSync(temp, file);
  } catch (err) {
    fs.rmSync(temp, { force: true });
    throw err;
  }
}

/** Writes the files into `dir` (created when missing); an empty override or env removes that file. */
export function writeFilesTo(dir: string, files: StackFiles): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeAtomic(path.join(/*turbopackIgnore: true*/ dir, COMPOSE_FILE), files.compose);
  for (const [file, text] of [
    [OVERRIDE_FILE, files.override],
    [ENV_FILE, files.env],
  ] as const) {
    if (text !== null && text.trim() !== '')
      writeAtomic(path.join(/*turbopackIgnore: true*/ dir, file), text);
    else fs.rmSync(path.join(/*turbopackIgnore: true*/ dir, file), { force: true });
  }
}

export function writeStackFiles(name: string, files: StackFiles): void {
  writeFilesTo(stackDir(name), files);
}

export function removeStackFiles(name: string): void {
  fs.rmSync(stackDir(name), { recursive: true, force: true });
}

// ------------------------------------------------------------------------------------------------- records

interface StackRow {
  name: string;
  origin: 'berth' | 'adopted';
  created_at: number;
  created_by: string | null;
  updated_at: number;
  updated_by: string | null;
  project_dir: string | null;
}

const toRecord = (row: StackRow): StackRecord => ({
  name: row.name,
  origin: row.origin,
  createdAt: row.created_at,
  createdBy: row.created_by,
  updatedAt: row.updated_at,
  updatedBy: row.updated_by,
  projectDir: row.project_dir,
});

/**
 * Every record below is the current environment's (the engine scope's). Removing an environment keeps its
 * stacks' records and files: added again under the same id, it finds them.
 */
export function listStackRecords(): StackRecord[] {
  return db()
    .prepare<[string], StackRow>('SELECT * FROM stacks WHERE environment = ? ORDER BY name')
    .all(currentEnvironment())
    .map(toRecord);
}

export function getStackRecord(name: string): StackRecord | null {
  const row = db()
    .prepare<[string, string], StackRow>('SELECT * FROM stacks WHERE environment = ? AND name = ?')
    .get(currentEnvironment(), name);
  return row ? toRecord(row) : null;
}

export function insertStackRecord(
  name: string,
  origin: StackRecord['origin'],
  by: string | null,
  projectDir: string | null = null,
): void {
  const now = Date.now();
  db()
    .prepare(
      'INSERT INTO stacks (environment, name, origin, created_at, created_by, updated_at, updated_by, project_dir) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    )
    .run(currentEnvironment(), name, origin, now, by, now, by, projectDir);
}

/**
 * Where Compose finds a stack: nothing to add for Berth's own (its files are the defaults of its folder); for an
 * adopted one, its original project directory (relative paths keep meaning what they meant when it ran) with the
 * files and .env Berth keeps named explicitly.
 */
export function stackLocation(record: Pick<StackRecord, 'name' | 'projectDir'> | null): StackLocation {
  if (!record?.projectDir) return {};
  const dir = stackDir(record.name);
  const file = (f: string) => path.join(/*turbopackIgnore: true*/ dir, f);
  return {
    projectDir: record.projectDir,
    files: [file(COMPOSE_FILE), ...(fs.existsSync(file(OVERRIDE_FILE)) ? [file(OVERRIDE_FILE)] : [])],
    envFile: fs.existsSync(file(ENV_FILE)) ? file(ENV_FILE) : null,
  };
}

export function deleteStackRecord(name: string): void {
  db().prepare('DELETE FROM stacks WHERE environment = ? AND name = ?').run(currentEnvironment(), name);
}

// ------------------------------------------------------------------------------------------------- versions

interface VersionRow {
  version: number;
  compose: string;
  override: string | null;
  env: string | null;
  created_at: number;
  author: string | null;
  deployed: number;
}

/** The local engine's stacks keep the binding they had before environments; others name their environment. */
const envAad = (name: string, version: number) => {
  const env = currentEnvironment();
  return env === LOCAL_ENVIRONMENT ? `stack:${name}:${version}` : `stack:${env}/${name}:${version}`;
};

/** Saves the files as the stack's next version (pruning to the last N) and marks the stack updated. */
export function addVersion(name: string, files: StackFiles, author: string | null): number {
  const d = db();
  const env = currentEnvironment();
  return d.transaction(() => {
    const now = Date.now();
    const last =
      d
        .prepare<[string, string], { v: number | null }>(
          'SELECT MAX(version) AS v FROM stack_versions WHERE environment = ? AND stack = ?',
        )
        .get(env, name)?.v ?? 0;
    const version = last + 1;
    d.prepare(
      `INSERT INTO stack_versions (environment, stack, version, compose, override, env, created_at, author, deployed)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)`,
    ).run(
      env,
      name,
      version,
      files.compose,
      files.override,
      files.env === null ? null : encryptSecret(secretKey(), files.env, envAad(name, version)),
      now,
      author,
    );
    d.prepare('DELETE FROM stack_versions WHERE environment = ? AND stack = ? AND version <= ?').run(
      env,
      name,
      version - KEPT_VERSIONS,
    );
    d.prepare('UPDATE stacks SET updated_at = ?, updated_by = ? WHERE environment = ? AND name = ?').run(
      now,
      author,
      env,
      name,
    );
    return version;
  })();
}

export function markDeployed(name: string, version: number): void {
  db()
    .prepare('UPDATE stack_versions SET deployed = 1 WHERE environment = ? AND stack = ? AND version = ?')
    .run(currentEnvironment(), name, version);
}

export function latestVersion(name: string): number | null {
  return (
    db()
      .prepare<[string, string], { v: number | null }>(
        'SELECT MAX(version) AS v FROM stack_versions WHERE environment = ? AND stack = ?',
      )
      .get(currentEnvironment(), name)?.v ?? null
  );
}

export function listVersions(name: string): StackVersion[] {
  return db()
    .prepare<[string, string], VersionRow>(
      'SELECT * FROM stack_versions WHERE environment = ? AND stack = ? ORDER BY version DESC',
    )
    .all(currentEnvironment(), name)
    .map((row) => ({
      version: row.version,
      createdAt: row.created_at,
      author: row.author,
      deployed: row.deployed === 1,
    }));
}

export function getVersion(name: string, version: number): StackFiles | null {
  const row = db()
    .prepare<[string, string, number], VersionRow>(
      'SELECT * FROM stack_versions WHERE environment = ? AND stack = ? AND version = ?',
    )
    .get(currentEnvironment(), name, version);
  if (!row) return null;
  return {
    compose: row.compose,
    override: row.override,
    env: row.env === null ? null : decryptSecret(secretKey(), row.env, envAad(name, version)),
  };
}
