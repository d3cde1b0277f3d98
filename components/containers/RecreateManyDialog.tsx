'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useRecreateMany } from '@/components/containers/mutations';
import { TransferProgress } from '@/components/images/TransferProgress';
import { useTransfers } from '@/components/images/transfers';
import { ConfirmDialog } from '@/components/ui/ConfirmDialog';
import type { ContainerSummary } from '@/lib/containers/types';
import { renderImageCommand } from '@/lib/images/cli';
import { containerTagReference } from '@/lib/images/updates';

/**
 * Pull and recreate a selection (a newer image under the same tags): each image pulled once with its progress,
 * then each container recreated from its own settings. Shows the CLI steps; the old containers go only once
 * their replacements run.
 */
export function RecreateManyDialog({
  containers,
  onDone,
  onClose,
}: {
  containers: ContainerSummary[];
  onDone: (failed: string[]) => void;
  onClose: () => void;
}) {
  const t = useTranslations('containers.recreateMany');
  const recreate = useRecreateMany();
  const [pull, setPull] = useState(true);
  const [transferIds, setTransferIds] = useState<string[]>([]);
  const transfers = useTransfers().filter((x) => transferIds.includes(x.id));
  const references = [
    ...new Set(
      containers
        .map((c) => containerTagReference(c.image, c.imageId)?.familiar)
        .filter((r): r is string => !!r),
    ),
  ].sort();
  const names = containers.map((c) => c.name);
  const steps = [
    ...(pull ? references.map((reference) => renderImageCommand({ action: 'pull', reference })) : []),
    ...names.map((name) => t('step', { name })),
  ];

  return (
    <ConfirmDialog
      open
      title={t('title', { count: containers.length })}
      command={steps.join('\n')}
      confirmLabel={pull ? t('pullAndRecreate') : t('recreate')}
      pending={recreate.isPending}
      onCancel={onClose}
      onConfirm={() =>
        recreate.mutate(
          {
            ids: containers.map((c) => c.id),
            pull: pull ? references : [],
            onPull: (x) => setTransferIds((ids) => [...ids, x.id]),
          },
          { onSuccess: (result) => onDone(result.failed.map((f) => f.key)) },
        )
      }
    >
      <div className="flex flex-col gap-3" data-testid="recreate-many-dialog">
        <p>{t('intro', { names: names.join(', ') })}</p>
        <label className="flex items-center gap-2">
          <input
            type="checkbox"
            checked={pull}
            onChange={(e) => setPull(e.target.checked)}
            data-testid="recreate-many-pull"
          />
          {t('pull', { count: references.length })}
        </label>
        {transfers.map((transfer) => (
          <TransferProgress key={transfer.id} transfer={transfer} />
        ))}
      </div>
    </ConfirmDialog>
  );
}
