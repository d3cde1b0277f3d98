import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import Database from 'better-sqlite3';
import tar from 'tar-stream';
import { afterEach, describe, expect, it } from 'vitest';
import {
  applyPendingRestore,
  backupFileName,
  createBackup,
  LATEST_SCHEMA_VERSION,
  pendingRestore,
  stageRestore,
} from '@/server/backup/archive';
import { openDatabase } from '@/server/db';
import { bodyLimit } from '@/server/http/body';
import { encryptSecret, loadSecretKey } from '@/server/security/crypto';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-backup-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The members of a tar, by name. */
async function members(archive: Buffer): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  const extract = tar.extract();
  Readable.from([archive]).pipe(extract);
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    out.set(entry.header.name, Buffer.concat(chunks));
  }
  return out;
}

async function pack(files: Record<string, string | Buffer>): Promise<Buffer> {
  const p = tar.pack();
  for (const [name, content] of Object.entries(files)) p.entry({ name }, content);
  p.finalize();
  return collect(p as unknown as Readable);
}

/** A data dir as a running Berth leaves it: a migrated database with a registry password, and its key file. */
function populatedDataDir(): { dir: string; db: Database.Database; key: Buffer } {
  const dir = tempDir();
  const key = loadSecretKey({ dataDir: dir });
  const db = openDatabase(path.join(dir, 'berth.db'));
  db.prepare(
    "INSERT INTO users (username, password_hash, role, created_at, updated_at) VALUES ('ann', 'h', 'admin', 1, 1)",
  ).run();
  db.prepare(
    "INSERT INTO registries (id, name, url, username, secret, created_at, updated_at) VALUES (1, 'r', 'https://r.example', 'u', ?, 1, 1)",
  ).run(encryptSecret(key, 'registry-password', 'registry:1'));
  return { dir, db, key };
}

const manifestOf = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    format: 1,
    berthVersion: '0.1.0',
    schemaVersion: LATEST_SCHEMA_VERSION,
    createdAt: '2026-12-06T19:00:00.000Z',
    keyIncluded: false,
    keyFromEnvironment: false,
    ...over,
  });

describe('backup archive', () => {
  it('holds a manifest and a consistent copy of the live database, and the key only when asked', async () => {
    const { dir, db, key } = populatedDataDir();
    // Written after the snapshot's source was opened, still in the WAL: the copy must include it.
    db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('k', '\"v\"', 1)").run();
    const without = await createBackup({ db, dataDir: dir, includeKey: false, keyFromEnvironment: false });
    const plain = await members(await collect(without.stream));
    expect([...plain.keys()]).toEqual(['manifest.json', 'berth.db']);
    const manifest = JSON.parse(plain.get('manifest.json')?.toString() ?? '');
    expect(manifest).toMatchObject({ format: 1, schemaVersion: LATEST_SCHEMA_VERSION, keyIncluded: false });
    expect(backupFileName(manifest)).toMatch(/^berth-backup-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.tar$/);

    const copyFile = path.join(tempDir(), 'copy.db');
    fs.writeFileSync(copyFile, plain.get('berth.db') ?? Buffer.alloc(0));
    const copy = new Database(copyFile, { readonly: true });
    expect(copy.prepare('SELECT value FROM settings WHERE key = ?').get('k')).toEqual({ value: '"v"' });
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    copy.close();

    const withKey = await createBackup({ db, dataDir: dir, includeKey: true, keyFromEnvironment: false });
    const keyed = await members(await collect(withKey.stream));
    expect(keyed.get('secret.key')?.equals(key)).toBe(true);
    expect(withKey.manifest.keyIncluded).toBe(true);
    // The temporary snapshots are gone once the streams ended.
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('backup-snapshot-'))).toEqual([]);
    db.close();
  });

  it('says so when the key comes from BERTH_SECRET_KEY and cannot be included', async () => {
    const { dir, db } = populatedDataDir();
    const backup = await createBackup({ db, dataDir: dir, includeKey: true, keyFromEnvironment: true });
    const files = await members(await collect(backup.stream));
    expect(files.has('secret.key')).toBe(false);
    expect(backup.manifest).toMatchObject({ keyIncluded: false, keyFromEnvironment: true });
    db.close();
  });
});

