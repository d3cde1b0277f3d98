'use client';

import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/components/api/client';
import { settingsApi } from '@/lib/api/settings';

export const settingsKeys = {
  all: ['settings'] as const,
  app: () => [...settingsKeys.all, 'app'] as const,
};

export function useAppSettings() {
  return useQuery({ queryKey: settingsKeys.app(), queryFn: () => apiFetch(settingsApi.get) });
}
