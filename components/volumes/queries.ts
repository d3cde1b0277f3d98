'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/components/api/client';
import { useEnvironment } from '@/components/environments/current';
import { useLiveRefetchInterval } from '@/components/realtime/socket';
import { volumesApi } from '@/lib/api/volumes';
import { dockerKeys } from '@/lib/containers/keys';
import type { PruneFilters } from '@/lib/prune/types';

export const volumeKeys = {
  all: (env: string) => dockerKeys.resource(env, 'volumes'),
  lists: (env: string) => [...volumeKeys.all(env), 'list'] as const,
  detail: (env: string, name: string) => [...volumeKeys.all(env), 'detail', name] as const,
  files: (env: string, name: string, path: string) =>
    [...volumeKeys.detail(env, name), 'files', path] as const,
  prunePreview: (env: string, filters: PruneFilters, all: boolean) =>
    [...volumeKeys.all(env), 'prune', filters, all] as const,
  /**
   * Outside `all` on purpose: engine events refetch the volume lists, and re-measuring every volume's size
   * (`system df`, seconds) on each event would cost more than the list itself.
   */
  usage: (env: string) => dockerKeys.resource(env, 'volumeUsage'),
};

/** Only while the socket is down: otherwise engine events invalidate these queries. */
const FALLBACK_REFRESH_MS = 5_000;

export const volumePath = (name: string) => `/api/volumes/${encodeURIComponent(name)}`;

export function useVolumes() {
  const env = useEnvironment();
  const refetchInterval = useLiveRefetchInterval(FALLBACK_REFRESH_MS);
  return useQuery({
    queryKey: volumeKeys.lists(env),
    queryFn: () => apiFetch(volumesApi.list),
    refetchInterval,
    placeholderData: keepPreviousData,
  });
}

/** Sizes load after the list and are kept a minute: people read them, they do not watch them change. */
export function useVolumeUsage() {
  const env = useEnvironment();
  return useQuery({
    queryKey: volumeKeys.usage(env),
    queryFn: () => apiFetch(volumesApi.usage),
    staleTime: 60_000,
  });
}

export function useVolume(name: string) {
  const env = useEnvironment();
  const refetchInterval = useLiveRefetchInterval(FALLBACK_REFRESH_MS);
  return useQuery({
    queryKey: volumeKeys.detail(env, name),
    queryFn: () => apiFetch(volumesApi.detail, { params: { name } }),
    refetchInterval,
  });
}

export function useVolumeFiles(name: string, path: string, enabled: boolean) {
  const env = useEnvironment();
  return useQuery({
    queryKey: volumeKeys.files(env, name, path),
    queryFn: () => apiFetch(volumesApi.files, { params: { name }, query: { path } }),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export function fetchVolumePrunePreview(filters: PruneFilters, all: boolean) {
  return apiFetch(volumesApi.prunePreview, { query: { filters: JSON.stringify(filters), all } });
}
