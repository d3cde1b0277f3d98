'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/components/api/client';
import { useEnvironment } from '@/components/environments/current';
import { useLiveRefetchInterval } from '@/components/realtime/socket';
import { networksApi } from '@/lib/api/networks';
import { dockerKeys } from '@/lib/containers/keys';
import type { PruneFilters } from '@/lib/prune/types';

export const networkKeys = {
  all: (env: string) => dockerKeys.resource(env, 'networks'),
  lists: (env: string) => [...networkKeys.all(env), 'list'] as const,
  detail: (env: string, id: string) => [...networkKeys.all(env), 'detail', id] as const,
  drivers: (env: string) => [...networkKeys.all(env), 'drivers'] as const,
  prunePreview: (env: string, filters: PruneFilters) => [...networkKeys.all(env), 'prune', filters] as const,
};

/** Only while the socket is down: otherwise engine events invalidate these queries. */
const FALLBACK_REFRESH_MS = 5_000;

export function useNetworks() {
  const env = useEnvironment();
  const refetchInterval = useLiveRefetchInterval(FALLBACK_REFRESH_MS);
  return useQuery({
    queryKey: networkKeys.lists(env),
    queryFn: () => apiFetch(networksApi.list),
    refetchInterval,
    placeholderData: keepPreviousData,
  });
}

export function useNetwork(id: string) {
  const env = useEnvironment();
  const refetchInterval = useLiveRefetchInterval(FALLBACK_REFRESH_MS);
  return useQuery({
    queryKey: networkKeys.detail(env, id),
    queryFn: () => apiFetch(networksApi.detail, { params: { id } }),
    refetchInterval,
  });
}

export function useNetworkDrivers() {
  const env = useEnvironment();
  return useQuery({
    queryKey: networkKeys.drivers(env),
    queryFn: () => apiFetch(networksApi.drivers),
    staleTime: 60_000,
  });
}

export function fetchNetworkPrunePreview(filters: PruneFilters) {
  return apiFetch(networksApi.prunePreview, { query: { filters: JSON.stringify(filters) } });
}
