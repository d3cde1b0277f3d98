import { z } from 'zod';

/**
 * Stored log history (issue 20): types, schemas and the pure parts shared by the server and the browser
 * (what is followed, FTS5 query escaping, timestamps, the resume boundary, retention planning).
 */

export const HISTORY_STREAMS = ['stdout', 'stderr'] as const;
export type HistoryStream = (typeof HISTORY_STREAMS)[number];

/** Floor of the size cap: below this the bookkeeping pages alone would not fit. */
export const MIN_HISTORY_BYTES = 1024 * 1024;
export const MAX_HISTORY_BYTES = 1024 ** 4;

const nameList = z.array(z.string().trim().min(1).max(200)).max(200);

export const logHistoryConfigSchema = z
  .object({
    /** Follows every container of the local engine (the size cap still holds). */
    all: z.boolean(),
    /** Exact container names (without the leading slash). */
    names: nameList,
    /** `key` (any value) or `key=value`. */
    labels: nameList,
    /** Compose project names (`com.docker.compose.project`). */
    projects: nameList,
    /** Lines older than this are deleted; 0 keeps them until the size cap needs their room. */
    maxAgeDays: z.number().int().min(0).max(3650),
    /** The history database's file is kept under this many bytes. */
    maxBytes: z.number().int().min(MIN_HISTORY_BYTES).max(MAX_HISTORY_BYTES),
  })
  .strict();
export type LogHistoryConfig = z.infer<typeof logHistoryConfigSchema>;

export const DEFAULT_HISTORY_CONFIG: LogHistoryConfig = {
  all: false,
  names: [],
  labels: [],
  projects: [],
  maxAgeDays: 7,
  maxBytes: 512 * 1024 * 1024,
};

/** Whether nothing at all is followed. */
export function followsNothing(c: LogHistoryConfig): boolean {
  return !c.all && !c.names.length && !c.labels.length && !c.projects.length;
}

export const COMPOSE_PROJECT_LABEL = 'com.docker.compose.project';

/** Whether a container (name without slash, its labels) is followed under `config`. */
export function isFollowed(
  config: LogHistoryConfig,
  container: { name: string; labels: Record<string, string> },
): boolean {
  if (config.all) return true;
  if (config.names.includes(container.name)) return true;
  const project = container.labels[COMPOSE_PROJECT_LABEL];
  if (project && config.projects.includes(project)) return true;
  return config.labels.some((spec) => {
    const eq = spec.indexOf('=');
    if (eq < 0) return spec in container.labels;
    return container.labels[spec.slice(0, eq)] === spec.slice(eq + 1);
  });
}

// ---------------------------------------------------------------------------------------------------------
// Timestamps

/**
 * The engine writes RFC 3339 with nanoseconds and trailing zeros cut (`…:05.1Z`): stored padded to nine digits
 * (`…:05.100000000Z`), so text order is time order and the engine's precision is kept.
 */
export function normalizeTs(ts: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(ts);
  if (!m) return null;
  const [, base, frac = '', zone] = m;
  if (zone === 'Z') return `${base}.${frac.padEnd(9, '0')}Z`;
  // Engines log in UTC; an offset is turned into UTC through Date (to the ms) and keeps its digits below.
  const ms = Date.parse(`${base}${zone}`);
  if (!Number.isFinite(ms)) return null;
  return `${new Date(ms).toISOString().slice(0, 19)}.${frac.padEnd(9, '0')}Z`;
}

/** A stored timestamp as the engine's `since`: "seconds.nanoseconds". */
export function tsToSince(ts: string): string {
  const seconds = Math.floor(Date.parse(`${ts.slice(0, 19)}Z`) / 1000);
  return `${seconds}.${ts.slice(20, 29)}`;
}

/** A time the user gave (ISO, any precision, or a ms number) as a stored timestamp, or null. */
export function tsFromInput(input: string): string | null {
  const direct = normalizeTs(input);
  if (direct) return direct;
  const ms = /^\d+$/.test(input) ? Number(input) : Date.parse(input);
  if (!Number.isFinite(ms)) return null;
  return `${new Date(ms).toISOString().slice(0, 23)}000000Z`;
}

/** A stored timestamp back to milliseconds (for the browser's time pickers). */
export function tsToMs(ts: string): number {
  return Date.parse(`${ts.slice(0, 23)}Z`);
}

