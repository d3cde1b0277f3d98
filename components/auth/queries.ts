'use client';

import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/components/api/client';
import { useEnvironment } from '@/components/environments/current';
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

/**
 * Hides what the role cannot do on the page's environment (a team may be viewer on prod, operator on
 * staging); the server decides regardless.
 */
export function useCan(permission: Permission): boolean {
  const me = useMe();
  const env = useEnvironment();
  // The shell fetches who is signed in as soon as it hydrates; a page that hydrates after it still renders
  // what the server did (no permission) on its first pass.
  const hydrated = useHydrated();
  const permissions = me.data?.environmentPermissions?.[env] ?? me.data?.permissions;
  return (hydrated && permissions?.includes(permission)) ?? false;
}

/** The signed-in user's API tokens. */
export function useTokens() {
  return useQuery({ queryKey: authKeys.tokens(), queryFn: () => apiFetch(authApi.tokens) });
}

export function useAuthStatus() {
  return useQuery({ queryKey: authKeys.status(), queryFn: () => apiFetch(authApi.status) });
}
