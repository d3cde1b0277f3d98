import type { z } from 'zod';
import {
  ftsQuery,
  type HistorySearchResult,
  historyRegex,
  type historySearchQuerySchema,
  type LogHistoryStatus,
  tsFromInput,
} from '@/lib/logs/history';
import { HttpError } from '@/server/http/errors';
import { readHistoryConfig } from '@/server/log-history/config';
import { historyFollowing, historyState, historyStore } from '@/server/log-history/ingest';
import { historyFileBytes, historyTotals, searchHistory } from '@/server/log-history/store';

function badField(field: string, message: string): HttpError {
  return new HttpError(400, 'bad_request', `${field}: ${message}`, [{ path: field, message }]);
}

/** A search as the route receives it: the user's words and regex checked here, 400 naming the field. */
export function runHistorySearch(q: z.output<typeof historySearchQuerySchema>): HistorySearchResult {
  const fts = ftsQuery(q.q ?? '');
  if (!fts.ok) throw badField('query.q', fts.error);
  const caseSensitive = q.caseSensitive === '1' || q.caseSensitive === 'true';
  let regex: RegExp | null = null;
  if (q.regex) {
    const r = historyRegex(q.regex, caseSensitive);
    if (!r.ok) throw badField('query.regex', r.error);
    regex = r.re;
  }
  const from = q.from ? tsFromInput(q.from) : null;
  if (q.from && !from) throw badField('query.from', 'not a time (RFC 3339 or Unix milliseconds)');
  const to = q.to ? tsFromInput(q.to) : null;
  if (q.to && !to) throw badField('query.to', 'not a time (RFC 3339 or Unix milliseconds)');
  try {
    return searchHistory(historyStore().db, {
      match: fts.match,
      regex,
      from,
      to,
      stream: q.stream ?? null,
      container: q.container || null,
      project: q.project || null,
      cursor: q.cursor ?? null,
      limit: q.limit ?? 100,
      context: q.context ?? 0,
    });
  } catch (err) {
    // The expression is quoted term by term, so FTS5 should never refuse it; if it does, it is still the query.
    if ((err as { code?: string }).code === 'SQLITE_ERROR' && /fts5/i.test((err as Error).message))
      throw badField('query.q', (err as Error).message);
    throw err;
  }
}

export function historySources(): { name: string; project: string | null; lines: number }[] {
  const rows = historyStore()
    .db.prepare<[], { name: string; project: string; lines: number }>(
      `SELECT s.name, s.project, (SELECT count(*) FROM lines l WHERE l.source = s.id) AS lines
       FROM sources s ORDER BY s.project, s.name`,
    )
    .all();
  const merged = new Map<string, { name: string; project: string | null; lines: number }>();
  for (const r of rows) {
    const key = `${r.project}\u0000${r.name}`;
    const known = merged.get(key);
    if (known) known.lines += r.lines;
    else merged.set(key, { name: r.name, project: r.project || null, lines: r.lines });
  }
  return [...merged.values()];
}

export function historyStatus(): LogHistoryStatus {
  const store = historyStore();
  return {
    config: historyState().config ?? readHistoryConfig(),
    following: historyFollowing(),
    ...historyTotals(store.db),
    fileBytes: historyFileBytes(store.file),
  };
}
