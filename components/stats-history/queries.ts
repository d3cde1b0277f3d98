'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/components/api/client';
import { statsHistoryApi } from '@/lib/api/stats-history';
import type { HistoryRange, TopBy } from '@/lib/stats/history';

export const statsHistoryKeys = {
  all: ['stats-history'] as const,
  series: (name: string, project: string | undefined, range: HistoryRange) =>
    [...statsHistoryKeys.all, 'series', name, project ?? null, range] as const,
  top: (range: HistoryRange, by: TopBy) => [...statsHistoryKeys.all, 'top', range, by] as const,
  metrics: () => [...statsHistoryKeys.all, 'metrics-settings'] as const,
};

/** Stored points refresh as the collector writes them (every 10 s). */
const REFRESH_MS = 15_000;

export function useHistorySeries(name: string, project: string | undefined, range: HistoryRange) {
  return useQuery({
    queryKey: statsHistoryKeys.series(name, project, range),
    queryFn: () => apiFetch(statsHistoryApi.series, { params: { name }, query: { range, project } }),
    refetchInterval: REFRESH_MS,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useTopConsumers(range: HistoryRange, by: TopBy) {
  return useQuery({
    queryKey: statsHistoryKeys.top(range, by),
    queryFn: () => apiFetch(statsHistoryApi.top, { query: { range, by, limit: 20 } }),
    refetchInterval: REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}
