'use client';

import { useTranslations } from 'next-intl';
import { apiFetch, queryString } from '@/components/api/client';
import { useInvalidatingMutation } from '@/components/api/mutations';
import { LOCAL_ENV } from '@/components/containers/queries';
import { volumeKeys, volumePath } from '@/components/volumes/queries';
import type { PruneFilters, PruneResult } from '@/lib/prune/types';
import { renderVolumeCommand } from '@/lib/volumes/cli';
import type { VolumeCreateInput } from '@/lib/volumes/form';
import type { VolumeSummary } from '@/lib/volumes/types';

const changed = () => [volumeKeys.all(LOCAL_ENV), volumeKeys.usage(LOCAL_ENV)];

export function useCreateVolume() {
  const t = useTranslations('volumes.toast');
  return useInvalidatingMutation({
    mutationFn: (form: VolumeCreateInput) =>
      apiFetch<VolumeSummary>('/api/volumes', { method: 'POST', json: form }),
    invalidates: changed,
    success: (_form, created) => t('created', { name: created.name }),
    command: (form) => renderVolumeCommand({ action: 'create', form }),
  });
}

export interface BulkOutcome {
  done: string[];
  failed: { name: string; message: string }[];
}

/** One DELETE per volume, all at once; partial failures (a volume in use) are reported, not thrown. */
export function useRemoveVolumes() {
  const t = useTranslations('volumes.toast');
  return useInvalidatingMutation({
    mutationFn: async (names: string[]): Promise<BulkOutcome> => {
      const results = await Promise.allSettled(
        names.map((name) => apiFetch<void>(volumePath(name), { method: 'DELETE' })),
      );
      const out: BulkOutcome = { done: [], failed: [] };
      results.forEach((r, i) => {
        const name = names[i] ?? '';
        if (r.status === 'fulfilled') out.done.push(name);
        else
          out.failed.push({ name, message: r.reason instanceof Error ? r.reason.message : String(r.reason) });
      });
      if (out.done.length === 0 && out.failed.length > 0)
        throw new Error(out.failed.map((f) => f.message).join('\n'));
      return out;
    },
    invalidates: changed,
    success: (_names, result) =>
      result.failed.length
        ? t('removedPartial', { done: result.done.length, failed: result.failed.length })
        : t('removed', { count: result.done.length }),
    command: (names) => renderVolumeCommand({ action: 'remove', names }),
  });
}

export function usePruneVolumes() {
  const t = useTranslations('volumes.toast');
  return useInvalidatingMutation({
    mutationFn: (input: { filters: PruneFilters; all: boolean; ids: string[] }) =>
      apiFetch<PruneResult>('/api/volumes/prune', { method: 'POST', json: input }),
    invalidates: changed,
    success: (_input, result) =>
      t('pruned', { count: result.removed.length, skipped: result.skipped.length }),
    command: (input) => renderVolumeCommand({ action: 'prune', filters: input.filters, all: input.all }),
  });
}

export function useUploadToVolume(name: string) {
  const t = useTranslations('containers.files');
  return useInvalidatingMutation({
    mutationFn: ({ dir, file }: { dir: string; file: File }) =>
      apiFetch<{ ok: true; path: string }>(
        `${volumePath(name)}/archive${queryString({ path: dir, filename: file.name })}`,
        { method: 'PUT', body: file, headers: { 'content-type': 'application/octet-stream' } },
      ),
    invalidates: ({ dir }) => [volumeKeys.files(LOCAL_ENV, name, dir), volumeKeys.usage(LOCAL_ENV)],
    success: ({ file }, result) => t('uploaded', { name: file.name, path: result.path }),
  });
}
