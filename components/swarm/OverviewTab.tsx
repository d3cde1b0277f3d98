'use client';

import { useLocale, useTranslations } from 'next-intl';
import { CliCommand } from '@/components/ui/CliCommand';
import type { SwarmState } from '@/lib/swarm/types';

/** `docker info`'s Swarm section: the cluster, its size and this engine's node. */
export function OverviewTab({ state }: { state: SwarmState }) {
  const t = useTranslations('swarm.overview');
  const locale = useLocale();
  const c = state.cluster;
  const n = new Intl.NumberFormat(locale);
  const rows: [string, string, string][] = [
    ['clusterId', t('clusterId'), c?.id ?? '—'],
    ['nodes', t('nodes'), c ? n.format(c.nodes) : '—'],
    ['managers', t('managers'), c ? n.format(c.managers) : '—'],
    ['nodeId', t('nodeId'), state.nodeId ?? '—'],
    ['state', t('state'), state.localNodeState],
    ['created', t('created'), c ? new Date(c.createdAt).toLocaleString(locale) : '—'],
    ['pool', t('addrPool'), c?.defaultAddrPool.join(', ') || '—'],
  ];
  return (
    <div className="flex flex-col gap-3">
      <dl className="grid gap-x-6 gap-y-2 rounded-lg border border-slate-200 bg-white p-4 text-sm sm:grid-cols-[max-content_1fr] dark:border-slate-800 dark:bg-slate-900">
        {rows.map(([key, label, value]) => (
          <div key={key} className="contents">
            <dt className="text-slate-500">{label}</dt>
            <dd className="font-mono break-all" data-testid={`swarm-overview-${key}`}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
      <CliCommand command="docker info --format '{{json .Swarm}}'" />
    </div>
  );
}
