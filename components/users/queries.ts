'use client';

import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/components/api/client';
import { usersApi } from '@/lib/api/users';

export const userKeys = {
  all: ['users'] as const,
  list: () => [...userKeys.all, 'list'] as const,
};

export const teamKeys = {
  all: ['teams'] as const,
  list: () => [...teamKeys.all, 'list'] as const,
};

export function useUsers() {
  return useQuery({ queryKey: userKeys.list(), queryFn: () => apiFetch(usersApi.list) });
}

export function useTeams() {
  return useQuery({ queryKey: teamKeys.list(), queryFn: () => apiFetch(usersApi.teams) });
}
