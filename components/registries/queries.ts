'use client';

import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { apiFetch } from '@/components/api/client';
import { useInvalidatingMutation } from '@/components/api/mutations';
import { registriesApi } from '@/lib/api/registries';
import type { RegistryView } from '@/lib/registries/types';

export const registryKeys = {
  all: ['registries'] as const,
  list: () => [...registryKeys.all, 'list'] as const,
  detail: (id: number) => [...registryKeys.all, 'detail', id] as const,
  repositories: (id: number) => [...registryKeys.detail(id), 'repositories'] as const,
  tags: (id: number, repository: string) => [...registryKeys.detail(id), 'tags', repository] as const,
};

/** What the registry form sends: a new registry and an edit alike carry the name and the URL. */
export interface RegistryInput {
  name: string;
  url: string;
  username?: string;
  password?: string;
  clearPassword?: boolean;
}

export function useRegistries(enabled = true) {
  return useQuery({
    queryKey: registryKeys.list(),
    queryFn: () => apiFetch(registriesApi.list),
    enabled,
  });
}

export function useRegistry(id: number) {
  return useQuery({
    queryKey: registryKeys.detail(id),
    queryFn: () => apiFetch(registriesApi.detail, { params: { id } }),
  });
}

export function useRepositories(id: number) {
  return useQuery({
    queryKey: registryKeys.repositories(id),
    queryFn: () => apiFetch(registriesApi.repositories, { params: { id } }),
    retry: false,
  });
}

export function useRegistryTags(id: number, repository: string | null) {
  return useQuery({
    queryKey: registryKeys.tags(id, repository ?? ''),
    queryFn: () => apiFetch(registriesApi.tags, { params: { id }, query: { repository: repository ?? '' } }),
    enabled: !!repository,
    retry: false,
  });
}

export function useSaveRegistry() {
  const t = useTranslations('registries.toast');
  return useInvalidatingMutation({
    mutationFn: ({ id, input }: { id: number | null; input: RegistryInput }) =>
      id === null
        ? apiFetch(registriesApi.create, { json: input })
        : apiFetch(registriesApi.update, { params: { id }, json: input }),
    invalidates: () => [registryKeys.all],
    success: (_vars, r) => t('saved', { name: r.name }),
  });
}

export function useDeleteRegistry() {
  const t = useTranslations('registries.toast');
  return useInvalidatingMutation({
    mutationFn: (r: RegistryView) => apiFetch(registriesApi.remove, { params: { id: r.id } }),
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
        ? apiFetch(registriesApi.login, { params: { id: vars.id } })
        : apiFetch(registriesApi.loginTyped, {
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
      apiFetch(registriesApi.deleteTag, { params: { id }, query: vars }),
    invalidates: (vars) => [registryKeys.tags(id, vars.repository)],
    success: (vars) => t('tagDeleted', { reference: `${vars.repository}:${vars.tag}` }),
  });
}
