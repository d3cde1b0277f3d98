'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { apiFetch } from '@/components/api/client';
import { showError } from '@/components/api/toast';
import { useEnvironment } from '@/components/environments/current';
import { toast } from '@/components/ui/toaster';
import { imagesApi } from '@/lib/api/images';
import { dockerKeys } from '@/lib/containers/keys';
import type { ImageUpdateStatus } from '@/lib/images/types';
import { inspectRemoteCommand, mergeUpdateStatuses } from '@/lib/images/update-status';

/** Under the images key: a pull or a removal (which invalidate images) re-reads the kept answers too. */
export const imageUpdateKeys = {
  all: (env: string) => [...dockerKeys.resource(env, 'images'), 'updates'] as const,
};

/** The GET answers only what the server kept (never a registry), so it can be read long after. */
const UPDATES_STALE_MS = 5 * 60_000;

/** The kept update checks: cheap for the server, never a registry call. */
export function useImageUpdates(enabled = true) {
  const env = useEnvironment();
  return useQuery({
    queryKey: imageUpdateKeys.all(env),
    queryFn: () => apiFetch(imagesApi.updates),
    staleTime: UPDATES_STALE_MS,
    enabled,
  });
}

/** The kept checks by reference as the engine lists tags (`busybox:latest`). */
export function updatesByReference(statuses: readonly ImageUpdateStatus[] | undefined) {
  return new Map((statuses ?? []).map((s) => [s.reference, s]));
}

/** Asks the registries now; the answer goes straight into the query data (no second request). */
export function useCheckImageUpdates() {
  const env = useEnvironment();
  const queryClient = useQueryClient();
  const t = useTranslations('imageUpdates');
  const tErrors = useTranslations('errors');
  return useMutation({
    mutationFn: (vars: { references?: string[] } = {}) =>
      apiFetch(imagesApi.checkUpdates, { json: vars.references ? { references: vars.references } : {} }),
    onSuccess: (result) => {
      queryClient.setQueryData<ImageUpdateStatus[]>(imageUpdateKeys.all(env), (previous) =>
        mergeUpdateStatuses(previous ?? [], result),
      );
      const available = result.filter((s) => s.status === 'available');
      toast.success(t('checked', { count: result.length, available: available.length }), {
        description: (available.length ? available : result)
          .slice(0, 3)
          .map((s) => inspectRemoteCommand(s.reference))
          .join('\n'),
      });
    },
    onError: (err) => showError(err, tErrors),
  });
}
