'use client';

import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/components/api/client';
import { LOCAL_ENV } from '@/components/containers/queries';
import type { ImageSummary } from '@/lib/images/types';

export const imageKeys = {
  all: (env: string) => ['docker', env, 'images'] as const,
  list: (env: string) => [...imageKeys.all(env), 'list'] as const,
};

export function useImages() {
  return useQuery({
    queryKey: imageKeys.list(LOCAL_ENV),
    queryFn: () => apiFetch<ImageSummary[]>('/api/images'),
  });
}
