'use client';

import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/components/api/client';
import { useHydrated } from '@/components/ui/useHydrated';
import { authApi } from '@/lib/api/auth';
import type { Permission } from '@/lib/auth/roles';

export type { Me } from '@/lib/auth/views';

export const authKeys = {
  all: ['auth'] as const,
  me: () => [...authKeys.all, 'me'] as const,
  tokens: () => [...authKeys.all, 'tokens'] as const,
  /** Whether the first admin is still to be created. */
  status: () => [...authKeys.all, 'status'] as const,
};

export function useMe() {
  return useQuery({
    queryKey: authKeys.me(),
    queryFn: () => apiFetch(authApi.me),
    staleTime: 30_000,
  });
}

/** Hides what the role cannot do; the server decides regardless. */
export function useCan(permission: Permission): boolean {
  const me = useMe();
  // The shell fetches who is signed in as soon as it hydrates; a page that hydrates after it still renders
  // what the server did (no permission) on its first pass.
  const hydrated = useHydrated();
  return (hydrated && me.data?.permissions.includes(permission)) ?? false;
}

/** The signed-in user's API tokens. */
export function useTokens() {
  return useQuery({ queryKey: authKeys.tokens(), queryFn: () => apiFetch(authApi.tokens) });
}

export function useAuthStatus() {
  return useQuery({ queryKey: authKeys.status(), queryFn: () => apiFetch(authApi.status) });
}
