'use client';

import { ArrowUpCircle, CheckCircle2, CircleHelp, HardDrive } from 'lucide-react';
import { useLocale, useTranslations } from 'next-intl';
import { formatRelative } from '@/lib/format';
import { renderImageCommand } from '@/lib/images/cli';
import type { ImageUpdateStatus } from '@/lib/images/types';

const LOOK: Record<ImageUpdateStatus['status'], { className: string; Icon: typeof CheckCircle2 }> = {
  available: {
    className: 'bg-amber-100 text-amber-800 dark:bg-amber-900/40 dark:text-amber-300',
    Icon: ArrowUpCircle,
  },
  current: {
    className: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-900/40 dark:text-emerald-300',
    Icon: CheckCircle2,
  },
  unknown: {
    className: 'bg-slate-100 text-slate-600 dark:bg-slate-800 dark:text-slate-300',
    Icon: CircleHelp,
  },
  local: { className: 'bg-slate-100 text-slate-600 dark:bg-slate-800 dark:text-slate-300', Icon: HardDrive },
};

/** The lines of the badge's tooltip: what was compared, when, and the CLI command that updates the tag. */
export function useUpdateDetails(status: ImageUpdateStatus): string[] {
  const t = useTranslations('imageUpdates');
  const locale = useLocale();
  const none = t('none');
  return [
    t(`explain.${status.status}`, { reference: status.reference }),
    t('localDigest', { digest: status.localDigest ?? none }),
    t('remoteDigest', { digest: status.remoteDigest ?? none }),
    ...(status.error ? [t('error', { error: status.error })] : []),
    t('checkedAt', {
      time: `${new Date(status.checkedAt).toLocaleString(locale)} (${formatRelative(status.checkedAt, locale)})`,
    }),
    ...(status.status === 'available'
      ? [t('pullHint', { command: renderImageCommand({ action: 'pull', reference: status.reference }) })]
      : []),
  ];
}

/** Whether a tag's registry has other content (issue 15); the tooltip has the digests and `docker pull`. */
export function UpdateBadge({ status }: { status: ImageUpdateStatus }) {
  const t = useTranslations('imageUpdates');
  const details = useUpdateDetails(status);
  const { className, Icon } = LOOK[status.status];
  const label = t(`status.${status.status}`);
  return (
    <span
      className={`inline-flex shrink-0 items-center gap-1 rounded px-1.5 py-0.5 text-xs font-medium ${className}`}
      title={details.join('\n')}
      data-testid="update-badge"
      data-status={status.status}
      data-reference={status.reference}
    >
      <Icon className="h-3 w-3" aria-hidden />
      {label}
    </span>
  );
}
