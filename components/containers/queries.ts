'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/components/api/client';
import { useEnvironment } from '@/components/environments/current';
import { useLiveRefetchInterval } from '@/components/realtime/socket';
import { containersApi } from '@/lib/api/containers';
import { type ContainerListFilters, containerKeys } from '@/lib/containers/keys';

export { type ContainerListFilters, containerKeys, LOCAL_ENV } from '@/lib/containers/keys';

/** Only while the socket is down: otherwise engine events invalidate these queries. */
const LIST_REFRESH_MS = 5_000;

export function useContainers(filters: ContainerListFilters) {
  const env = useEnvironment();
  const refetchInterval = useLiveRefetchInterval(LIST_REFRESH_MS);
  return useQuery({
    queryKey: containerKeys.list(env, filters),
    queryFn: () => apiFetch(containersApi.list, { query: { all: true, state: filters.state } }),
    refetchInterval,
    placeholderData: keepPreviousData,
  });
}

export function useContainer(id: string) {
  const env = useEnvironment();
  const refetchInterval = useLiveRefetchInterval(LIST_REFRESH_MS);
  return useQuery({
    queryKey: containerKeys.detail(env, id),
    queryFn: () => apiFetch(containersApi.detail, { params: { id } }),
    refetchInterval,
  });
}

/** Read once per open: the form must not change under the user's edits when an event refetches the detail. */
export function useContainerSettings(id: string | null) {
  const env = useEnvironment();
  return useQuery({
    queryKey: containerKeys.settings(env, id ?? ''),
    queryFn: () => apiFetch(containersApi.settings, { params: { id: id ?? '' } }),
    enabled: id !== null,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
  });
}

export function useContainerTop(id: string, enabled: boolean) {
  const env = useEnvironment();
  return useQuery({
    queryKey: containerKeys.top(env, id),
    queryFn: () => apiFetch(containersApi.top, { params: { id } }),
    enabled,
    refetchInterval: LIST_REFRESH_MS,
  });
}

export function useContainerChanges(id: string) {
  const env = useEnvironment();
  return useQuery({
    queryKey: containerKeys.changes(env, id),
    queryFn: () => apiFetch(containersApi.changes, { params: { id } }),
  });
}

export function useContainerFiles(id: string, path: string) {
  const env = useEnvironment();
  return useQuery({
    queryKey: containerKeys.files(env, id, path),
    queryFn: () => apiFetch(containersApi.files, { params: { id }, query: { path } }),
    placeholderData: keepPreviousData,
  });
}