describe('staged restore', () => {
  it('stages a backup with its key and applies it at the next start, keeping the replaced files', async () => {
    const source = populatedDataDir();
    const backup = await createBackup({
      db: source.db,
      dataDir: source.dir,
      includeKey: true,
      keyFromEnvironment: false,
    });
    const archive = await collect(backup.stream);
    source.db.close();

    const target = tempDir();
    const oldKey = loadSecretKey({ dataDir: target });
    openDatabase(path.join(target, 'berth.db')).close();
    const staged = await stageRestore(Readable.from([archive]), { dataDir: target, envKey: undefined });
    expect(staged).toMatchObject({
      restartRequired: true,
      secrets: { registries: 1, totp: 0 },
      unreadable: { registries: 0, totp: 0 },
    });
    expect(pendingRestore(target)?.keyIncluded).toBe(true);
    // Nothing live was touched yet.
    expect(fs.readFileSync(path.join(target, 'secret.key')).equals(oldKey)).toBe(true);

    const applied = applyPendingRestore(target, new Date('2026-12-06T20:00:00Z'));
    expect(applied?.previousDb).toBe(path.join(target, 'berth.db.before-restore-2026-12-06T20-00-00Z'));
    expect(applied?.previousKey).toBe(path.join(target, 'secret.key.before-restore-2026-12-06T20-00-00Z'));
    expect(fs.existsSync(path.join(target, 'restore-pending'))).toBe(false);
    expect(fs.readFileSync(path.join(target, 'secret.key')).equals(source.key)).toBe(true);
    expect((fs.statSync(path.join(target, 'secret.key')).mode & 0o777).toString(8)).toBe('600');
    const restored = openDatabase(path.join(target, 'berth.db'));
    expect(restored.prepare('SELECT username FROM users').all()).toEqual([{ username: 'ann' }]);
    restored.close();
    expect(applyPendingRestore(target)).toBeNull();
  });

  it("carries the stacks' files and puts them back, keeping the replaced ones aside", async () => {
    const source = populatedDataDir();
    const web = path.join(source.dir, 'stacks', 'web');
    fs.mkdirSync(web, { recursive: true });
    fs.writeFileSync(path.join(web, 'compose.yaml'), 'services:\n  web:\n    image: busybox\n');
    fs.writeFileSync(path.join(web, '.env'), 'DB_PASSWORD=s3cret\n');
    // Not Berth's: a link and a subfolder are left out.
    fs.symlinkSync('/etc/passwd', path.join(web, 'passwd'));
    fs.mkdirSync(path.join(web, 'data'));
    const backup = await createBackup({
      db: source.db,
      dataDir: source.dir,
      includeKey: false,
      keyFromEnvironment: false,
    });
    const archive = await collect(backup.stream);
    source.db.close();
    expect([...(await members(archive)).keys()].filter((m) => m.startsWith('stacks/')).sort()).toEqual([
      'stacks/web/.env',
      'stacks/web/compose.yaml',
    ]);

    const target = tempDir();
    openDatabase(path.join(target, 'berth.db')).close();
    fs.mkdirSync(path.join(target, 'stacks', 'old'), { recursive: true });
    fs.writeFileSync(path.join(target, 'stacks', 'old', 'compose.yaml'), 'services: {}\n');
    await stageRestore(Readable.from([archive]), { dataDir: target, envKey: undefined });
    // Staged only: the live stacks are as they were until the next start.
    expect(fs.existsSync(path.join(target, 'stacks', 'old', 'compose.yaml'))).toBe(true);
    const applied = applyPendingRestore(target, new Date('2026-12-06T20:00:00Z'));
    expect(applied?.previousStacks).toBe(path.join(target, 'stacks.before-restore-2026-12-06T20-00-00Z'));
    expect(fs.readFileSync(path.join(target, 'stacks', 'web', '.env'), 'utf8')).toBe('DB_PASSWORD=s3cret\n');
    expect(fs.existsSync(path.join(target, 'stacks', 'old'))).toBe(false);
    expect(
      fs.existsSync(path.join(target, 'stacks.before-restore-2026-12-06T20-00-00Z', 'old', 'compose.yaml')),
    ).toBe(true);
  });

  it.each([
    ['a path out of the stacks folder', 'stacks/../escape'],
    ['a nested path', 'stacks/web/sub/compose.yaml'],
    ['a bad stack name', 'stacks/Web!/compose.yaml'],
  ])('refuses an archive with %s and stages nothing', async (_what, member) => {
    const source = populatedDataDir();
    const backup = await createBackup({
      db: source.db,
      dataDir: source.dir,
      includeKey: false,
      keyFromEnvironment: false,
    });
    const good = await members(await collect(backup.stream));
    source.db.close();
    const files: Record<string, Buffer | string> = Object.fromEntries(good);
    files[member] = 'services: {}\n';
    const target = tempDir();
    await expect(
      stageRestore(Readable.from([await pack(files)]), { dataDir: target, envKey: undefined }),
    ).rejects.toThrow(/Not a usable Berth backup/);
    expect(pendingRestore(target)).toBeNull();
    expect(fs.existsSync(path.join(target, 'escape'))).toBe(false);
  });

  it('without the key, says how many secrets the install key cannot read', async () => {
    const source = populatedDataDir();
    const backup = await createBackup({
      db: source.db,
      dataDir: source.dir,
      includeKey: false,
      keyFromEnvironment: false,
    });
    const archive = await collect(backup.stream);
    source.db.close();
    const target = tempDir();
    loadSecretKey({ dataDir: target });
    const staged = await stageRestore(Readable.from([archive]), { dataDir: target, envKey: undefined });
    expect(staged.unreadable).toEqual({ registries: 1, totp: 0 });
    // Unless BERTH_SECRET_KEY is the key: with it, the secrets read (and a key file would be ignored).
    const envTarget = tempDir();
    const envKey = 'a-long-enough-environment-key';
    const keyed = openDatabase(path.join(envTarget, 'berth.db'));
    keyed
      .prepare(
        "INSERT INTO registries (id, name, url, secret, created_at, updated_at) VALUES (1, 'r', 'https://r', ?, 1, 1)",
      )
      .run(encryptSecret(loadSecretKey({ envKey, dataDir: envTarget }), 'pw', 'registry:1'));
    const envBackup = await createBackup({
      db: keyed,
      dataDir: envTarget,
      includeKey: true,
      keyFromEnvironment: true,
    });
    const envArchive = await collect(envBackup.stream);
    keyed.close();
    const envStaged = await stageRestore(Readable.from([envArchive]), { dataDir: tempDir(), envKey });
    expect(envStaged.unreadable).toEqual({ registries: 0, totp: 0 });
  });

  it('finishes a restore interrupted after the database was swapped', () => {
    const dir = tempDir();
    const pending = path.join(dir, 'restore-pending');
    fs.mkdirSync(pending);
    fs.writeFileSync(path.join(pending, 'manifest.json'), manifestOf({ keyIncluded: true }));
    fs.writeFileSync(path.join(pending, 'secret.key'), randomBytes(32));
    fs.writeFileSync(path.join(dir, 'berth.db'), 'already swapped');
    fs.mkdirSync(path.join(dir, 'restore-incoming-x'));
    const applied = applyPendingRestore(dir);
    expect(applied?.previousDb).toBeNull();
    expect(fs.readFileSync(path.join(dir, 'berth.db'), 'utf8')).toBe('already swapped');
    expect(fs.readdirSync(dir).sort()).toEqual(['berth.db', 'secret.key']);
  });

  it('refuses archives that are not a usable backup, leaving nothing staged', async () => {
    const dir = tempDir();
    const good = fs.readFileSync(
      await (async () => {
        const f = path.join(tempDir(), 'ok.db');
        openDatabase(f).close();
        const db = new Database(f);
        db.pragma('journal_mode = DELETE');
        db.close();
        return f;
      })(),
    );
    const stage = async (files: Record<string, string | Buffer>) =>
      stageRestore(Readable.from([await pack(files)]), { dataDir: dir, envKey: undefined });

    await expect(stage({ 'berth.db': good })).rejects.toThrow(/manifest.json is missing/);
    await expect(stage({ 'manifest.json': '{', 'berth.db': good })).rejects.toThrow(/not JSON/);
    await expect(stage({ 'manifest.json': manifestOf({ format: 2 }), 'berth.db': good })).rejects.toThrow(
      /not a Berth backup manifest/,
    );
    await expect(stage({ 'manifest.json': manifestOf() })).rejects.toThrow(/berth.db is missing/);
    await expect(
      stage({ 'manifest.json': manifestOf(), 'berth.db': 'not a database at all' }),
    ).rejects.toThrow(/not an SQLite database|does not open/);
    await expect(
      stage({ 'manifest.json': manifestOf(), 'berth.db': good, '../escape': 'x' }),
    ).rejects.toThrow(/unexpected member/);
    await expect(
      stage({ 'manifest.json': manifestOf({ keyIncluded: true }), 'berth.db': good, 'secret.key': 'short' }),
    ).rejects.toThrow(/32 bytes/);
    await expect(
      stage({ 'manifest.json': manifestOf({ keyIncluded: true }), 'berth.db': good }),
    ).rejects.toThrow(/the archive disagrees/);
    await expect(
      stage({ 'manifest.json': manifestOf({ schemaVersion: 1 }), 'berth.db': good }),
    ).rejects.toThrow(/says schema version 1/);
    await expect(
      stageRestore(Readable.from([Buffer.from('plain text, not a tar '.repeat(40))]), {
        dataDir: dir,
        envKey: undefined,
      }),
    ).rejects.toThrow(/Not a usable Berth backup/);

    // From a newer Berth: a migration this build does not know.
    const newer = path.join(tempDir(), 'newer.db');
    const db = openDatabase(newer);
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'future', 1)").run(
      LATEST_SCHEMA_VERSION + 1,
    );
    db.pragma('journal_mode = DELETE');
    db.close();
    await expect(
      stage({
        'manifest.json': manifestOf({ schemaVersion: LATEST_SCHEMA_VERSION + 1 }),
        'berth.db': fs.readFileSync(newer),
      }),
    ).rejects.toThrow(/newer than this Berth/);

    expect(fs.readdirSync(dir)).toEqual([]);
    await stage({ 'manifest.json': manifestOf(), 'berth.db': good });
    expect(fs.readdirSync(dir)).toEqual(['restore-pending']);
  });

  it('takes uploads up to 1 GiB on the restore route', () => {
    expect(bodyLimit('POST', '/api/system/restore')).toMatchObject({ maxBytes: 1024 ** 3, what: 'A backup' });
    expect(bodyLimit('GET', '/api/system/restore').maxBytes).toBe(1024 * 1024);
  });
});
