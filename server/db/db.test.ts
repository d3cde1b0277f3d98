import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '@/server/db';
import { type Migration, migrations } from '@/server/db/migrations';

const dirs: string[] = [];
function tempFile() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-db-'));
  dirs.push(dir);
  return path.join(dir, 'nested', 'berth.db');
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('database migrations', () => {
  it('creates the data directory and applies every migration once, in order', () => {
    const file = tempFile();
    const order: number[] = [];
    const list: Migration[] = [
      {
        version: 2,
        name: 'second',
        up: (db) => {
          order.push(2);
          db.exec('CREATE TABLE b (x INTEGER)');
        },
      },
      {
        version: 1,
        name: 'first',
        up: (db) => {
          order.push(1);
          db.exec('CREATE TABLE a (x INTEGER)');
        },
      },
    ];
    const db = openDatabase(file, list);
    expect(order).toEqual([1, 2]);
    expect(migrate(db, list)).toEqual([]);
    db.close();
    const again = openDatabase(file, list);
    expect(order).toEqual([1, 2]);
    const versions = again.prepare('SELECT version FROM schema_migrations ORDER BY version').all();
    expect(versions).toEqual([{ version: 1 }, { version: 2 }]);
    again.close();
  });

  it('rolls back a failing migration with its bookkeeping row', () => {
    const file = tempFile();
    const list: Migration[] = [
      {
        version: 1,
        name: 'broken',
        up: (db) => {
          db.exec('CREATE TABLE half (x INTEGER)');
          throw new Error('boom');
        },
      },
    ];
    expect(() => openDatabase(file, list)).toThrow('boom');
    const db = openDatabase(file, []);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").all();
    expect(tables).toEqual([]);
    db.close();
  });

  it('ships a settings table', () => {
    const db = openDatabase(tempFile());
    db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)').run('k', 'v', 1);
    expect(db.prepare('SELECT value FROM settings WHERE key = ?').get('k')).toEqual({ value: 'v' });
    db.close();
  });

  it('brings a version 3 database with API tokens in it to the current schema, keeping its rows', () => {
    const file = tempFile();
    const v3 = openDatabase(
      file,
      migrations.filter((m) => m.version <= 3),
    );
    v3.prepare(
      "INSERT INTO users (id, username, password_hash, role, created_at, updated_at) VALUES (1, 'ann', 'h', 'admin', 1, 1)",
    ).run();
    v3.prepare(
      "INSERT INTO api_tokens (id, user_id, name, prefix, token_hash, created_at, last_used_at) VALUES (7, 1, 'ci', 'brt_ab', 'hash', 2, 3)",
    ).run();
    v3.close();

    const current = openDatabase(file);
    const versions = current.prepare('SELECT version FROM schema_migrations ORDER BY version').all();
    expect(versions.at(-1)).toEqual({ version: migrations.at(-1)?.version });
    expect(current.prepare('SELECT * FROM api_tokens').all()).toEqual([
      {
        id: 7,
        user_id: 1,
        name: 'ci',
        prefix: 'brt_ab',
        token_hash: 'hash',
        created_at: 2,
        last_used_at: 3,
        last_used_ip: null,
        expires_at: null,
        keep_on_revoke: 0,
      },
    ]);
    // The new column takes only 0 and 1.
    expect(() => current.prepare('UPDATE api_tokens SET keep_on_revoke = 2').run()).toThrow(/CHECK/);
    current.close();
  });
});
