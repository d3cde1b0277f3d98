'use client';

import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { apiFetch, queryString } from '@/components/api/client';
import { useInvalidatingMutation } from '@/components/api/mutations';
import type { RegistryTag, RegistryView } from '@/lib/registries/types';

export const registryKeys = {
  all: ['registries'] as const,
  list: () => [...registryKeys.all, 'list'] as const,
  detail: (id: number) => [...registryKeys.all, 'detail', id] as const,
  repositories: (id: number) => [...registryKeys.detail(id), 'repositories'] as const,
  tags: (id: number, repository: string) => [...registryKeys.detail(id), 'tags', repository] as const,
};

export interface RegistryInput {
  name?: string;
  url?: string;
  username?: string;
  password?: string;
  clearPassword?: boolean;
}

export function useRegistries(enabled = true) {
  return useQuery({
    queryKey: registryKeys.list(),
    queryFn: () => apiFetch<RegistryView[]>('/api/registries'),
    enabled,
  });
}

export function useRegistry(id: number) {
  return useQuery({
    queryKey: registryKeys.detail(id),
    queryFn: () => apiFetch<RegistryView>(`/api/registries/${id}`),
  });
}

export function useRepositories(id: number) {
  return useQuery({
    queryKey: registryKeys.repositories(id),
    queryFn: () => apiFetch<string[]>(`/api/registries/${id}/repositories`),
    retry: false,
  });
}

export function useRegistryTags(id: number, repository: string | null) {
  return useQuery({
    queryKey: registryKeys.tags(id, repository ?? ''),
    queryFn: () => apiFetch<RegistryTag[]>(`/api/registries/${id}/tags${queryString({ repository })}`),
    enabled: !!repository,
    retry: false,
  });
}

export function useSaveRegistry() {
  const t = useTranslations('registries.toast');
  return useInvalidatingMutation({
    mutationFn: ({ id, input }: { id: number | null; input: RegistryInput }) =>
      id === null
        ? apiFetch<RegistryView>('/api/registries', { method: 'POST', json: input })
        : apiFetch<RegistryView>(`/api/registries/${id}`, { method: 'PATCH', json: input }),
    invalidates: () => [registryKeys.all],
    success: (_vars, r) => t('saved', { name: r.name }),
  });
}

export function useDeleteRegistry() {
  const t = useTranslations('registries.toast');
  return useInvalidatingMutation({
    mutationFn: (r: RegistryView) => apiFetch<void>(`/api/registries/${r.id}`, { method: 'DELETE' }),
    invalidates: () => [registryKeys.all],
    success: (r) => t('deleted', { name: r.name }),
  });
}

/** The login check: stored credentials (`id`) or the ones typed in the form. */
export function useLoginCheck() {
  const t = useTranslations('registries.toast');
  return useInvalidatingMutation({
    mutationFn: (vars: { id: number } | { url: string; username: string; password: string; host: string }) =>
      'id' in vars
        ? apiFetch<{ status: string }>(`/api/registries/${vars.id}/login`, { method: 'POST' })
        : apiFetch<{ status: string }>('/api/registries/login', {
            method: 'POST',
            json: { url: vars.url, username: vars.username, password: vars.password },
          }),
    invalidates: () => [],
    success: (_vars, r) => t('login', { status: r.status }),
  });
}

export function useDeleteTag(id: number) {
  const t = useTranslations('registries.toast');
  return useInvalidatingMutation({
    mutationFn: (vars: { repository: string; tag: string }) =>
      apiFetch<{ digest: string }>(`/api/registries/${id}/tags${queryString(vars)}`, { method: 'DELETE' }),
    invalidates: (vars) => [registryKeys.tags(id, vars.repository)],
    success: (vars) => t('tagDeleted', { reference: `${vars.repository}:${vars.tag}` }),
  });
}
