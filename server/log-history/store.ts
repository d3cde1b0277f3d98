import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import Database from 'better-sqlite3';
import {
  advanceCursor,
  ageCutoff,
  type HistoryLine,
  type HistorySearchResult,
  type HistoryStream,
  planRetention,
  type ResumeCursor,
  type StoreSize,
} from '@/lib/logs/history';

/**
 * The stored log lines: a SQLite file of their own (`log-history.db` beside berth.db), so millions of lines
 * never weigh on the main database, its backups or its WAL, and the cap can be checked on the file itself.
 *
 * - `sources`: one row per container instance (engine id), with its name and Compose project, and where its
 *   stored history ends (the resume cursor, written in the same transaction as the lines).
 * - `lines`: one row per line (source, stream, engine timestamp padded to nanoseconds, text).
 * - `lines_fts`: an external-content FTS5 index over `lines.line` (the text is stored once, in `lines`).
 *
 * History is found by name + project, never by id only: after `docker rm` and a recreation under the same name
 * the new instance is a new source with the same name, and both are searched together.
 */
export interface HistoryStore {
  db: Database.Database;
  file: string;
  insertBatch: (batch: readonly PendingLine[]) => StoredLine[];
  source: (c: { id: string; name: string; project: string | null }) => {
    id: number;
    cursor: ResumeCursor | null;
  };
}

export interface PendingLine {
  source: number;
  stream: HistoryStream;
  ts: string;
  text: string;
}

export interface StoredLine extends PendingLine {
  id: number;
}

export const HISTORY_FILE = 'log-history.db';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS sources (
    id INTEGER PRIMARY KEY,
    container_id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    project TEXT NOT NULL DEFAULT '',
    last_ts TEXT,
    at_ts INTEGER NOT NULL DEFAULT 0
  ) STRICT;
  CREATE INDEX IF NOT EXISTS sources_name ON sources(name, project);
  -- AUTOINCREMENT: ids never come back after the oldest lines are deleted, so a paging cursor stays valid.
  CREATE TABLE IF NOT EXISTS lines (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    source INTEGER NOT NULL,
    stream INTEGER NOT NULL,
    ts TEXT NOT NULL,
    line TEXT NOT NULL
  ) STRICT;
  CREATE INDEX IF NOT EXISTS lines_source ON lines(source, id);
  CREATE VIRTUAL TABLE IF NOT EXISTS lines_fts USING fts5(
    line, content='lines', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
  );
