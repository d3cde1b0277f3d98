'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import type { z } from 'zod';
import { apiFetch } from '@/components/api/client';
import { useInvalidatingMutation } from '@/components/api/mutations';
import { environmentsApi } from '@/lib/api/environments';
import type {
  environmentCheckSchema,
  environmentCreateSchema,
  environmentUpdateSchema,
} from '@/lib/environments/schemas';
import type { EnvironmentCheck } from '@/lib/environments/types';

/** Berth's own list, not an engine's: it sits outside `['docker', env, …]`. */
export const environmentKeys = {
  all: ['environments'] as const,
  list: () => [...environmentKeys.all, 'list'] as const,
  status: () => [...environmentKeys.all, 'status'] as const,
};

export function useEnvironments() {
  return useQuery({
    queryKey: environmentKeys.list(),
    queryFn: () => apiFetch(environmentsApi.list),
    staleTime: 30_000,
    retry: 1,
  });
}

/** Every engine's state, read on demand and every 30 s while the page is open. */
export function useEnvironmentStatuses() {
  return useQuery({
    queryKey: environmentKeys.status(),
    queryFn: () => apiFetch(environmentsApi.status),
    refetchInterval: 30_000,
    retry: 1,
  });
}

export type EnvironmentCreateInput = z.input<typeof environmentCreateSchema>;
export type EnvironmentUpdateInput = z.input<typeof environmentUpdateSchema>;
export type EnvironmentCheckInput = z.input<typeof environmentCheckSchema>;

/** A check of what the form holds; its answer (ok or the problem) is shown in the form, not as a toast. */
export function useCheckTyped() {
  return useMutation<EnvironmentCheck, Error, EnvironmentCheckInput>({
    mutationFn: (json) => apiFetch(environmentsApi.checkTyped, { json }),
  });
}

export function useCreateEnvironment() {
  const t = useTranslations('environments.toast');
  return useInvalidatingMutation({
    mutationFn: (json: EnvironmentCreateInput) => apiFetch(environmentsApi.create, { json }),
    invalidates: () => [environmentKeys.all],
    success: (_json, created) => t('created', { name: created.name }),
  });
}

export function useUpdateEnvironment(env: string) {
  const t = useTranslations('environments.toast');
  return useInvalidatingMutation({
    mutationFn: (json: EnvironmentUpdateInput) => apiFetch(environmentsApi.update, { params: { env }, json }),
    invalidates: () => [environmentKeys.all],
    success: (_json, updated) => t('updated', { name: updated.name }),
  });
}

export function useRemoveEnvironment() {
  const t = useTranslations('environments.toast');
  return useInvalidatingMutation({
    mutationFn: (env: string) => apiFetch(environmentsApi.remove, { params: { env } }),
    invalidates: () => [environmentKeys.all],
    success: (env) => t('removed', { id: env }),
  });
}

/** Check a saved environment now; the answer is shown on its card. */
export function useSavedCheck() {
  const queryClient = useQueryClient();
  return useMutation<EnvironmentCheck, Error, string>({
    mutationFn: (env) => apiFetch(environmentsApi.check, { params: { env } }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: environmentKeys.status() }),
  });
}
