'use client';

import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/components/api/client';
import { systemApi } from '@/lib/api/system';
import { dockerKeys } from '@/lib/containers/keys';

export const eventKeys = {
  /** Under `docker`: a resync of the engine stream refetches it with the resource lists. */
  all: (env: string) => dockerKeys.resource(env, 'events-backlog'),
  backlog: (env: string) => eventKeys.all(env),
};

/** The engine's events of the last `seconds`, fetched once; live ones follow over the socket. */
export function useEventBacklog(env: string, seconds: number) {
  return useQuery({
    queryKey: eventKeys.backlog(env),
    queryFn: () => apiFetch(systemApi.events, { query: { since: Math.floor(Date.now() / 1000) - seconds } }),
    staleTime: Number.POSITIVE_INFINITY,
  });
}
