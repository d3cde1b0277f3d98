'use client';

import { useTranslations } from 'next-intl';
import { type BulkOutcome, settleEach } from '@/components/api/bulk';
import { apiFetch } from '@/components/api/client';
import { useInvalidatingMutation } from '@/components/api/mutations';
import { containerKeys } from '@/components/containers/queries';
import { useEnvironment } from '@/components/environments/current';
import { imageKeys } from '@/components/images/queries';
import { awaitTransfer, startTransfer, type Transfer } from '@/components/images/transfers';
import { containersApi } from '@/lib/api/containers';
import type { ContainerActionInput } from '@/lib/containers/actions';
import type { ContainerForm, ContainerFormInput } from '@/lib/containers/form';

export function postContainerAction(id: string, input: ContainerActionInput) {
  const { action, ...body } = input;
  return apiFetch(containersApi.action, { params: { id, action }, json: body });
}

export function deleteContainer(id: string, opts: { force: boolean; volumes: boolean }) {
  return apiFetch(containersApi.remove, { params: { id }, query: opts });
}

export type BulkAction = 'start' | 'stop' | 'restart' | 'kill' | 'pause' | 'unpause' | 'remove';

/** One request per container, all at once; partial failures are reported, not thrown. */
export function useBulkContainerAction() {
  const env = useEnvironment();
  const t = useTranslations('containers.toast');
  return useInvalidatingMutation({
    mutationFn: ({ ids, action, force }: { ids: string[]; action: BulkAction; force?: boolean }) =>
      settleEach(
        ids,
        (id) => id,
        (id) =>
          action === 'remove'
            ? deleteContainer(id, { force: force ?? false, volumes: false })
            : postContainerAction(id, { action }),
      ),
    invalidates: () => [containerKeys.all(env)],
    success: ({ action }, result) =>
      result.failed.length
        ? t('partial', { action, done: result.done.length, failed: result.failed.length })
        : t('done', { action, count: result.done.length }),
  });
}

export function useContainerAction(id: string) {
  const env = useEnvironment();
  const t = useTranslations('containers.toast');
  return useInvalidatingMutation({
    mutationFn: (input: ContainerActionInput) => postContainerAction(id, input),
    invalidates: () => [containerKeys.all(env)],
    success: (input) => t('done', { action: input.action, count: 1 }),
  });
}

export function useRemoveContainer(id: string) {
  const env = useEnvironment();
  const t = useTranslations('containers.toast');
  return useInvalidatingMutation({
    mutationFn: (opts: { force: boolean; volumes: boolean }) => deleteContainer(id, opts),
    invalidates: () => [containerKeys.lists(env)],
    success: () => t('done', { action: 'remove', count: 1 }),
  });
}

export function useCreateContainer() {
  const env = useEnvironment();
  const t = useTranslations('containers.toast');
  return useInvalidatingMutation({
    mutationFn: (form: ContainerForm) => apiFetch(containersApi.create, { json: form }),
    invalidates: () => [containerKeys.lists(env)],
    success: (_form, created) =>
      created.started ? t('created', { name: created.name }) : t('createdOnly', { name: created.name }),
  });
}

/**
 * Recreate under the same name (edit, or recreate with a newer image): with `pull`, the image is pulled first
 * over the socket with its progress (the transfer shows in the dialog), then the server replaces the container.
 */
export function useRecreateContainer() {
  const env = useEnvironment();
  const t = useTranslations('containers.toast');
  return useInvalidatingMutation({
    mutationFn: async ({
      id,
      form,
      pull,
      onPull,
    }: {
      id: string;
      form?: ContainerFormInput;
      /** The image reference to pull first. */
      pull?: string;
      onPull?: (transfer: Transfer) => void;
    }) => {
      if (pull) {
        const transfer = await startTransfer('pull', pull);
        onPull?.(transfer);
        const end = await awaitTransfer(transfer.id);
        if (end?.state !== 'done') throw new Error(end?.error || t('pullStopped', { image: pull }));
      }
      return apiFetch(containersApi.recreate, { params: { id }, json: form ? { form } : {} });
    },
    invalidates: () => [containerKeys.all(env), imageKeys.all(env)],
    success: (_input, result) => t('recreated', { name: result.name }),
  });
}

/**
 * Pull and recreate a selection: each distinct image reference is pulled once (progress over the socket, shown
 * by the caller through `onPull`), then each container is recreated from its own settings, one at a time (a
 * recreate stops a container: doing them in turn keeps the rest of a service up meanwhile).
 */
export function useRecreateMany() {
  const env = useEnvironment();
  const t = useTranslations('containers.toast');
  return useInvalidatingMutation({
    mutationFn: async ({
      ids,
      pull,
      onPull,
    }: {
      ids: string[];
      /** References to pull first. */
      pull: string[];
      onPull?: (transfer: Transfer) => void;
    }) => {
      for (const reference of pull) {
        const transfer = await startTransfer('pull', reference);
        onPull?.(transfer);
        const end = await awaitTransfer(transfer.id);
        if (end?.state !== 'done') throw new Error(end?.error || t('pullStopped', { image: reference }));
      }
      const outcome: BulkOutcome = { done: [], failed: [] };
      for (const id of ids) {
        try {
          await apiFetch(containersApi.recreate, { params: { id }, json: {} });
          outcome.done.push(id);
        } catch (err) {
          outcome.failed.push({ key: id, message: err instanceof Error ? err.message : String(err) });
        }
      }
      if (outcome.done.length === 0 && outcome.failed.length > 0)
        throw new Error(outcome.failed.map((f) => f.message).join('\n'));
      return outcome;
    },
    invalidates: () => [containerKeys.all(env), imageKeys.all(env)],
    success: (_input, result) =>
      result.failed.length
        ? t('partial', { action: 'recreate', done: result.done.length, failed: result.failed.length })
        : t('done', { action: 'recreate', count: result.done.length }),
  });
}

export function useUploadFile(id: string) {
  const env = useEnvironment();
  const t = useTranslations('containers.files');
  return useInvalidatingMutation({
    mutationFn: ({ dir, file }: { dir: string; file: File }) =>
      apiFetch(containersApi.upload, {
        params: { id },
        query: { path: dir, filename: file.name },
        body: file,
        headers: { 'content-type': 'application/octet-stream' },
      }),
    invalidates: ({ dir }) => [containerKeys.files(env, id, dir), containerKeys.changes(env, id)],
    success: ({ dir, file }, result) => t('uploaded', { name: file.name, path: result.path ?? dir }),
  });
}
