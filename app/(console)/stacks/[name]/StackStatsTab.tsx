'use client';

import { useTranslations } from 'next-intl';
import { StatsTable } from '@/components/stats/StatsTable';
import { useStatsOverview } from '@/components/stats/useStatsOverview';
import { CliCommand } from '@/components/ui/CliCommand';
import { shellJoin } from '@/lib/containers/cli';
import type { StackDetail } from '@/lib/stacks/types';

/** The live stats of the stack's running containers, from the overview's shared sampler. */
export function StackStatsTab({ stack }: { stack: StackDetail }) {
  const t = useTranslations('stacks.stats');
  const overview = useStatsOverview();
  const containers = stack.servicesDetail.flatMap((s) => s.containers);
  const ids = new Set(containers.map((c) => c.id));
  const rows = overview.rows.filter((r) => ids.has(r.id));
  const names = containers.filter((c) => c.state === 'running').map((c) => c.name);
  return (
    <div className="flex flex-col gap-3">
      <CliCommand command={names.length ? shellJoin(['docker', 'stats', ...names]) : 'docker stats'} />
      {overview.error && (
        <p role="alert" className="text-sm text-red-600">
          {overview.error}
        </p>
      )}
      {names.length === 0 ? (
        <p className="text-sm text-slate-500">{t('none')}</p>
      ) : (
        <StatsTable rows={rows} updated={overview.updated} />
      )}
    </div>
  );
}
