'use client';

import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useRef, useState } from 'react';
import { apiFetch } from '@/components/api/client';
import { useInvalidatingMutation } from '@/components/api/mutations';
import { Button } from '@/components/ui/Button';
import { backupApi } from '@/lib/api/backup';
import { endpointUrl } from '@/lib/api/endpoint';
import type { BackupManifest, StagedRestore } from '@/lib/backup/types';
import { Section } from '../account/AccountPage';

const pendingKey = ['backup', 'pending'] as const;

function ManifestFacts({ manifest }: { manifest: BackupManifest }) {
  const t = useTranslations('backup');
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm" data-testid="backup-manifest">
      <dt className="text-slate-500">{t('createdAt')}</dt>
      <dd>{new Date(manifest.createdAt).toLocaleString()}</dd>
      <dt className="text-slate-500">{t('berthVersion')}</dt>
      <dd>{manifest.berthVersion}</dd>
      <dt className="text-slate-500">{t('schemaVersion')}</dt>
      <dd>{manifest.schemaVersion}</dd>
      <dt className="text-slate-500">{t('key')}</dt>
      <dd>{manifest.keyIncluded ? t('keyIncluded') : t('keyOmitted')}</dd>
    </dl>
  );
}

/**
 * Settings → Backup and restore (admins): download the data directory as a tar, upload one to restore. A restore
 * is staged by the server and applied when Berth next starts.
 */
export function BackupSection() {
  const t = useTranslations('backup');
  const [includeKey, setIncludeKey] = useState(false);
  const [staged, setStaged] = useState<StagedRestore | null>(null);
  const file = useRef<HTMLInputElement>(null);
  const pending = useQuery({ queryKey: pendingKey, queryFn: () => apiFetch(backupApi.pending) });
  const restore = useInvalidatingMutation({
    mutationFn: (upload: File) =>
      apiFetch(backupApi.restore, {
        body: upload,
        headers: { 'content-type': 'application/x-tar' },
      }),
    invalidates: () => [pendingKey],
    success: () => t('staged'),
  });
  const cancel = useInvalidatingMutation({
    mutationFn: () => apiFetch(backupApi.cancel),
    invalidates: () => [pendingKey],
    success: () => t('cancelled'),
  });
  const waiting = pending.data?.pending ?? null;
  const unreadable = staged ? staged.unreadable.registries + staged.unreadable.totp : 0;

  return (
    <Section title={t('title')}>
      <p className="text-sm text-slate-600 dark:text-slate-300">{t('help')}</p>
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          data-testid="backup-include-key"
          checked={includeKey}
          onChange={(e) => setIncludeKey(e.target.checked)}
        />
        {t('includeKey')}
      </label>
      <p className="text-xs text-slate-500" data-testid="backup-key-note">
        {includeKey ? t('keyWarning') : t('noKeyWarning')}
      </p>
      <div>
        <a
          href={endpointUrl(backupApi.download.path, {}, { includeKey })}
          download
          data-testid="backup-download"
          className="inline-flex items-center rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800"
        >
          {t('download')}
        </a>
      </div>

      <h3 className="mt-2 text-sm font-semibold">{t('restoreTitle')}</h3>
      <p className="text-sm text-slate-600 dark:text-slate-300">{t('restoreHelp')}</p>
      <div className="flex flex-wrap items-center gap-2">
        <input
          ref={file}
          type="file"
          accept=".tar,application/x-tar"
          aria-label={t('chooseFile')}
          data-testid="restore-file"
          className="text-sm"
        />
        <Button
          type="button"
          disabled={restore.isPending}
          data-testid="restore-upload"
          onClick={() => {
            const chosen = file.current?.files?.[0];
            if (!chosen) return;
            setStaged(null);
            restore.mutate(chosen, { onSuccess: (result) => setStaged(result) });
          }}
        >
          {restore.isPending ? t('uploading') : t('upload')}
        </Button>
      </div>
      {staged && unreadable > 0 && (
        <p
          role="alert"
          className="text-sm text-amber-700 dark:text-amber-400"
          data-testid="restore-unreadable"
        >
          {t('unreadable', { registries: staged.unreadable.registries, totp: staged.unreadable.totp })}
        </p>
      )}
      {waiting && (
        <div
          className="flex flex-col gap-2 rounded-md border border-amber-300 bg-amber-50 p-3 dark:border-amber-800 dark:bg-amber-950"
          data-testid="restore-pending"
        >
          <p className="text-sm font-medium">{t('pending')}</p>
          <ManifestFacts manifest={waiting} />
          <div>
            <Button type="button" disabled={cancel.isPending} onClick={() => cancel.mutate(undefined)}>
              {t('cancel')}
            </Button>
          </div>
        </div>
      )}
    </Section>
  );
}
