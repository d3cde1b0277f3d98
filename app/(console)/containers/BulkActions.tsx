'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { BulkAction } from '@/components/containers/mutations';
import { BulkBar } from '@/components/list/BulkBar';
import { Button } from '@/components/ui/Button';
import { ConfirmDialog } from '@/components/ui/ConfirmDialog';
import { renderContainerCommand } from '@/lib/containers/cli';
import type { ContainerSummary } from '@/lib/containers/types';
import { selectionQuery } from '@/lib/logs/selection';

/**
 * The containers list's bulk actions: the bar over a selection and its confirmation. Their own module, loaded
 * once rows are selected: the list's first paint needs neither them nor the CLI rendering (issue 19).
 */
export const BULK_ACTIONS: BulkAction[] = ['start', 'stop', 'restart', 'kill', 'pause', 'unpause', 'remove'];

function commandFor(action: BulkAction, names: string[], force: boolean): string {
  return action === 'remove'
    ? renderContainerCommand({ action: 'remove', targets: names, force })
    : renderContainerCommand({ action, targets: names });
}

export function BulkActionBar({
  chosen,
  force,
  disabled,
  onAction,
  onRecreate,
}: {
  chosen: ContainerSummary[];
  force: boolean;
  disabled: boolean;
  onAction: (action: BulkAction) => void;
  onRecreate: () => void;
}) {
  const t = useTranslations('containers');
  const names = chosen.map((c) => c.name);
  return (
    <BulkBar label={t('selected', { count: chosen.length })}>
      {BULK_ACTIONS.map((action) => (
        <Button
          key={action}
          variant={action === 'remove' ? 'danger' : 'secondary'}
          disabled={disabled}
          title={commandFor(action, names, force)}
          onClick={() => onAction(action)}
        >
          {t(`actions.${action}`)}
        </Button>
      ))}
      <Button disabled={disabled} onClick={onRecreate} data-testid="bulk-recreate">
        {t('recreateMany.action')}
      </Button>
      <Link
        href={`/logs${selectionQuery({ kind: 'containers', ids: chosen.map((c) => c.id) })}`}
        className="ml-auto text-sm text-sky-700 hover:underline dark:text-sky-400"
        data-testid="bulk-logs"
      >
        {t('logsTogether')}
      </Link>
    </BulkBar>
  );
}

export function BulkConfirmDialog({
  action,
  chosen,
  force,
  onForce,
  pending,
  onCancel,
  onConfirm,
}: {
  action: BulkAction;
  chosen: ContainerSummary[];
  force: boolean;
  onForce: (force: boolean) => void;
  pending: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const t = useTranslations('containers');
  const names = chosen.map((c) => c.name);
  return (
    <ConfirmDialog
      open
      title={t('confirm.title', { action, count: chosen.length })}
      command={commandFor(action, names, force)}
      confirmLabel={t(`actions.${action}`)}
      danger={action === 'remove' || action === 'kill'}
      pending={pending}
      onCancel={onCancel}
      onConfirm={onConfirm}
    >
      <p>{t('confirm.body', { names: names.join(', ') })}</p>
      {action === 'remove' && (
        <label className="mt-3 flex items-center gap-2">
          <input type="checkbox" checked={force} onChange={(e) => onForce(e.target.checked)} />
          {t('confirm.force')}
        </label>
      )}
    </ConfirmDialog>
  );
}
