'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useRecreateContainer } from '@/components/containers/mutations';
import { useContainerSettings } from '@/components/containers/queries';
import { useRouter } from '@/components/environments/navigation';
import { TransferProgress } from '@/components/images/TransferProgress';
import { useTransfers } from '@/components/images/transfers';
import { ConfirmDialog } from '@/components/ui/ConfirmDialog';
import { recreateCommands } from '@/lib/containers/recreate-plan';

/**
 * Recreate the container from its own settings, optionally pulling its image first (a newer image under the
 * same tag). The steps are the CLI's; the old container is removed only once the new one runs.
 */
export function RecreateDialog({
  id,
  name,
  pullFirst,
  onClose,
}: {
  id: string;
  name: string;
  pullFirst: boolean;
  onClose: () => void;
}) {
  const t = useTranslations('detail.recreate');
  const router = useRouter();
  const settings = useContainerSettings(id);
  const recreate = useRecreateContainer();
  const [pull, setPull] = useState(pullFirst);
  const [transferId, setTransferId] = useState<string | null>(null);
  const transfer = useTransfers().find((x) => x.id === transferId);
  const data = settings.data;

  return (
    <ConfirmDialog
      open
      title={t('title', { name })}
      command={data ? recreateCommands({ ...data, pull }).join(' && ') : undefined}
      confirmLabel={pull ? t('pullAndRecreate') : t('recreate')}
      pending={!data || recreate.isPending}
      onCancel={onClose}
      onConfirm={() => {
        if (!data) return;
        // mutateAsync, not mutate's callbacks: the old container's page unmounts this dialog once the old one
        // is removed, and a per-call onSuccess would then never run.
        recreate
          .mutateAsync({ id, ...(pull ? { pull: data.form.image, onPull: (x) => setTransferId(x.id) } : {}) })
          .then((result) => router.push(`/containers/${result.id}`))
          .catch(() => {}); // Shown by the mutation's toast.
      }}
    >
      <div className="flex flex-col gap-3" data-testid="recreate-dialog">
        <p>{t('intro')}</p>
        {settings.isLoading && <p>{t('loading')}</p>}
        {settings.error && <p className="text-red-600">{settings.error.message}</p>}
        {data?.notes.length ? (
          <ul className="list-disc pl-5 text-amber-700 dark:text-amber-400" data-testid="recreate-notes">
            {data.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        ) : null}
        {data && (
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              checked={pull}
              onChange={(e) => setPull(e.target.checked)}
              data-testid="recreate-pull"
            />
            {t('pull', { image: data.form.image })}
          </label>
        )}
        {transfer && <TransferProgress transfer={transfer} />}
      </div>
    </ConfirmDialog>
  );
}
