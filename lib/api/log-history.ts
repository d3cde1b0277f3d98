import { endpoint } from '@/lib/api/endpoint';
import type {
  HistorySearchQuery,
  HistorySearchResult,
  LogHistoryConfig,
  LogHistoryStatus,
} from '@/lib/logs/history';

/** Stored, searchable log history (issue 20). */
export const logHistoryApi = {
  /** Full text and/or regex over the stored lines, newest first, paged by `cursor`, with context lines. */
  search: endpoint<HistorySearchResult, undefined, HistorySearchQuery>()('GET', '/api/log-history/search'),
  /** Containers (name and Compose project) that have stored history, for the filters. */
  sources: endpoint<{ name: string; project: string | null; lines: number }[]>()(
    'GET',
    '/api/log-history/sources',
  ),
  /** What is followed and kept, what is followed now, and how much is stored. */
  status: endpoint<LogHistoryStatus>()('GET', '/api/log-history/config'),
  updateConfig: endpoint<LogHistoryStatus, LogHistoryConfig>()('PUT', '/api/log-history/config'),
};
