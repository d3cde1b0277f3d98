'use client';

import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { apiFetch } from '@/components/api/client';
import { useInvalidatingMutation } from '@/components/api/mutations';
import { logHistoryApi } from '@/lib/api/log-history';
import type { HistorySearchQuery, LogHistoryConfig } from '@/lib/logs/history';

export const logHistoryKeys = {
  all: ['log-history'] as const,
  search: (q: HistorySearchQuery) => [...logHistoryKeys.all, 'search', q] as const,
  sources: () => [...logHistoryKeys.all, 'sources'] as const,
  status: () => [...logHistoryKeys.all, 'status'] as const,
};

/** One search, paged by its cursor (older pages appended). Runs only once a search was submitted. */
export function useHistorySearch(q: HistorySearchQuery | null) {
  return useInfiniteQuery({
    queryKey: logHistoryKeys.search(q ?? {}),
    enabled: q !== null,
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam }) =>
      apiFetch(logHistoryApi.search, { query: { ...(q ?? {}), cursor: pageParam } }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    retry: false,
  });
}

export function useHistorySources() {
  return useQuery({ queryKey: logHistoryKeys.sources(), queryFn: () => apiFetch(logHistoryApi.sources) });
}

export function useHistoryStatus(enabled: boolean) {
  return useQuery({
    queryKey: logHistoryKeys.status(),
    queryFn: () => apiFetch(logHistoryApi.status),
    enabled,
    refetchInterval: 5000,
  });
}

export function useSaveHistoryConfig() {
  const t = useTranslations('logHistory');
  return useInvalidatingMutation({
    mutationFn: (json: LogHistoryConfig) => apiFetch(logHistoryApi.updateConfig, { json }),
    invalidates: () => [logHistoryKeys.status(), logHistoryKeys.sources()],
    success: () => t('config.saved'),
  });
}
