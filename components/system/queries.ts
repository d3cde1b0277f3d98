'use client';

import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/components/api/client';
import { LOCAL_ENV } from '@/components/containers/queries';
import type { DiskUsage } from '@/lib/system/types';

export const systemKeys = {
  all: (env: string) => ['docker', env, 'system'] as const,
  df: (env: string) => [...systemKeys.all(env), 'df'] as const,
  prune: (env: string, kind: string, all: boolean) => [...systemKeys.all(env), 'prune', kind, all] as const,
};

/** `docker system df` walks every layer and volume: measured on demand, not on every engine event. */
export function useDiskUsage() {
  return useQuery({
    queryKey: systemKeys.df(LOCAL_ENV),
    queryFn: () => apiFetch<DiskUsage>('/api/system/df'),
    staleTime: 30_000,
  });
}