// ---------------------------------------------------------------------------------------------------------
// Resume boundary

/**
 * Where one container's stored history ends: the last stored timestamp and how many lines were stored with
 * exactly that timestamp. Kept in the same transaction as the lines, so after a SIGKILL it says precisely what
 * the committed batches hold.
 */
export interface ResumeCursor {
  ts: string;
  atTs: number;
}

/**
 * A filter for the lines the engine sends again after a resume. `since` is inclusive (the engine skips only
 * lines *before* it), so the lines at the boundary timestamp come again, in the same order (one log file):
 * the first `atTs` of them are already stored and dropped, later ones at that timestamp are new. Anything before
 * the boundary is dropped too; from the first line after it, everything passes.
 */
export function resumeFilter(cursor: ResumeCursor | null): (ts: string) => boolean {
  if (!cursor) return () => true;
  let skip = cursor.atTs;
  let past = false;
  return (ts) => {
    if (past) return true;
    if (ts < cursor.ts) return false;
    if (ts === cursor.ts) {
      if (skip > 0) {
        skip--;
        return false;
      }
      return true;
    }
    past = true;
    return true;
  };
}

/** The cursor after storing lines with these timestamps (in order) on top of `cursor`. */
export function advanceCursor(cursor: ResumeCursor | null, tss: readonly string[]): ResumeCursor | null {
  let next = cursor;
  for (const ts of tss) {
    if (next && ts === next.ts) next = { ts, atTs: next.atTs + 1 };
    else if (!next || ts > next.ts) next = { ts, atTs: 1 };
    // an older timestamp (clock step back on the engine) does not move the cursor back
  }
  return next;
}

// ---------------------------------------------------------------------------------------------------------
// Full-text query

export type FtsQuery = { ok: true; match: string | null } | { ok: false; error: string };

/** Characters unicode61 indexes as parts of words: a term without any is no term. */
const WORD = /[\p{L}\p{N}]/u;

/**
 * The user's words as a safe FTS5 MATCH expression. Every term is a quoted string (quotes doubled), so FTS5
 * syntax in the input (`AND`, `NEAR(`, `col:`, `^`, stray quotes or parentheses) is only ever text; terms are
 * ANDed; `"a phrase"` stays a phrase; a trailing `*` asks for a prefix. Empty input: no text filter at all.
 */
export function ftsQuery(input: string): FtsQuery {
  const trimmed = input.trim();
  if (!trimmed) return { ok: true, match: null };
  if (trimmed.length > 500) return { ok: false, error: 'at most 500 characters' };
  const parts: string[] = [];
  const re = /"([^"]*)"?|(\S+)/g;
  for (let m = re.exec(trimmed); m; m = re.exec(trimmed)) {
    let term = m[1] ?? m[2] ?? '';
    let prefix = false;
    if (m[2] !== undefined && term.length > 1 && term.endsWith('*')) {
      prefix = true;
      term = term.slice(0, -1);
    }
    if (!WORD.test(term)) continue;
    parts.push(`"${term.replace(/"/g, '""')}"${prefix ? '*' : ''}`);
  }
  if (!parts.length) return { ok: false, error: 'no searchable words (letters or digits)' };
  if (parts.length > 32) return { ok: false, error: 'at most 32 terms' };
  return { ok: true, match: parts.join(' AND ') };
}

