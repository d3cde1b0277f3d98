import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { config } from '@/server/config';
import { contextValue, serverContext } from '@/server/context';
import { type Migration, migrations } from '@/server/db/migrations';

export type Db = Database.Database;

/** Opens (creating when needed) the database file and brings its schema up to date. */
export function openDatabase(file: string, list: Migration[] = migrations): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, list);
  return db;
}

export function migrate(db: Db, list: Migration[]): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL
  ) STRICT`);
  const applied = new Set(
    db
      .prepare<[], { version: number }>('SELECT version FROM schema_migrations')
      .all()
      .map((row) => row.version),
  );
  const sorted = [...list].sort((a, b) => a.version - b.version);
  const ran: number[] = [];
  for (const m of sorted) {
    if (applied.has(m.version)) continue;
    // Each migration and its bookkeeping row commit together or not at all.
    db.transaction(() => {
      m.up(db);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        Date.now(),
      );
    })();
    ran.push(m.version);
  }
  return ran;
}

/** The process's database, kept in the server context. */
export function db(): Db {
  return contextValue('db', () => openDatabase(path.join(config.dataDir, 'berth.db')));
}

export function closeDatabase(): void {
  const ctx = serverContext();
  ctx.db?.close();
  ctx.db = null;
}
