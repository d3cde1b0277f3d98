'use client';

import { useTranslations } from 'next-intl';
import { settleEach } from '@/components/api/bulk';
import { apiFetch } from '@/components/api/client';
import { useInvalidatingMutation } from '@/components/api/mutations';
import { useEnvironment } from '@/components/environments/current';
import { volumeKeys } from '@/components/volumes/queries';
import { volumesApi } from '@/lib/api/volumes';
import type { PruneFilters } from '@/lib/prune/types';
import { renderVolumeCommand } from '@/lib/volumes/cli';
import type { VolumeCreateInput } from '@/lib/volumes/form';

const changed = (env: string) => () => [volumeKeys.all(env), volumeKeys.usage(env)];

export function useCreateVolume() {
  const env = useEnvironment();
  const t = useTranslations('volumes.toast');
  return useInvalidatingMutation({
    mutationFn: (form: VolumeCreateInput) => apiFetch(volumesApi.create, { json: form }),
    invalidates: changed(env),
    success: (_form, created) => t('created', { name: created.name }),
    command: (form) => renderVolumeCommand({ action: 'create', form }),
  });
}

/** One DELETE per volume, all at once; partial failures (a volume in use) are reported, not thrown. */
export function useRemoveVolumes() {
  const env = useEnvironment();
  const t = useTranslations('volumes.toast');
  return useInvalidatingMutation({
    mutationFn: (names: string[]) =>
      settleEach(
        names,
        (name) => name,
        (name) => apiFetch(volumesApi.remove, { params: { name } }),
      ),
    invalidates: changed(env),
    success: (_names, result) =>
      result.failed.length
        ? t('removedPartial', { done: result.done.length, failed: result.failed.length })
        : t('removed', { count: result.done.length }),
    command: (names) => renderVolumeCommand({ action: 'remove', names }),
  });
}

export function usePruneVolumes() {
  const env = useEnvironment();
  const t = useTranslations('volumes.toast');
  return useInvalidatingMutation({
    mutationFn: (input: { filters: PruneFilters; all: boolean; ids: string[] }) =>
      apiFetch(volumesApi.prune, { json: input }),
    invalidates: changed(env),
    success: (_input, result) =>
      t('pruned', { count: result.removed.length, skipped: result.skipped.length }),
    command: (input) => renderVolumeCommand({ action: 'prune', filters: input.filters, all: input.all }),
  });
}

export function useUploadToVolume(name: string) {
  const env = useEnvironment();
  const t = useTranslations('containers.files');
  return useInvalidatingMutation({
    mutationFn: ({ dir, file }: { dir: string; file: File }) =>
      apiFetch(volumesApi.upload, {
        params: { name },
        query: { path: dir, filename: file.name },
        body: file,
        headers: { 'content-type': 'application/octet-stream' },
      }),
    invalidates: ({ dir }) => [volumeKeys.files(env, name, dir), volumeKeys.usage(env)],
    success: ({ dir, file }, result) => t('uploaded', { name: file.name, path: result.path ?? dir }),
  });
}
