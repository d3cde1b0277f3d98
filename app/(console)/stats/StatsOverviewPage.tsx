'use client';

import { useTranslations } from 'next-intl';
import Link from '@/components/environments/EnvLink';
import { StatsTable } from '@/components/stats/StatsTable';
import { useStatsOverview } from '@/components/stats/useStatsOverview';
import { CliCommand } from '@/components/ui/CliCommand';

/** `docker stats` for every running container: a live table with sparklines, sortable by CPU or memory. */
export function StatsOverviewPage() {
  const t = useTranslations('statsOverview');
  const th = useTranslations('statsHistory');
  const overview = useStatsOverview();

  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-xl font-semibold">{t('title')}</h1>
        <p className="text-sm text-slate-500">
          {overview.intervalMs
            ? t('intro', { seconds: Math.round(overview.intervalMs / 1000) })
            : t('waiting')}
        </p>
      </div>
      <CliCommand command="docker stats" />
      <Link
        href="/stats/history"
        className="text-sm text-sky-600 hover:underline"
        data-testid="top-consumers-link"
      >
        {th('topLink')}
      </Link>
      {overview.error && (
        <p role="alert" className="text-sm text-red-600">
          {overview.error}
        </p>
      )}
      <StatsTable rows={overview.rows} updated={overview.updated} />
    </div>
  );
}
