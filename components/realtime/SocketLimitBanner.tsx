'use client';

import { Unplug } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { getSocket, useSocketRefusal } from '@/components/realtime/socket';

/**
 * Shown when the server refused this tab's live connection at the per-user socket limit: lists then refresh by
 * polling and live views (logs, stats, terminals) cannot open, which the user should know, with a way to retry
 * once another tab is closed.
 */
export function SocketLimitBanner() {
  const t = useTranslations('realtime');
  const refusal = useSocketRefusal();
  if (!refusal) return null;
  return (
    <div
      role="alert"
      data-testid="socket-limit"
      className="flex flex-wrap items-center gap-2 bg-amber-500 px-4 py-2 text-sm font-medium text-slate-950"
    >
      <Unplug className="h-4 w-4 shrink-0" aria-hidden />
      <span>{t('socketLimit', { max: refusal.max, setting: refusal.setting })}</span>
      <button
        type="button"
        className="ml-auto rounded border border-slate-900/40 px-2 py-0.5 hover:bg-amber-400"
        onClick={() => getSocket().connect()}
      >
        {t('retry')}
      </button>
    </div>
  );
}
