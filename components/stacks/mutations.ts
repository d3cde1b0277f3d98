'use client';

import { useTranslations } from 'next-intl';
import type { z } from 'zod';
import { apiFetch } from '@/components/api/client';
import { useInvalidatingMutation } from '@/components/api/mutations';
import { LOCAL_ENV } from '@/components/containers/queries';
import { stackKeys } from '@/components/stacks/queries';
import { stacksApi } from '@/lib/api/stacks';
import { renderStackCommand } from '@/lib/stacks/cli';
import type { createStackBody, updateStackBody } from '@/lib/stacks/schemas';

const changed = () => [stackKeys.all(LOCAL_ENV), stackKeys.files(LOCAL_ENV)];

/** Saves a new stack's files; the deploy runs over the socket afterwards, for its live output. */
export function useCreateStack() {
  const t = useTranslations('stacks.toast');
  return useInvalidatingMutation({
    mutationFn: (body: z.input<typeof createStackBody>) => apiFetch(stacksApi.create, { json: body }),
    invalidates: changed,
    success: (body) => t('saved', { name: body.name }),
  });
}

export function useUpdateStack(name: string) {
  const t = useTranslations('stacks.toast');
  return useInvalidatingMutation({
    mutationFn: (body: z.input<typeof updateStackBody>) =>
      apiFetch(stacksApi.update, { params: { name }, json: body }),
    invalidates: changed,
    success: () => t('saved', { name }),
  });
}

/** Restores a saved version's files (not deployed here: the redeploy runs over the socket, live). */
export function useRollbackStack(name: string) {
  const t = useTranslations('stacks.toast');
  return useInvalidatingMutation({
    mutationFn: (version: number) =>
      apiFetch(stacksApi.rollback, { params: { name }, json: { version, deploy: false } }),
    invalidates: changed,
    success: (version) => t('rolledBack', { name, version }),
  });
}

export function useAdoptStack() {
  const t = useTranslations('stacks.toast');
  return useInvalidatingMutation({
    mutationFn: (name: string) => apiFetch(stacksApi.adopt, { params: { name } }),
    invalidates: changed,
    success: (name) => t('adopted', { name }),
  });
}

/** `down` and the files removed: the stack is gone from Berth (its volumes too only when confirmed). */
export function useRemoveStack(name: string) {
  const t = useTranslations('stacks.toast');
  return useInvalidatingMutation({
    mutationFn: (volumes: string[] | null) =>
      apiFetch(stacksApi.remove, {
        params: { name },
        query: volumes ? { volumes: true, confirm: volumes.join(',') } : {},
      }),
    invalidates: changed,
    success: () => t('removed', { name }),
    command: (volumes) => renderStackCommand(name, 'down', { volumes: !!volumes }),
  });
}
