'use client';

import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/components/api/client';
import { useEnvironment } from '@/components/environments/current';
import { useLiveRefetchInterval } from '@/components/realtime/socket';
import { systemApi } from '@/lib/api/system';
import { LOCAL_ENVIRONMENT } from '@/lib/environments/types';

export const engineKeys = {
  all: ['engine'] as const,
  health: () => [...engineKeys.all, 'health'] as const,
  /** One per environment: the header shows the engine of the page's environment. */
  info: (env: string = LOCAL_ENVIRONMENT) => [...engineKeys.all, 'info', env] as const,
};

/**
 * Polled only while the socket is down: otherwise EngineEventsBridge keeps it current (the engine's status
 * comes with the events subscription and every change of it as `engine:status`).
 */
export function useHealth() {
  const refetchInterval = useLiveRefetchInterval(10_000);
  return useQuery({
    queryKey: engineKeys.health(),
    queryFn: () => apiFetch(systemApi.health),
    refetchInterval,
  });
}

/**
 * The engine of the page's environment. Polled only while the socket is down; EngineEventsBridge refetches
 * the local one when it comes back. `enabled` comes from the health answer, which is about `local` only:
 * another environment's engine is always asked (its failure is how the banner learns it is unreachable).
 */
export function useEngineInfo(enabled = true) {
  const env = useEnvironment();
  const refetchInterval = useLiveRefetchInterval(15_000);
  return useQuery({
    queryKey: engineKeys.info(env),
    queryFn: () => apiFetch(systemApi.engine, { env }),
    enabled: env === LOCAL_ENVIRONMENT ? enabled : true,
    refetchInterval,
    retry: env === LOCAL_ENVIRONMENT ? 3 : 1,
  });
}
