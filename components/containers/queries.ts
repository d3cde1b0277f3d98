'use client';

import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/components/api/client';
import { useEnvironment } from '@/components/environments/current';
import { useLiveRefetchInterval } from '@/components/realtime/socket';
import { containersApi } from '@/lib/api/containers';
import { type ContainerListFilters, type ContainerPageFilters, containerKeys } from '@/lib/containers/keys';
import { type ContainerPage, FIRST_PAGE_ROWS, NEXT_PAGE_ROWS } from '@/lib/containers/paging';

export {
  type ContainerListFilters,
  type ContainerPageFilters,
  containerKeys,
  LOCAL_ENV,
} from '@/lib/containers/keys';

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

/**
 * The list a page at a time, sorted and searched on the server (issue 19): a small first page shows rows at
 * once at any fleet size, the next ones load as the list scrolls near its end. A refetch (an engine event, a
 * mutation) re-reads the pages loaded so far, each from the refetched previous page's cursor.
 */
export function useContainerPages(filters: ContainerPageFilters) {
  const env = useEnvironment();
  const refetchInterval = useLiveRefetchInterval(LIST_REFRESH_MS);
  return useInfiniteQuery({
    queryKey: containerKeys.pages(env, filters),
    queryFn: ({ pageParam, signal }) =>
      apiFetch(containersApi.page, {
        query: {
          state: filters.state,
          sort: filters.sort,
          order: filters.order,
          ...(filters.q ? { q: filters.q } : {}),
          limit: pageParam ? NEXT_PAGE_ROWS : FIRST_PAGE_ROWS,
          ...(pageParam ? { cursor: pageParam } : {}),
        },
        signal,
      }),
    initialPageParam: '',
    getNextPageParam: (last: ContainerPage) => last.nextCursor ?? undefined,
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
