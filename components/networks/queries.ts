'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiFetch, queryString } from '@/components/api/client';
import { LOCAL_ENV } from '@/components/containers/queries';
import { useLiveRefetchInterval } from '@/components/realtime/socket';
import type { NetworkCapabilities, NetworkDetail, NetworkSummary } from '@/lib/networks/types';
import type { PruneFilters, PrunePreview } from '@/lib/prune/types';

export const networkKeys = {
  all: (env: string) => ['docker', env, 'networks'] as const,
  lists: (env: string) => [...networkKeys.all(env), 'list'] as const,
  detail: (env: string, id: string) => [...networkKeys.all(env), 'detail', id] as const,
  drivers: (env: string) => [...networkKeys.all(env), 'drivers'] as const,
  prunePreview: (env: string, filters: PruneFilters) => [...networkKeys.all(env), 'prune', filters] as const,
};

/** Only while the socket is down: otherwise engine events invalidate these queries. */
const FALLBACK_REFRESH_MS = 5_000;

export const networkPath = (id: string) => `/api/networks/${encodeURIComponent(id)}`;

export function useNetworks() {
  const refetchInterval = useLiveRefetchInterval(FALLBACK_REFRESH_MS);
  return useQuery({
    queryKey: networkKeys.lists(LOCAL_ENV),
    queryFn: () => apiFetch<NetworkSummary[]>('/api/networks'),
    refetchInterval,
    placeholderData: keepPreviousData,
  });
}

export function useNetwork(id: string) {
  const refetchInterval = useLiveRefetchInterval(FALLBACK_REFRESH_MS);
  return useQuery({
    queryKey: networkKeys.detail(LOCAL_ENV, id),
    queryFn: () => apiFetch<NetworkDetail>(networkPath(id)),
    refetchInterval,
  });
}

export function useNetworkDrivers() {
  return useQuery({
    queryKey: networkKeys.drivers(LOCAL_ENV),
    queryFn: () => apiFetch<NetworkCapabilities>('/api/networks/drivers'),
    staleTime: 60_000,
  });
}

export function fetchNetworkPrunePreview(filters: PruneFilters) {
  return apiFetch<PrunePreview>(`/api/networks/prune${queryString({ filters: JSON.stringify(filters) })}`);
}
