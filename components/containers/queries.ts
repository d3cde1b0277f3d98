'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type Docker from 'dockerode';
import { apiFetch, queryString } from '@/components/api/client';
import { useLiveRefetchInterval } from '@/components/realtime/socket';
import { type ContainerListFilters, containerKeys, LOCAL_ENV } from '@/lib/containers/keys';
import type {
  ContainerSummary,
  DirectoryListing,
  FilesystemChange,
  ProcessList,
} from '@/lib/containers/types';

export { type ContainerListFilters, containerKeys, LOCAL_ENV } from '@/lib/containers/keys';

/** Only while the socket is down: otherwise engine events invalidate these queries. */
const LIST_REFRESH_MS = 5_000;

export function useContainers(filters: ContainerListFilters) {
  const refetchInterval = useLiveRefetchInterval(LIST_REFRESH_MS);
  return useQuery({
    queryKey: containerKeys.list(LOCAL_ENV, filters),
    queryFn: () =>
      apiFetch<ContainerSummary[]>(`/api/containers${queryString({ all: true, state: filters.state })}`),
    refetchInterval,
    placeholderData: keepPreviousData,
  });
}

export function useContainer(id: string) {
  const refetchInterval = useLiveRefetchInterval(LIST_REFRESH_MS);
  return useQuery({
    queryKey: containerKeys.detail(LOCAL_ENV, id),
    queryFn: () => apiFetch<Docker.ContainerInspectInfo>(`/api/containers/${encodeURIComponent(id)}`),
    refetchInterval,
  });
}

export function useContainerTop(id: string, enabled: boolean) {
  return useQuery({
    queryKey: containerKeys.top(LOCAL_ENV, id),
    queryFn: () => apiFetch<ProcessList>(`/api/containers/${encodeURIComponent(id)}/top`),
    enabled,
    refetchInterval: LIST_REFRESH_MS,
  });
}

export function useContainerChanges(id: string) {
  return useQuery({
    queryKey: containerKeys.changes(LOCAL_ENV, id),
    queryFn: () => apiFetch<FilesystemChange[]>(`/api/containers/${encodeURIComponent(id)}/changes`),
  });
}

export function useContainerFiles(id: string, path: string) {
  return useQuery({
    queryKey: containerKeys.files(LOCAL_ENV, id, path),
    queryFn: () =>
      apiFetch<DirectoryListing>(`/api/containers/${encodeURIComponent(id)}/files${queryString({ path })}`),
    placeholderData: keepPreviousData,
  });
}