/** A user's regular expression, or why not. Bounded length: it runs against many lines. */
export function historyRegex(
  source: string,
  caseSensitive: boolean,
): { ok: true; re: RegExp } | { ok: false; error: string } {
  if (source.length > 500) return { ok: false, error: 'at most 500 characters' };
  try {
    return { ok: true, re: new RegExp(source, caseSensitive ? '' : 'i') };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}

// ---------------------------------------------------------------------------------------------------------
// Retention

export interface StoreSize {
  pageSize: number;
  pageCount: number;
  freePages: number;
}

export interface RetentionPlan {
  /** Bytes of live pages to free by deleting the oldest lines (0: none). */
  trimBytes: number;
  /** Free pages to hand back to the file system (incremental vacuum), so the file shrinks under its cap. */
  vacuumPages: number;
}

/**
 * What keeps the history file under `capBytes` before `incomingBytes` more are written. The file is
 * page_count × page_size; free pages (of deleted lines) are reused before the file grows, so what counts is
 * the live pages plus what is coming (× `slack`: row, index and FTS pages the new lines add). Live data is kept
 * under `high` of the cap, not all of it, because FTS5 merges its index segments by writing the merged segment
 * before freeing the old ones: a merge briefly needs up to the index's size again (measured: ~30 % of the data
 * for log lines). Past `high`, the oldest lines are deleted down to `low` (so the next batches do not each trim
 * again). When the file itself is over the cap (a cap just lowered), free pages are vacuumed away until it is
 * under `low`.
 */
export function planRetention(
  size: StoreSize,
  capBytes: number,
  incomingBytes: number,
  opts: { slack?: number; high?: number; low?: number } = {},
): RetentionPlan {
  const slack = opts.slack ?? 3;
  const high = opts.high ?? 0.65;
  const low = opts.low ?? 0.55;
  const live = (size.pageCount - size.freePages) * size.pageSize;
  const needed = live + incomingBytes * slack;
  const trimBytes = needed > capBytes * high ? Math.max(0, Math.ceil(needed - capBytes * low)) : 0;
  const fileBytes = size.pageCount * size.pageSize;
  // Only over the cap: below it, free pages are better kept for the next batches than handed back and regrown.
  const vacuumPages =
    fileBytes > capBytes
      ? Math.min(size.freePages, Math.ceil((fileBytes - capBytes * low) / size.pageSize))
      : 0;
  return { trimBytes, vacuumPages };
}

/** The cut-off timestamp of the age retention, or null when lines never age out. */
export function ageCutoff(maxAgeDays: number, now: number): string | null {
  if (maxAgeDays <= 0) return null;
  return `${new Date(now - maxAgeDays * 86_400_000).toISOString().slice(0, 23)}000000Z`;
}

// ---------------------------------------------------------------------------------------------------------
// Search API

export const historySearchQuerySchema = z.object({
  q: z.string().max(2000).optional(),
  regex: z.string().max(2000).optional(),
  caseSensitive: z.enum(['0', '1', 'true', 'false']).optional(),
  from: z.string().max(64).optional(),
  to: z.string().max(64).optional(),
  stream: z.enum(HISTORY_STREAMS).optional(),
  container: z.string().max(200).optional(),
  project: z.string().max(200).optional(),
  /** Id of the last hit of the previous page (results are newest first). */
  cursor: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  context: z.coerce.number().int().min(0).max(20).optional(),
});
export type HistorySearchQuery = z.input<typeof historySearchQuerySchema>;

export interface HistoryLine {
  id: number;
  container: string;
  project: string | null;
  containerId: string;
  stream: HistoryStream;
  /** RFC 3339, nanoseconds. */
  time: string;
  text: string;
}

export interface HistoryHit extends HistoryLine {
  before: HistoryLine[];
  after: HistoryLine[];
}

export interface HistorySearchResult {
  hits: HistoryHit[];
  /** Pass as `cursor` for the next (older) page; null when there is none. */
  nextCursor: number | null;
  /** A regex search stopped at its budget (rows scanned or time): there may be more, older matches. */
  partial: boolean;
  tookMs: number;
}

export interface LogHistoryStatus {
  config: LogHistoryConfig;
  /** Containers followed right now. */
  following: { id: string; name: string; project: string | null }[];
  lines: number;
  fileBytes: number;
  oldest: string | null;
  newest: string | null;
}

/** The `docker logs` equivalent of a history search (what an operator would type on the host). */
export function historyCli(q: {
  container?: string;
  from?: string;
  to?: string;
  text?: string;
  regex?: string;
  caseSensitive?: boolean;
  stream?: HistoryStream;
}): string {
  const quote = (s: string) => (/^[\w./:@=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  const parts = ['docker logs --timestamps'];
  if (q.from) parts.push(`--since ${quote(q.from)}`);
  if (q.to) parts.push(`--until ${quote(q.to)}`);
  parts.push(quote(q.container || 'NAME'));
  let cmd = parts.join(' ');
  cmd += q.stream === 'stderr' ? ' 2>&1 >/dev/null' : q.stream === 'stdout' ? ' 2>/dev/null' : ' 2>&1';
  const i = q.caseSensitive ? '' : 'i';
  if (q.text?.trim()) cmd += ` | grep -F${i}w ${quote(q.text.trim())}`;
  if (q.regex) cmd += ` | grep -E${i} ${quote(q.regex)}`;
  return cmd;
}
