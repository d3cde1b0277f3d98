import fs from 'node:fs';
import path from 'node:path';
import { PassThrough, type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import Database from 'better-sqlite3';
import tar from 'tar-stream';
import {
  BACKUP_FORMAT,
  type BackupManifest,
  backupManifestSchema,
  type StagedRestore,
  type UnreadableSecrets,
} from '@/lib/backup/types';
import packageJson from '@/package.json';
import { totpAad } from '@/server/auth/login';
import { migrations } from '@/server/db/migrations';
import { HttpError } from '@/server/http/errors';
import { registryAad } from '@/server/registries/store';
import { decryptSecret, loadSecretKey } from '@/server/security/crypto';

/*
 * A backup is a plain tar of manifest.json, berth.db (a consistent snapshot made with SQLite's online backup
 * API, so it can be taken while Berth runs), the stacks' files (stacks/<name>/compose.yaml, .env, …: the
 * database keeps only their metadata and history) and, only when asked, secret.key. A restore is never
 * applied to the running server (its open database would be swapped under it): it is validated, staged as
 * <data dir>/restore-pending/, and applied by the next start before the database is opened.
 */

export const DB_FILE = 'berth.db';
export const KEY_FILE = 'secret.key';
export const MANIFEST_FILE = 'manifest.json';
export const PENDING_DIR = 'restore-pending';
const INCOMING_PREFIX = 'restore-incoming-';
const SNAPSHOT_PREFIX = 'backup-snapshot-';
const KEY_LENGTH = 32;
const MANIFEST_MAX_BYTES = 64 * 1024;
export const STACKS_DIR = 'stacks';
/** Bounds of the stack files a backup carries (each is written by Berth under its own smaller caps). */
const STACK_FILE_MAX_BYTES = 4 * 1024 * 1024;
const STACK_FILES_MAX = 10_000;
const STACK_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const STACK_FILE = /^[A-Za-z0-9_.-]{1,128}$/;

function isStackMember(parts: string[]): boolean {
  const [top, name, file] = parts;
  return (
    parts.length === 3 &&
    top === STACKS_DIR &&
    STACK_NAME.test(name ?? '') &&
    STACK_FILE.test(file ?? '') &&
    file !== '.' &&
    file !== '..'
  );
}

/** The regular files directly in each stack's folder (`stacks/<name>/<file>`), in a stable order. */
function stackFiles(dataDir: string): { member: string; file: string; size: number }[] {
  const root = path.join(dataDir, STACKS_DIR);
  if (!fs.existsSync(root)) return [];
  const out: { member: string; file: string; size: number }[] = [];
  for (const name of fs.readdirSync(root).sort()) {
    const dir = path.join(root, name);
    if (!STACK_NAME.test(name) || !fs.lstatSync(dir).isDirectory()) continue;
    for (const entry of fs.readdirSync(dir).sort()) {
      const file = path.join(dir, entry);
      const stat = fs.lstatSync(file);
      // Only what Berth writes: plain files of bounded size (no links a restore would have to follow).
      if (!STACK_FILE.test(entry) || !stat.isFile() || stat.size > STACK_FILE_MAX_BYTES) continue;
      out.push({ member: `${STACKS_DIR}/${name}/${entry}`, file, size: stat.size });
    }
  }
  return out.slice(0, STACK_FILES_MAX);
}

export const LATEST_SCHEMA_VERSION = Math.max(0, ...migrations.map((m) => m.version));

/** The highest migration applied to a database; 0 for one that has none. */
export function schemaVersion(db: Database.Database): number {
  const table = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
    .get();
  if (!table) return 0;
  const row = db.prepare<[], { v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations').get();
  return row?.v ?? 0;
}

export interface BackupOptions {
  /** The open database to snapshot (the server's own connection, or a read-only one of the CLI). */
  db: Database.Database;
  dataDir: string;
  includeKey: boolean;
  /** BERTH_SECRET_KEY is set: the key is not a file and cannot be included. */
  keyFromEnvironment: boolean;
  now?: Date;
}

export interface Backup {
  manifest: BackupManifest;
  /** The tar; the temporary snapshot is removed once it ends or is abandoned. */
  stream: Readable;
}

/** Snapshots the database and returns the backup tar as a stream. */
export async function createBackup(options: BackupOptions): Promise<Backup> {
  const { db, dataDir, includeKey, keyFromEnvironment } = options;
  const keyFile = path.join(dataDir, KEY_FILE);
  // No key file yet: nothing was ever encrypted, so there is nothing the key would be needed for.
  const key = includeKey && !keyFromEnvironment && fs.existsSync(keyFile) ? fs.readFileSync(keyFile) : null;
  const work = fs.mkdtempSync(path.join(dataDir, SNAPSHOT_PREFIX));
  const cleanup = () => fs.rmSync(work, { recursive: true, force: true });
  try {
    const snapshot = path.join(work, DB_FILE);
    await db.backup(snapshot);
    // One self-contained file: the copy is taken out of WAL mode, so no -wal file is needed beside it.
    const copy = new Database(snapshot);
    let version: number;
    try {
      copy.pragma('journal_mode = DELETE');
      version = schemaVersion(copy);
    } finally {
      copy.close();
    }
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      berthVersion: packageJson.version,
      schemaVersion: version,
      createdAt: (options.now ?? new Date()).toISOString(),
      keyIncluded: key !== null,
      keyFromEnvironment,
    };
    const pack = tar.pack();
    const out = new PassThrough();
    let cleaned = false;
    const once = () => {
      if (cleaned) return;
      cleaned = true;
      cleanup();
    };
    out.once('close', once);
    out.once('end', once);
    out.once('error', once);
    void (async () => {
      try {
        pack.entry({ name: MANIFEST_FILE, mode: 0o600 }, `${JSON.stringify(manifest, null, 2)}\n`);
        const size = fs.statSync(snapshot).size;
        const entry = pack.entry({ name: DB_FILE, size, mode: 0o600 });
        await pump(fs.createReadStream(snapshot), entry);
        for (const stack of stackFiles(dataDir)) {
          // Read whole (bounded): a file replaced while the backup runs must not change size under the tar.
          const content = fs.readFileSync(stack.file);
          pack.entry({ name: stack.member, mode: 0o600 }, content);
        }
        if (key) pack.entry({ name: KEY_FILE, mode: 0o600 }, key);
        pack.finalize();
      } catch (err) {
        pack.destroy(err as Error);
      }
    })();
    pack.on('error', (err) => out.destroy(err));
    pack.pipe(out);
    return { manifest, stream: out };
  } catch (err) {
    cleanup();
    throw err;
  }
}

/** Pipes into a tar-stream (streamx) writable and waits for it to finish or fail. */
function pump(
  source: Readable,
  target: NodeJS.WritableStream & { destroy(err?: Error): void },
): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      target.destroy(err);
      reject(err);
    };
    target.on('finish', () => {
      if (settled) return;
      settled = true;
      resolve();
    });
    target.on('error', fail);
    target.on('close', () => fail(new Error('the archive ended early')));
    source.on('error', fail);
    source.pipe(target);
  });
}

