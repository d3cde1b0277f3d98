'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/components/api/client';
import { containerKeys, LOCAL_ENV } from '@/components/containers/queries';
import { useLiveRefetchInterval } from '@/components/realtime/socket';
import { stacksApi } from '@/lib/api/stacks';
import { dockerKeys } from '@/lib/containers/keys';

/**
 * A stack's status, services and ports are its containers': the keys sit under the containers resource, so the
 * container events the shell already listens to refetch them. The rendered config and saved versions do not
 * change with containers and sit apart.
 */
export const stackKeys = {
  all: (env: string) => [...containerKeys.all(env), 'stacks'] as const,
  list: (env: string) => [...stackKeys.all(env), 'list'] as const,
  detail: (env: string, name: string, reveal = false) =>
    [...stackKeys.all(env), 'detail', name, reveal] as const,
  volumes: (env: string, name: string) => [...stackKeys.all(env), 'volumes', name] as const,
  files: (env: string) => dockerKeys.resource(env, 'stackFiles'),
  config: (env: string, name: string) => [...stackKeys.files(env), 'config', name] as const,
  version: (env: string, name: string, version: number) =>
    [...stackKeys.files(env), 'version', name, version] as const,
};

const FALLBACK_REFRESH_MS = 5_000;

export function useStacks() {
  const refetchInterval = useLiveRefetchInterval(FALLBACK_REFRESH_MS);
  return useQuery({
    queryKey: stackKeys.list(LOCAL_ENV),
    queryFn: () => apiFetch(stacksApi.list),
    refetchInterval,
    placeholderData: keepPreviousData,
  });
}

/** `reveal`: the `.env` with secret values in clear (the server decides whether this user may). */
export function useStack(name: string, reveal = false) {
  const refetchInterval = useLiveRefetchInterval(FALLBACK_REFRESH_MS);
  return useQuery({
    queryKey: stackKeys.detail(LOCAL_ENV, name, reveal),
    queryFn: () => apiFetch(stacksApi.detail, { params: { name }, query: reveal ? { reveal: true } : {} }),
    refetchInterval: reveal ? false : refetchInterval,
  });
}

export function useStackConfig(name: string, enabled: boolean) {
  return useQuery({
    queryKey: stackKeys.config(LOCAL_ENV, name),
    queryFn: () => apiFetch(stacksApi.config, { params: { name } }),
    enabled,
  });
}

/** The named volumes `down -v` would remove: what its confirmation names. */
export function useStackVolumes(name: string, enabled: boolean) {
  return useQuery({
    queryKey: stackKeys.volumes(LOCAL_ENV, name),
    queryFn: () => apiFetch(stacksApi.volumes, { params: { name } }),
    enabled,
  });
}

export function useStackVersion(name: string, version: number | null) {
  return useQuery({
    queryKey: stackKeys.version(LOCAL_ENV, name, version ?? 0),
    queryFn: () => apiFetch(stacksApi.version, { params: { name, version: version ?? 0 } }),
    enabled: version !== null,
    staleTime: Number.POSITIVE_INFINITY,
  });
}
