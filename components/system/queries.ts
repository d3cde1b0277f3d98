'use client';

import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/components/api/client';
import { useEnvironment } from '@/components/environments/current';
import { systemApi } from '@/lib/api/system';
import { dockerKeys } from '@/lib/containers/keys';

export const systemKeys = {
  all: (env: string) => dockerKeys.resource(env, 'system'),
  df: (env: string) => [...systemKeys.all(env), 'df'] as const,
  prune: (env: string, kind: string, all: boolean, labels: readonly string[]) =>
    [...systemKeys.all(env), 'prune', kind, all, labels] as const,
};

/** `docker system df` walks every layer and volume: measured on demand, not on every engine event. */
export function useDiskUsage() {
  const env = useEnvironment();
  return useQuery({
    queryKey: systemKeys.df(env),
    queryFn: () => apiFetch(systemApi.df),
    staleTime: 30_000,
  });
}
