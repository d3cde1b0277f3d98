'use client';

import { useTranslations } from 'next-intl';
import { apiFetch } from '@/components/api/client';
import { useInvalidatingMutation } from '@/components/api/mutations';
import { containerKeys, LOCAL_ENV } from '@/components/containers/queries';
import { networkKeys, networkPath } from '@/components/networks/queries';
import { renderNetworkCommand } from '@/lib/networks/cli';
import type { NetworkConnectInput, NetworkCreateInput } from '@/lib/networks/form';
import type { PruneFilters, PruneResult } from '@/lib/prune/types';

export function useCreateNetwork() {
  const t = useTranslations('networks.toast');
  return useInvalidatingMutation({
    mutationFn: (form: NetworkCreateInput) =>
      apiFetch<{ id: string; name: string }>('/api/networks', { method: 'POST', json: form }),
    invalidates: () => [networkKeys.lists(LOCAL_ENV)],
    success: (_form, created) => t('created', { name: created.name }),
    command: (form) => renderNetworkCommand({ action: 'create', form }),
  });
}

export interface BulkOutcome {
  done: string[];
  failed: { name: string; message: string }[];
}

/** One DELETE per network, all at once; partial failures are reported, not thrown. */
export function useRemoveNetworks() {
  const t = useTranslations('networks.toast');
  return useInvalidatingMutation({
    mutationFn: async (targets: { id: string; name: string }[]): Promise<BulkOutcome> => {
      const results = await Promise.allSettled(
        targets.map((n) => apiFetch<void>(networkPath(n.id), { method: 'DELETE' })),
      );
      const out: BulkOutcome = { done: [], failed: [] };
      results.forEach((r, i) => {
        const name = targets[i]?.name ?? '';
        if (r.status === 'fulfilled') out.done.push(name);
        else
          out.failed.push({ name, message: r.reason instanceof Error ? r.reason.message : String(r.reason) });
      });
      if (out.done.length === 0 && out.failed.length > 0)
        throw new Error(out.failed.map((f) => f.message).join('\n'));
      return out;
    },
    invalidates: () => [networkKeys.lists(LOCAL_ENV)],
    success: (_targets, result) =>
      result.failed.length
        ? t('removedPartial', { done: result.done.length, failed: result.failed.length })
        : t('removed', { count: result.done.length }),
    command: (targets) => renderNetworkCommand({ action: 'remove', names: targets.map((n) => n.name) }),
  });
}

export function useConnectContainer(network: { id: string; name: string }) {
  const t = useTranslations('networks.toast');
  return useInvalidatingMutation({
    mutationFn: (input: NetworkConnectInput) =>
      apiFetch<{ ok: true }>(`${networkPath(network.id)}/connect`, { method: 'POST', json: input }),
    invalidates: () => [networkKeys.all(LOCAL_ENV), containerKeys.all(LOCAL_ENV)],
    success: (input) => t('connected', { container: input.container, network: network.name }),
    command: (input) => renderNetworkCommand({ action: 'connect', network: network.name, input }),
  });
}

export function useDisconnectContainer(network: { id: string; name: string }) {
  const t = useTranslations('networks.toast');
  return useInvalidatingMutation({
    mutationFn: (input: { container: string; force: boolean }) =>
      apiFetch<{ ok: true }>(`${networkPath(network.id)}/disconnect`, { method: 'POST', json: input }),
    invalidates: () => [networkKeys.all(LOCAL_ENV), containerKeys.all(LOCAL_ENV)],
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
  const t = useTranslations('networks.toast');
  return useInvalidatingMutation({
    mutationFn: (input: { filters: PruneFilters; ids: string[] }) =>
      apiFetch<PruneResult>('/api/networks/prune', { method: 'POST', json: input }),
    invalidates: () => [networkKeys.all(LOCAL_ENV)],
    success: (_input, result) =>
      t('pruned', { count: result.removed.length, skipped: result.skipped.length }),
    command: (input) => renderNetworkCommand({ action: 'prune', filters: input.filters }),
  });
}
