'use client';

import { useTranslations } from 'next-intl';
import { settleEach } from '@/components/api/bulk';
import { apiFetch } from '@/components/api/client';
import { useInvalidatingMutation } from '@/components/api/mutations';
import { containerKeys } from '@/components/containers/queries';
import { useEnvironment } from '@/components/environments/current';
import { networkKeys } from '@/components/networks/queries';
import { networksApi } from '@/lib/api/networks';
import { renderNetworkCommand } from '@/lib/networks/cli';
import type { NetworkConnectInput, NetworkCreateInput } from '@/lib/networks/form';
import type { PruneFilters } from '@/lib/prune/types';

export function useCreateNetwork() {
  const env = useEnvironment();
  const t = useTranslations('networks.toast');
  return useInvalidatingMutation({
    mutationFn: (form: NetworkCreateInput) => apiFetch(networksApi.create, { json: form }),
    invalidates: () => [networkKeys.lists(env)],
    success: (_form, created) => t('created', { name: created.name }),
    command: (form) => renderNetworkCommand({ action: 'create', form }),
  });
}

/** One DELETE per network, all at once; partial failures are reported, not thrown. */
export function useRemoveNetworks() {
  const env = useEnvironment();
  const t = useTranslations('networks.toast');
  return useInvalidatingMutation({
    mutationFn: (targets: { id: string; name: string }[]) =>
      settleEach(
        targets,
        (n) => n.name,
        (n) => apiFetch(networksApi.remove, { params: { id: n.id } }),
      ),
    invalidates: () => [networkKeys.lists(env)],
    success: (_targets, result) =>
      result.failed.length
        ? t('removedPartial', { done: result.done.length, failed: result.failed.length })
        : t('removed', { count: result.done.length }),
    command: (targets) => renderNetworkCommand({ action: 'remove', names: targets.map((n) => n.name) }),
  });
}

export function useConnectContainer(network: { id: string; name: string }) {
  const env = useEnvironment();
  const t = useTranslations('networks.toast');
  return useInvalidatingMutation({
    mutationFn: (input: NetworkConnectInput) =>
      apiFetch(networksApi.connect, { params: { id: network.id }, json: input }),
    invalidates: () => [networkKeys.all(env), containerKeys.all(env)],
    success: (input) => t('connected', { container: input.container, network: network.name }),
    command: (input) => renderNetworkCommand({ action: 'connect', network: network.name, input }),
  });
}

export function useDisconnectContainer(network: { id: string; name: string }) {
  const env = useEnvironment();
  const t = useTranslations('networks.toast');
  return useInvalidatingMutation({
    mutationFn: (input: { container: string; force: boolean }) =>
      apiFetch(networksApi.disconnect, { params: { id: network.id }, json: input }),
    invalidates: () => [networkKeys.all(env), containerKeys.all(env)],
    success: (input) => t('disconnected', { container: input.container, network: network.name }),
    command: (input) =>
      renderNetworkCommand({
        action: 'disconnect',
        network: network.name,
        container: input.container,
        force: input.force,
      }),
  });
}

export function usePruneNetworks() {
  const env = useEnvironment();
  const t = useTranslations('networks.toast');
  return useInvalidatingMutation({
    mutationFn: (input: { filters: PruneFilters; ids: string[] }) =>
      apiFetch(networksApi.prune, { json: input }),
    invalidates: () => [networkKeys.all(env)],
    success: (_input, result) =>
      t('pruned', { count: result.removed.length, skipped: result.skipped.length }),
    command: (input) => renderNetworkCommand({ action: 'prune', filters: input.filters }),
  });
}
