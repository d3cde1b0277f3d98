'use client';

import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/components/api/client';
import { useLiveRefetchInterval } from '@/components/realtime/socket';
import { systemApi } from '@/lib/api/system';

export const engineKeys = {
  all: ['engine'] as const,
  health: () => [...engineKeys.all, 'health'] as const,
  info: () => [...engineKeys.all, 'info'] as const,
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

/** Polled only while the socket is down; EngineEventsBridge refetches it when the engine comes back. */
export function useEngineInfo(enabled = true) {
  const refetchInterval = useLiveRefetchInterval(15_000);
  return useQuery({
    queryKey: engineKeys.info(),
    queryFn: () => apiFetch(systemApi.engine),
    enabled,
    refetchInterval,
  });
}
