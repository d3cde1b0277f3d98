'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/components/api/client';
import { useEnvironment } from '@/components/environments/current';
import { useLiveRefetchInterval } from '@/components/realtime/socket';
import { imagesApi } from '@/lib/api/images';
import { dockerKeys } from '@/lib/containers/keys';
import type { ImageFilter } from '@/lib/images/types';

export interface ImageListFilters {
  all: boolean;
  filter: ImageFilter;
}

export const imageKeys = {
  all: (env: string) => dockerKeys.resource(env, 'images'),
  lists: (env: string) => [...imageKeys.all(env), 'list'] as const,
  list: (env: string, f: ImageListFilters) => [...imageKeys.lists(env), f] as const,
  detail: (env: string, id: string) => [...imageKeys.all(env), 'detail', id] as const,
  history: (env: string, id: string) => [...imageKeys.detail(env, id), 'history'] as const,
  prune: (env: string, all: boolean) => [...imageKeys.all(env), 'prune', all] as const,
  search: (env: string, term: string) => [...imageKeys.all(env), 'search', term] as const,
};

const LIST_REFRESH_MS = 5_000;

/** Search is done in the browser on the fetched list, so typing does not hit the engine. */
export function useImages(filters: ImageListFilters = { all: false, filter: 'all' }) {
  const env = useEnvironment();
  const refetchInterval = useLiveRefetchInterval(LIST_REFRESH_MS);
  return useQuery({
    queryKey: imageKeys.list(env, filters),
    queryFn: () => apiFetch(imagesApi.list, { query: { all: filters.all, filter: filters.filter } }),
    refetchInterval,
    placeholderData: keepPreviousData,
  });
}

export function useImage(id: string) {
  const env = useEnvironment();
  return useQuery({
    queryKey: imageKeys.detail(env, id),
    queryFn: () => apiFetch(imagesApi.detail, { params: { id } }),
  });
}

export function useImageHistory(id: string, enabled: boolean) {
  const env = useEnvironment();
  return useQuery({
    queryKey: imageKeys.history(env, id),
    queryFn: () => apiFetch(imagesApi.history, { params: { id } }),
    enabled,
  });
}

export function useImagePrunePreview(all: boolean, enabled: boolean) {
  const env = useEnvironment();
  return useQuery({
    queryKey: imageKeys.prune(env, all),
    queryFn: () => apiFetch(imagesApi.prunePreview, { query: { all } }),
    enabled,
    staleTime: 0,
  });
}

export function useImageSearch(term: string) {
  const env = useEnvironment();
  return useQuery({
    queryKey: imageKeys.search(env, term),
    queryFn: () => apiFetch(imagesApi.search, { query: { term, limit: 25 } }),
    enabled: term.length > 0,
    retry: false,
  });
}
