'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { usePruneImages, useUploadImages } from '@/components/images/mutations';
import { useImagePrunePreview } from '@/components/images/queries';
import { ConfirmDialog } from '@/components/ui/ConfirmDialog';
import { formatBytes, shortId } from '@/lib/format';
import { renderImageCommand } from '@/lib/images/cli';
import { parseImageReference } from '@/lib/images/reference';

/** `docker image prune [-a]`: the list of what goes and the space that comes back, before confirming. */
export function PruneDialog({ onClose }: { onClose: () => void }) {
  const t = useTranslations('images.prune');
  const locale = useLocale();
  const [all, setAll] = useState(false);
  const preview = useImagePrunePreview(all, true);
  const prune = usePruneImages();
  const images = preview.data?.images ?? [];
  return (
    <ConfirmDialog
      open
      title={t('title')}
      command={renderImageCommand({ action: 'prune', all })}
      confirmLabel={t('confirm', { count: images.length })}
      danger
      pending={prune.isPending || preview.isFetching || images.length === 0}
      onCancel={onClose}
      onConfirm={() => prune.mutate({ all }, { onSuccess: onClose })}
    >
      <div className="flex flex-col gap-2">
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} />
          {t('all')}
        </label>
        {preview.isError ? (
          <p role="alert" className="text-red-700">
            {preview.error.message}
          </p>
        ) : preview.isFetching && !preview.data ? (
          <p>{t('loading')}</p>
        ) : (
          <>
            <p data-testid="prune-summary">
              {t('summary', {
                count: images.length,
                bytes: formatBytes(preview.data?.reclaimable ?? 0, locale),
              })}
            </p>
            <ul className="max-h-48 overflow-auto font-mono text-xs" data-testid="prune-list">
              {images.map((img) => (
                <li key={img.id}>
                  {img.tags.length ? img.tags.join(', ') : `<none> ${shortId(img.id)}`} ·{' '}
                  {formatBytes(img.size, locale)}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </ConfirmDialog>
  );
}

/** `docker load -i file.tar` or `docker import file.tar repo:tag`: the file is streamed, not buffered. */
export function ImportDialog({ mode, onClose }: { mode: 'load' | 'import'; onClose: () => void }) {
  const t = useTranslations(`images.${mode}`);
  const upload = useUploadImages();
  const [file, setFile] = useState<File | null>(null);
  const [reference, setReference] = useState('');
  const parsed = reference.trim() ? parseImageReference(reference, { defaultTag: true }) : null;
  const refError = parsed && !parsed.ok ? parsed.error : null;
  const command =
    mode === 'load'
      ? renderImageCommand({ action: 'load', input: file?.name })
      : renderImageCommand({
          action: 'import',
          file: file?.name,
          reference: parsed?.ok ? parsed.ref.familiar : undefined,
        });
  return (
    <ConfirmDialog
      open
      title={t('title')}
      command={command}
      confirmLabel={t('submit')}
      pending={upload.isPending || !file || !!refError}
      onCancel={onClose}
      onConfirm={() =>
        file &&
        upload.mutate(
          { mode, file, ...(parsed?.ok ? { reference: parsed.ref.familiar } : {}) },
          { onSuccess: onClose },
        )
      }
    >
      <div className="flex flex-col gap-3">
        <p>{t('body')}</p>
        <input
          type="file"
          accept=".tar,application/x-tar"
          aria-label={t('file')}
          data-testid={`${mode}-file`}
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
        {mode === 'import' && (
          <label className="flex flex-col gap-1">
            <span>{t('reference')}</span>
            <input
              value={reference}
              onChange={(e) => setReference(e.target.value)}
              placeholder="berth/rootfs:1"
              aria-invalid={!!refError}
              className="rounded-md border border-slate-300 bg-white px-2 py-1.5 font-mono text-sm dark:border-slate-700 dark:bg-slate-950"
            />
            {refError && <span className="text-red-700">{refError}</span>}
          </label>
        )}
        {upload.isPending && <p>{t('uploading')}</p>}
      </div>
    </ConfirmDialog>
  );
}