/** The backup's file name, e.g. berth-backup-2026-12-06T19-30-00Z.tar. */
export function backupFileName(manifest: BackupManifest): string {
  return `berth-backup-${manifest.createdAt.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-')}.tar`;
}

const invalid = (message: string) =>
  new HttpError(400, 'bad_request', `Not a usable Berth backup: ${message}`);

/** Writes a stream to a file, refusing it past `max` bytes. */
async function writeCapped(
  stream: AsyncIterable<Buffer>,
  file: string,
  max: number,
  what: string,
): Promise<number> {
  let seen = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > max) done(invalid(`${what} is larger than expected`));
      else done(null, chunk);
    },
  });
  await pipeline(stream, counter, fs.createWriteStream(file, { mode: 0o600 }));
  return seen;
}

/**
 * Unpacks a backup tar into `dir`: only its known members (manifest, database, key, stacks/<name>/<file>), as
 * plain files, each at most once; anything else (links, other paths, `..`) refuses the whole archive.
 */
async function unpack(source: Readable, dir: string): Promise<void> {
  const extract = tar.extract();
  const seen = new Set<string>();
  extract.on('entry', (header, stream, next) => {
    // A failure of a member fails the whole extract, which reports it once.
    stream.on('error', () => {});
    const name = header.name.replace(/^\.\//, '');
    const parts = name.replace(/\/$/, '').split('/');
    const stackMember = isStackMember(parts);
    const known = name === MANIFEST_FILE || name === DB_FILE || name === KEY_FILE || stackMember;
    const stackFolder =
      header.type === 'directory' &&
      parts[0] === STACKS_DIR &&
      (parts.length === 1 || (parts.length === 2 && STACK_NAME.test(parts[1] ?? '')));
    if (header.type === 'directory' && (name === '' || name === '.' || name === './' || stackFolder)) {
      stream.resume();
      stream.once('end', next);
      return;
    }
    if (!known || header.type !== 'file' || seen.has(name)) {
      stream.resume();
      extract.destroy(invalid(`unexpected member "${header.name}" in the archive`));
      return;
    }
    seen.add(name);
    if (seen.size > STACK_FILES_MAX + 3) {
      stream.resume();
      extract.destroy(invalid('too many members'));
      return;
    }
    const max = stackMember
      ? STACK_FILE_MAX_BYTES
      : name === MANIFEST_FILE
        ? MANIFEST_MAX_BYTES
        : name === KEY_FILE
          ? KEY_LENGTH
          : Number.MAX_SAFE_INTEGER;
    if (stackMember)
      fs.mkdirSync(path.join(dir, STACKS_DIR, parts[1] ?? ''), { recursive: true, mode: 0o700 });
    writeCapped(stream as AsyncIterable<Buffer>, path.join(dir, name), max, name).then(
      () => next(),
      (err: Error) => extract.destroy(err),
    );
  });
  try {
    await pump(source, extract);
  } catch (err) {
    if (err instanceof HttpError) throw err;
    // A body over the upload bound is the route's 413; anything else is a tar that does not parse.
    if (typeof err === 'object' && err && 'status' in err) throw err;
    throw invalid(`the archive could not be read (${(err as Error).message})`);
  }
}

/** The key that will be in force after the restart: BERTH_SECRET_KEY, the archive's key, or the install's file. */
export function keyAfterRestore(options: {
  envKey: string | undefined;
  archiveKey: Buffer | null;
  dataDir: string;
}): Buffer | null {
  if (options.envKey !== undefined)
    return loadSecretKey({ envKey: options.envKey, dataDir: options.dataDir });
  if (options.archiveKey) return options.archiveKey;
  const file = path.join(options.dataDir, KEY_FILE);
  return fs.existsSync(file) ? fs.readFileSync(file) : null;
}

/** How many stored secrets of a database a key decrypts, and how many it does not. */
export function checkSecrets(
  db: Database.Database,
  key: Buffer | null,
): { secrets: StagedRestore['secrets']; unreadable: UnreadableSecrets } {
  const hasTable = (name: string) =>
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
  const readable = (payload: string, aad: string) => {
    if (!key || key.length !== KEY_LENGTH) return false;
    try {
      decryptSecret(key, payload, aad);
      return true;
    } catch {
      return false;
    }
  };
  const registries = hasTable('registries')
    ? db
        .prepare<[], { id: number; secret: string }>(
          'SELECT id, secret FROM registries WHERE secret IS NOT NULL',
        )
        .all()
    : [];
  const totp = hasTable('users')
    ? db
        .prepare<[], { id: number; totp_secret: string }>(
          'SELECT id, totp_secret FROM users WHERE totp_secret IS NOT NULL',
        )
        .all()
    : [];
  return {
    secrets: { registries: registries.length, totp: totp.length },
    unreadable: {
      registries: registries.filter((r) => !readable(r.secret, registryAad(r.id))).length,
      totp: totp.filter((u) => !readable(u.totp_secret, totpAad(u.id))).length,
    },
  };
}

/** Checks an unpacked backup: its manifest, that its database opens, is intact and not newer than this build. */
function validate(dir: string): { manifest: BackupManifest; archiveKey: Buffer | null } {
  const manifestFile = path.join(dir, MANIFEST_FILE);
  if (!fs.existsSync(manifestFile)) throw invalid(`${MANIFEST_FILE} is missing`);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  } catch {
    throw invalid(`${MANIFEST_FILE} is not JSON`);
  }
  const parsed = backupManifestSchema.safeParse(raw);
  if (!parsed.success)
    throw invalid(`${MANIFEST_FILE} is not a Berth backup manifest (format ${BACKUP_FORMAT})`);
  const manifest = parsed.data;

  const keyFile = path.join(dir, KEY_FILE);
  const archiveKey = fs.existsSync(keyFile) ? fs.readFileSync(keyFile) : null;
  if (archiveKey && archiveKey.length !== KEY_LENGTH)
    throw invalid(`${KEY_FILE} must hold ${KEY_LENGTH} bytes, it has ${archiveKey.length}`);
  if (manifest.keyIncluded !== (archiveKey !== null))
    throw invalid(
      `the manifest says the key is ${manifest.keyIncluded ? '' : 'not '}included, the archive disagrees`,
    );

  const dbFile = path.join(dir, DB_FILE);
  if (!fs.existsSync(dbFile)) throw invalid(`${DB_FILE} is missing`);
  let db: Database.Database;
  try {
    db = new Database(dbFile, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw invalid(`${DB_FILE} does not open (${(err as Error).message})`);
  }
  try {
    let check: unknown;
    try {
      check = db.pragma('integrity_check', { simple: true });
    } catch (err) {
      throw invalid(`${DB_FILE} is not an SQLite database (${(err as Error).message})`);
    }
    if (check !== 'ok') throw invalid(`${DB_FILE} fails SQLite's integrity check (${String(check)})`);
    const version = schemaVersion(db);
    if (version > LATEST_SCHEMA_VERSION) {
      throw invalid(
        `its database has schema version ${version}, newer than this Berth's ${LATEST_SCHEMA_VERSION}: ` +
          'restore it with the release that made it or a later one',
      );
    }
    if (version !== manifest.schemaVersion)
      throw invalid(
        `the manifest says schema version ${manifest.schemaVersion}, the database has ${version}`,
      );
  } finally {
    db.close();
  }
  return { manifest, archiveKey };
}

/**
 * Reads a backup tar, validates it and stages it as <dataDir>/restore-pending/ (replacing one staged before),
 * to be applied at the next start. Nothing of the live data is touched.
 */
export async function stageRestore(
  source: Readable,
  options: { dataDir: string; envKey: string | undefined },
): Promise<StagedRestore> {
  fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const incoming = fs.mkdtempSync(path.join(options.dataDir, INCOMING_PREFIX));
  try {
    await unpack(source, incoming);
    const { manifest, archiveKey } = validate(incoming);
    const db = new Database(path.join(incoming, DB_FILE), { readonly: true, fileMustExist: true });
    let checked: ReturnType<typeof checkSecrets>;
    try {
      checked = checkSecrets(
        db,
        keyAfterRestore({ envKey: options.envKey, archiveKey, dataDir: options.dataDir }),
      );
    } finally {
      db.close();
    }
    const pending = path.join(options.dataDir, PENDING_DIR);
    fs.rmSync(pending, { recursive: true, force: true });
    fs.renameSync(incoming, pending);
    return { manifest, ...checked, restartRequired: true };
  } catch (err) {
    fs.rmSync(incoming, { recursive: true, force: true });
    throw err;
  }
}

/** The manifest of the restore waiting for the next start, or null. */
export function pendingRestore(dataDir: string): BackupManifest | null {
  const file = path.join(dataDir, PENDING_DIR, MANIFEST_FILE);
  if (!fs.existsSync(file)) return null;
  const parsed = backupManifestSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  return parsed.success ? parsed.data : null;
}

export function cancelRestore(dataDir: string): boolean {
  const pending = path.join(dataDir, PENDING_DIR);
  if (!fs.existsSync(pending)) return false;
  fs.rmSync(pending, { recursive: true, force: true });
  return true;
}

export interface AppliedRestore {
  manifest: BackupManifest | null;
  /** Where the database it replaced was moved, if there was one. */
  previousDb: string | null;
  previousKey: string | null;
  /** Where the stack files it replaced were moved, if there were any. */
  previousStacks: string | null;
}

/**
 * At start, before the database is opened: swaps in a staged restore. The current database (with its -wal and
 * -shm files) and, when the backup brings a key, the current key are kept beside it as
 * `<name>.before-restore-<time>`. Each step is a rename within the data directory, and a start interrupted
 * half-way finishes the job the next time (the staged directory goes last). Leftovers of interrupted uploads
 * and snapshots are removed.
 */
export function applyPendingRestore(dataDir: string, now = new Date()): AppliedRestore | null {
  if (!fs.existsSync(dataDir)) return null;
  for (const entry of fs.readdirSync(dataDir)) {
    if (entry.startsWith(INCOMING_PREFIX) || entry.startsWith(SNAPSHOT_PREFIX))
      fs.rmSync(path.join(dataDir, entry), { recursive: true, force: true });
  }
  const pending = path.join(dataDir, PENDING_DIR);
  if (!fs.existsSync(pending)) return null;
  const manifest = pendingRestore(dataDir);
  const stamp = now
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
  const result: AppliedRestore = { manifest, previousDb: null, previousKey: null, previousStacks: null };

  const stagedDb = path.join(pending, DB_FILE);
  const swapped = fs.existsSync(stagedDb);
  if (swapped) {
    const live = path.join(dataDir, DB_FILE);
    const kept = `${live}.before-restore-${stamp}`;
    for (const suffix of ['', '-wal', '-shm']) {
      if (fs.existsSync(live + suffix)) {
        fs.renameSync(live + suffix, kept + suffix);
        if (suffix === '') result.previousDb = kept;
      }
    }
    fs.renameSync(stagedDb, live);
  }
  // The stack files go with the database that describes them: the live ones are kept aside (never deleted) and
  // the backup's (none, for a backup older than stacks) take their place. A start interrupted after the
  // database swap finds the backup's stacks still staged and finishes the move.
  const stagedStacks = path.join(pending, STACKS_DIR);
  const liveStacks = path.join(dataDir, STACKS_DIR);
  if ((swapped || fs.existsSync(stagedStacks)) && fs.existsSync(liveStacks)) {
    result.previousStacks = `${liveStacks}.before-restore-${stamp}`;
    fs.renameSync(liveStacks, result.previousStacks);
  }
  if (fs.existsSync(stagedStacks)) fs.renameSync(stagedStacks, liveStacks);
  const stagedKey = path.join(pending, KEY_FILE);
  if (fs.existsSync(stagedKey)) {
    const live = path.join(dataDir, KEY_FILE);
    if (fs.existsSync(live)) {
      result.previousKey = `${live}.before-restore-${stamp}`;
      fs.renameSync(live, result.previousKey);
    }
    fs.renameSync(stagedKey, live);
    fs.chmodSync(live, 0o600);
  }
  fs.rmSync(pending, { recursive: true, force: true });
  return result;
}
