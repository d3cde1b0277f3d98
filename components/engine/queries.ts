'use client';

import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/components/api/client';
import type { EngineInfo, Health } from '@/lib/engine/types';

export const engineKeys = {
  all: ['engine'] as const,
  health: () => [...engineKeys.all, 'health'] as const,
  info: () => [...engineKeys.all, 'info'] as const,
};

export function useHealth() {
  return useQuery({
    queryKey: engineKeys.health(),
    queryFn: () => apiFetch<Health>('/api/health'),
    refetchInterval: 10_000,
  });
}

export function useEngineInfo(enabled = true) {
  return useQuery({
    queryKey: engineKeys.info(),
    queryFn: () => apiFetch<EngineInfo>('/api/engine'),
    enabled,
    refetchInterval: 15_000,
  });
}
