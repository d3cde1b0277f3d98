import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { applyRestoreAtStart, runDataCommand } from '@/server/backup/cli';
import { openDatabase } from '@/server/db';
import { encryptSecret, loadSecretKey } from '@/server/security/crypto';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-data-cli-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function env(dataDir: string) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    env: {
      dataDir,
      envKey: undefined,
      out: (l: string) => out.push(l),
      err: (l: string) => err.push(l),
      stdin: Readable.from([]),
      stdout: new PassThrough(),
    },
  };
}

describe('data commands', () => {
  it('backs up a data directory while its database is open, and restores it into another at its next start', async () => {
    const source = tempDir();
    const key = loadSecretKey({ dataDir: source });
    const live = openDatabase(path.join(source, 'berth.db'));
    live
      .prepare(
        "INSERT INTO registries (id, name, url, secret, created_at, updated_at) VALUES (1, 'r', 'https://r', ?, 1, 1)",
      )
      .run(encryptSecret(key, 'pw', 'registry:1'));
    const file = path.join(tempDir(), 'b.tar');
    const backup = env(source);
    expect(await runDataCommand(['backup', '--include-key', '--out', file], backup.env)).toBe(0);
    expect(backup.err.join('\n')).toMatch(/with secret.key/);
    live.close();
    // An existing file is not overwritten.
    expect(await runDataCommand(['backup', '--out', file], backup.env)).toBe(1);

    const target = tempDir();
    loadSecretKey({ dataDir: target });
    const restore = env(target);
    expect(await runDataCommand(['restore', file], restore.env)).toBe(0);
    expect(restore.out.join('\n')).toMatch(/with its key[\s\S]*Restart Berth to apply it/);
    expect(restore.out.join('\n')).not.toMatch(/Warning/);
    const log: string[] = [];
    applyRestoreAtStart(target, (l) => log.push(l));
    expect(log.join('\n')).toMatch(/restored the backup of .* with its key/);
    const db = openDatabase(path.join(target, 'berth.db'));
    expect(db.prepare('SELECT name FROM registries').all()).toEqual([{ name: 'r' }]);
    db.close();
    expect(fs.readFileSync(path.join(target, 'secret.key')).equals(key)).toBe(true);
  });

  it('warns when a backup without its key leaves secrets unreadable; cancels a staged restore', async () => {
    const source = tempDir();
    const live = openDatabase(path.join(source, 'berth.db'));
    live
      .prepare(
        "INSERT INTO registries (id, name, url, secret, created_at, updated_at) VALUES (1, 'r', 'https://r', ?, 1, 1)",
      )
      .run(encryptSecret(loadSecretKey({ dataDir: source }), 'pw', 'registry:1'));
    live.close();
    const file = path.join(tempDir(), 'b.tar');
    const backup = env(source);
    expect(await runDataCommand(['backup', '--out', file], backup.env)).toBe(0);
    expect(backup.err.join('\n')).toMatch(/without secret.key: stored registry passwords/);
    const target = tempDir();
    const restore = env(target);
    expect(await runDataCommand(['restore', file], restore.env)).toBe(0);
    expect(restore.out.join('\n')).toMatch(/Warning: .* 1 registry password\(s\) and 0 two-factor/);
    expect(await runDataCommand(['restore', '--cancel'], restore.env)).toBe(0);
    expect(restore.out.at(-1)).toBe('The staged restore was dropped.');
    expect(fs.existsSync(path.join(target, 'restore-pending'))).toBe(false);
  });

  it('refuses unknown arguments and a missing database', async () => {
    const e = env(tempDir());
    expect(await runDataCommand(['backup', '--bogus'], e.env)).toBe(2);
    expect(await runDataCommand(['restore'], e.env)).toBe(2);
    expect(await runDataCommand(['backup'], e.env)).toBe(1);
    expect(e.err.at(-1)).toMatch(/No database at/);
  });
});
