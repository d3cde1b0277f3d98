'use client';

import { useTranslations } from 'next-intl';
import type { StackOrigin, StackStatus } from '@/lib/stacks/types';

const STATUS_STYLES: Record<StackStatus, string> = {
  running: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300',
  partial: 'bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300',
  stopped: 'bg-slate-200 text-slate-700 dark:bg-slate-800 dark:text-slate-300',
};

export function StackStatusBadge({ status }: { status: StackStatus }) {
  const t = useTranslations('stacks.status');
  return (
    <span
      className={`whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ${STATUS_STYLES[status]}`}
      data-testid="stack-status"
      data-status={status}
    >
      {t(status)}
    </span>
  );
}

/** Berth's own stacks need no mark; adopted and external ones say where they came from. */
export function StackOriginBadge({ origin }: { origin: StackOrigin }) {
  const t = useTranslations('stacks.origin');
  if (origin === 'berth') return null;
  return (
    <span
      className={`rounded px-1.5 text-xs ${
        origin === 'external'
          ? 'border border-amber-400 text-amber-800 dark:text-amber-300'
          : 'bg-slate-100 text-slate-600 dark:bg-slate-800 dark:text-slate-300'
      }`}
      title={t(`${origin}Hint`)}
      data-testid="stack-origin"
    >
      {t(origin)}
    </span>
  );
}
