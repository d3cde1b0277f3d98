'use client';

import { useTranslations } from 'next-intl';
import { apiFetch } from '@/components/api/client';
import { useInvalidatingMutation } from '@/components/api/mutations';
import { useEnvironment } from '@/components/environments/current';
import { imageKeys } from '@/components/images/queries';
import { imagesApi } from '@/lib/api/images';
import { renderImageCommand } from '@/lib/images/cli';

export function useRemoveImages() {
  const env = useEnvironment();
  const t = useTranslations('images.toast');
  return useInvalidatingMutation({
    mutationFn: (vars: { refs: string[]; force: boolean }) => apiFetch(imagesApi.remove, { json: vars }),
    invalidates: () => [imageKeys.all(env)],
    success: (_vars, { results }) => {
      const failed = results.filter((r) => !r.ok);
      return failed.length
        ? t('removedPartly', {
            done: results.length - failed.length,
            failed: failed.length,
            errors: failed.map((f) => f.error).join('; '),
          })
        : t('removed', { count: results.length });
    },
    command: (vars) => renderImageCommand({ action: 'rm', refs: vars.refs, force: vars.force }),
  });
}

export function useTagImage() {
  const env = useEnvironment();
  const t = useTranslations('images.toast');
  return useInvalidatingMutation({
    mutationFn: (vars: { source: string; target: string }) => apiFetch(imagesApi.tag, { json: vars }),
    invalidates: () => [imageKeys.all(env)],
    success: (_vars, result) => t('tagged', { reference: result.reference }),
    command: (vars) => renderImageCommand({ action: 'tag', source: vars.source, target: vars.target }),
  });
}

export function usePruneImages() {
  const env = useEnvironment();
  const t = useTranslations('images.toast');
  return useInvalidatingMutation({
    mutationFn: (vars: { all: boolean }) => apiFetch(imagesApi.prune, { json: vars }),
    invalidates: () => [imageKeys.all(env)],
    success: (_vars, result) => t('pruned', { count: result.deleted.length, bytes: result.spaceReclaimed }),
    command: (vars) => renderImageCommand({ action: 'prune', all: vars.all }),
  });
}

/** Uploads go as the raw request body: the server streams them to the engine. */
export function useUploadImages() {
  const env = useEnvironment();
  const t = useTranslations('images.toast');
  return useInvalidatingMutation({
    mutationFn: async (vars: {
      mode: 'load' | 'import';
      file: File;
      reference?: string;
    }): Promise<{ loaded?: string[]; id?: string }> => {
      const upload = { body: vars.file, headers: { 'content-type': 'application/x-tar' } };
      return vars.mode === 'load'
        ? apiFetch(imagesApi.load, upload)
        : apiFetch(imagesApi.import, { ...upload, query: { reference: vars.reference } });
    },
    invalidates: () => [imageKeys.all(env)],
    success: (vars, result) =>
      vars.mode === 'load'
        ? t('loaded', { images: (result.loaded ?? []).join(', ') })
        : t('imported', { id: (result.id ?? '').replace(/^sha256:/, '').slice(0, 12) }),
    command: (vars) =>
      vars.mode === 'load'
        ? renderImageCommand({ action: 'load', input: vars.file.name })
        : renderImageCommand({
            action: 'import',
            file: vars.file.name,
            reference: vars.reference || undefined,
          }),
  });
}
