'use client';

import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/components/api/client';
import type { Permission, SessionUser } from '@/lib/auth/roles';

export interface Me {
  user: SessionUser;
  permissions: Permission[];
  require2fa: boolean;
}

export const authKeys = {
  all: ['auth'] as const,
  me: () => [...authKeys.all, 'me'] as const,
  tokens: () => [...authKeys.all, 'tokens'] as const,
};

export function useMe() {
  return useQuery({
    queryKey: authKeys.me(),
    queryFn: () => apiFetch<Me>('/api/auth/me'),
    staleTime: 30_000,
  });
}

/** Hides what the role cannot do; the server decides regardless. */
export function useCan(permission: Permission): boolean {
  const me = useMe();
  return me.data?.permissions.includes(permission) ?? false;
}