`;

export function openHistoryStore(dataDir: string, file = path.join(dataDir, HISTORY_FILE)): HistoryStore {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const db = new Database(file);
  // Set before the first table exists (it cannot change later without a VACUUM): with incremental auto-vacuum
  // the free pages of deleted lines can be handed back to the file system, so a lowered cap shrinks the file.
  db.pragma('auto_vacuum = INCREMENTAL');
  db.pragma('journal_mode = WAL');
  // The WAL is part of the disk used: checkpoint every 1 MiB and truncate it back to 1 MiB after.
  db.pragma('wal_autocheckpoint = 256');
  db.pragma('journal_size_limit = 1048576');
  // A SIGKILL loses nothing committed (WAL); synchronous=NORMAL may lose the last commits on a power cut only,
  // and those lines are read again from the engine at the next start (the cursor is in the same commit).
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);

  const insertLine = db.prepare<[number, number, string, string]>(
    'INSERT INTO lines (source, stream, ts, line) VALUES (?, ?, ?, ?)',
  );
  const insertFts = db.prepare<[number | bigint, string]>(
    'INSERT INTO lines_fts (rowid, line) VALUES (?, ?)',
  );
  const setCursor = db.prepare<[string, number, number]>(
    'UPDATE sources SET last_ts = ?, at_ts = ? WHERE id = ?',
  );
  const cursorOf = db.prepare<[number], { last_ts: string | null; at_ts: number }>(
    'SELECT last_ts, at_ts FROM sources WHERE id = ?',
  );
  const cursors = new Map<number, ResumeCursor | null>();

  const insertBatch = db.transaction((batch: readonly PendingLine[]) => {
    const stored: StoredLine[] = [];
    const tss = new Map<number, string[]>();
    for (const l of batch) {
      const { lastInsertRowid } = insertLine.run(l.source, l.stream === 'stderr' ? 1 : 0, l.ts, l.text);
      insertFts.run(lastInsertRowid, l.text);
      stored.push({ ...l, id: Number(lastInsertRowid) });
      const list = tss.get(l.source);
      if (list) list.push(l.ts);
      else tss.set(l.source, [l.ts]);
    }
    const moved = new Map<number, ResumeCursor | null>();
    for (const [source, list] of tss) {
      const known = cursors.has(source) ? (cursors.get(source) ?? null) : readCursor(source);
      const next = advanceCursor(known, list);
      if (next) setCursor.run(next.ts, next.atTs, source);
      moved.set(source, next);
    }
    // Only once the transaction is sure to commit (nothing below can throw).
    return { stored, moved };
  });

  function readCursor(source: number): ResumeCursor | null {
    const row = cursorOf.get(source);
    return row?.last_ts ? { ts: row.last_ts, atTs: row.at_ts } : null;
  }

  const findSource = db.prepare<[string], { id: number }>('SELECT id FROM sources WHERE container_id = ?');
  const addSource = db.prepare<[string, string, string]>(
    'INSERT INTO sources (container_id, name, project) VALUES (?, ?, ?)',
  );
  const renameSource = db.prepare<[string, string, number]>(
    'UPDATE sources SET name = ?, project = ? WHERE id = ?',
  );

  return {
    db,
    file,
    insertBatch: (batch) => {
      const { stored, moved } = insertBatch(batch);
      for (const [source, cursor] of moved) cursors.set(source, cursor);
      return stored;
    },
    source: (c) => {
      const found = findSource.get(c.id);
      if (found) {
        // A renamed container keeps its id: its later lines are found under its new name.
        renameSource.run(c.name, c.project ?? '', found.id);
        const cursor = readCursor(found.id);
        cursors.set(found.id, cursor);
        return { id: found.id, cursor };
      }
      const id = Number(addSource.run(c.id, c.name, c.project ?? '').lastInsertRowid);
      cursors.set(id, null);
      return { id, cursor: null };
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Retention

export function storeSize(db: Database.Database): StoreSize {
  return {
    pageSize: db.pragma('page_size', { simple: true }) as number,
    pageCount: db.pragma('page_count', { simple: true }) as number,
    freePages: db.pragma('freelist_count', { simple: true }) as number,
  };
}

const DELETE_CHUNK = 5000;

/** Deletes the `count` oldest lines (by id), index entries first (external content needs the old text). */
function deleteOldest(db: Database.Database, count: number, olderThan: string | null): number {
  const rows = db
    .prepare<[number], { id: number; ts: string; line: string }>(
      'SELECT id, ts, line FROM lines ORDER BY id LIMIT ?',
    )
    .all(count);
  const victims = olderThan ? rows.filter((r) => r.ts < olderThan) : rows;
  if (!victims.length) return 0;
  const ftsDelete = db.prepare<[number, string]>(
    "INSERT INTO lines_fts (lines_fts, rowid, line) VALUES ('delete', ?, ?)",
  );
  const del = db.prepare<[number]>('DELETE FROM lines WHERE id = ?');
  db.transaction(() => {
    for (const r of victims) {
      ftsDelete.run(r.id, r.line);
      del.run(r.id);
    }
  })();
  return victims.length;
}

/**
 * Keeps the history under its caps, in chunks (each its own short transaction, so ingest and searches
 * interleave). Size: the file is page_count × page_size; the live pages plus room for `incomingBytes` must fit
 * under the cap (planRetention), so the oldest lines go first, a chunk at a time, re-measured after each; free
 * pages are reused by later inserts before the file grows, and handed back with `incremental_vacuum` only when
 * the file itself is over its cap. FTS5 deletes leave tombstones that a merge reclaims: a bounded merge runs
 * after deleting so index pages are freed too. Age: the oldest lines by id are the oldest by time for all but a
 * late backfill, so deleting from the front while they are older than the cut-off finds them.
 */
export function enforceRetention(
  db: Database.Database,
  opts: { maxBytes: number; maxAgeDays: number; incomingBytes?: number; now?: number },
): { deleted: number } {
  const steps = retentionSteps(db, opts);
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
}

/**
 * The same, giving the event loop back between chunks: a large cut (a lowered cap) then never holds the
 * process, nor the file, for seconds; ingest and searches run between two chunks.
 */
export async function enforceRetentionInChunks(
  db: Database.Database,
  opts: { maxBytes: number; maxAgeDays: number; now?: number },
): Promise<{ deleted: number }> {
  const steps = retentionSteps(db, opts);
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value;
    await new Promise((r) => setImmediate(r));
  }
}

/** The retention work, one yield after each chunk's transaction (see enforceRetention). */
function* retentionSteps(
  db: Database.Database,
  opts: { maxBytes: number; maxAgeDays: number; incomingBytes?: number; now?: number },
): Generator<void, { deleted: number }, void> {
  let deleted = 0;
  const cutoff = ageCutoff(opts.maxAgeDays, opts.now ?? Date.now());
  if (cutoff) {
    for (;;) {
      const n = deleteOldest(db, DELETE_CHUNK, cutoff);
      deleted += n;
      if (n < DELETE_CHUNK) break;
      yield;
    }
  }
  const size = storeSize(db);
  const plan = planRetention(size, opts.maxBytes, opts.incomingBytes ?? 0);
  if (plan.trimBytes > 0) {
    const stats = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM lines').get();
    const total = stats?.n ?? 0;
    if (total) {
      // How many lines make up trimBytes, at the file's average bytes per line (rows, row index and FTS index
      // together). Re-measuring after each chunk would not do: FTS5 frees its pages only when segments merge,
      // so the pages would look live until then and the loop would delete everything.
      const live = (size.pageCount - size.freePages) * size.pageSize;
      const target = Math.min(total, Math.ceil(plan.trimBytes / Math.max(1, live / total)));
      for (let left = target; left > 0; ) {
        const n = deleteOldest(db, Math.min(DELETE_CHUNK, left), null);
        if (!n) break;
        deleted += n;
        left -= n;
        yield;
      }
      // Folds the delete tombstones into the index so its pages come free now: a full optimize after a large
      // cut (a lowered cap; what is left is small), a bounded merge step after the usual small trims.
      if (target * 4 >= total) db.prepare("INSERT INTO lines_fts (lines_fts) VALUES ('optimize')").run();
      else db.prepare("INSERT INTO lines_fts (lines_fts, rank) VALUES ('merge', 64)").run();
    }
  }
  const vacuum = planRetention(storeSize(db), opts.maxBytes, 0).vacuumPages;
  if (vacuum > 0) db.pragma(`incremental_vacuum(${vacuum})`);
  // Sources stay, even with no line left: their cursors say what was read, so nothing is read twice.
  return { deleted };
}

// ---------------------------------------------------------------------------------------------------------
// Search

export interface SearchParams {
  /** A safe FTS5 MATCH expression (ftsQuery), or null. */
  match: string | null;
  regex: RegExp | null;
  from: string | null;
  to: string | null;
  stream: HistoryStream | null;
  container: string | null;
  project: string | null;
  cursor: number | null;
  limit: number;
  context: number;
  /** Budget of a regex search: rows looked at, and time. */
  scanRows?: number;
  scanMs?: number;
}

interface Row {
  id: number;
  source: number;
  stream: number;
  ts: string;
  line: string;
}

interface SourceRow {
  id: number;
  container_id: string;
  name: string;
  project: string;
}

const DEFAULT_SCAN_ROWS = 500_000;
const REGEX_CHUNK = 512;

/**
 * Matches a chunk of rows against `re` within `timeoutMs`: the indexes of the matching rows, or null when the
 * time ran out (vm's timeout terminates the running script, a backtracking regex included).
 */
function chunkMatcher(re: RegExp): (rows: Row[], timeoutMs: number) => number[] | null {
  const context = vm.createContext({ re, lines: [] as string[], out: [] as number[] });
  const script = new vm.Script(
    'out = []; for (let i = 0; i < lines.length; i++) { re.lastIndex = 0; if (re.test(lines[i])) out.push(i); }',
  );
  return (rows, timeoutMs) => {
    context.lines = rows.map((r) => r.line);
    try {
      script.runInContext(context, { timeout: timeoutMs });
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return null;
      throw err;
    }
    return [...(context.out as number[])];
  };
}
const DEFAULT_SCAN_MS = 2_000;

export function searchHistory(db: Database.Database, p: SearchParams): HistorySearchResult {
  const started = performance.now();
  const sources = new Map<number, SourceRow>();
  const sourceOf = db.prepare<[number], SourceRow>(
    'SELECT id, container_id, name, project FROM sources WHERE id = ?',
  );
  const sourceRow = (id: number): SourceRow => {
    let s = sources.get(id);
    if (!s) {
      s = sourceOf.get(id) ?? { id, container_id: '', name: '?', project: '' };
      sources.set(id, s);
    }
    return s;
  };
  const view = (r: Row): HistoryLine => {
    const s = sourceRow(r.source);
    return {
      id: r.id,
      container: s.name,
      project: s.project || null,
      containerId: s.container_id,
      stream: r.stream ? 'stderr' : 'stdout',
      time: r.ts,
      text: r.line,
    };
  };

  const where: string[] = [];
  const args: (string | number)[] = [];
  if (p.container !== null || p.project !== null) {
    const conds: string[] = [];
    const sargs: string[] = [];
    if (p.container !== null) {
      conds.push('name = ?');
      sargs.push(p.container);
    }
    if (p.project !== null) {
      conds.push('project = ?');
      sargs.push(p.project);
    }
    const ids = db
      .prepare<string[], { id: number }>(`SELECT id FROM sources WHERE ${conds.join(' AND ')}`)
      .all(...sargs)
      .map((r) => r.id);
    if (!ids.length)
      return { hits: [], nextCursor: null, partial: false, tookMs: performance.now() - started };
    // Integers from the database itself: safe to inline.
    where.push(`l.source IN (${ids.join(',')})`);
  }
  if (p.from) {
    where.push('l.ts >= ?');
    args.push(p.from);
  }
  if (p.to) {
    where.push('l.ts <= ?');
    args.push(p.to);
  }
  if (p.stream) {
    where.push('l.stream = ?');
    args.push(p.stream === 'stderr' ? 1 : 0);
  }
  let sql: string;
  if (p.match) {
    // FTS5 drives: its rowids come newest first, and the filters are checked on each.
    if (p.cursor) where.push(`f.rowid < ${Math.floor(p.cursor)}`);
    sql = `SELECT l.id, l.source, l.stream, l.ts, l.line FROM lines_fts f JOIN lines l ON l.id = f.rowid
      WHERE lines_fts MATCH ?${where.length ? ` AND ${where.join(' AND ')}` : ''} ORDER BY f.rowid DESC`;
    args.unshift(p.match);
  } else {
    if (p.cursor) where.push(`l.id < ${Math.floor(p.cursor)}`);
    sql = `SELECT l.id, l.source, l.stream, l.ts, l.line FROM lines l
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY l.id DESC`;
  }

  const hitsRows: Row[] = [];
  let nextCursor: number | null = null;
  let partial = false;
  if (!p.regex) {
    hitsRows.push(...db.prepare<(string | number)[], Row>(`${sql} LIMIT ${p.limit + 1}`).all(...args));
    if (hitsRows.length > p.limit) {
      hitsRows.length = p.limit;
      nextCursor = hitsRows[hitsRows.length - 1]?.id ?? null;
    }
  } else {
    // The regex runs on the rows the index and filters let through, newest first, within a budget of rows and
    // of time; at the budget the answer is partial and its cursor resumes the scan where it stopped. The time
    // budget holds even against a catastrophic pattern (`(a+)+$`): each chunk of lines is matched inside a vm
    // script with a timeout, which interrupts the regex engine itself.
    const maxRows = p.scanRows ?? DEFAULT_SCAN_ROWS;
    const deadline = started + (p.scanMs ?? DEFAULT_SCAN_MS);
    const match = chunkMatcher(p.regex);
    let scanned = 0;
    let chunk: Row[] = [];
    let stopped = false;
    const runChunk = () => {
      const first = chunk[0];
      if (!first) return;
      const left = Math.floor(deadline - performance.now());
      const found = left > 0 ? match(chunk, left) : null;
      if (!found) {
        partial = true;
        stopped = true;
        nextCursor = first.id + 1; // this chunk again, from its newest row
        return;
      }
      for (const i of found) {
        const row = chunk[i] as Row;
        if (hitsRows.length === p.limit) {
          nextCursor = hitsRows[hitsRows.length - 1]?.id ?? null;
          stopped = true;
          return;
        }
        hitsRows.push(row);
      }
      chunk = [];
    };
    for (const r of db.prepare<(string | number)[], Row>(sql).iterate(...args)) {
      scanned++;
      chunk.push(r);
      if (chunk.length === REGEX_CHUNK) runChunk();
      if (stopped) break;
      if (scanned >= maxRows) {
        runChunk();
        if (!stopped) {
          partial = true;
          nextCursor = r.id;
        }
        stopped = true;
        break;
      }
    }
    if (!stopped) runChunk();
  }

  const before = db.prepare<[number, number, number], Row>(
    'SELECT id, source, stream, ts, line FROM lines WHERE source = ? AND id < ? ORDER BY id DESC LIMIT ?',
  );
  const after = db.prepare<[number, number, number], Row>(
    'SELECT id, source, stream, ts, line FROM lines WHERE source = ? AND id > ? ORDER BY id ASC LIMIT ?',
  );
  const hits = hitsRows.map((r) => ({
    ...view(r),
    before: p.context ? before.all(r.source, r.id, p.context).reverse().map(view) : [],
    after: p.context ? after.all(r.source, r.id, p.context).map(view) : [],
  }));
  return { hits, nextCursor, partial, tookMs: Math.round(performance.now() - started) };
}

export function historyTotals(db: Database.Database): {
  lines: number;
  oldest: string | null;
  newest: string | null;
} {
  const row = db
    .prepare<[], { n: number; lo: number | null; hi: number | null }>(
      'SELECT count(*) AS n, min(id) AS lo, max(id) AS hi FROM lines',
    )
    .get();
  const tsOf = db.prepare<[number], { ts: string }>('SELECT ts FROM lines WHERE id = ?');
  return {
    lines: row?.n ?? 0,
    oldest: row?.lo ? (tsOf.get(row.lo)?.ts ?? null) : null,
    newest: row?.hi ? (tsOf.get(row.hi)?.ts ?? null) : null,
  };
}

/** The file's bytes on disk (the database and its WAL). */
export function historyFileBytes(file: string): number {
  let total = 0;
  for (const f of [file, `${file}-wal`]) {
    try {
      total += fs.statSync(f).size;
    } catch {
      // not there (yet)
    }
  }
  return total;
}
