'use client';

import { useSearchParams } from 'next/navigation';
import { useTranslations } from 'next-intl';
import Link from '@/components/environments/EnvLink';
import { replicasText } from '@/components/swarm/form';
import { useService } from '@/components/swarm/queries';
import { ServiceActions } from '@/components/swarm/ServiceActions';
import { ServiceLogs } from '@/components/swarm/ServiceLogs';
import { ServiceOverview } from '@/components/swarm/ServiceOverview';
import { ServiceUpdateForm } from '@/components/swarm/ServiceUpdateForm';
import { pickTab, TabLinks } from '@/components/swarm/Tabs';
import { TasksPanel } from '@/components/swarm/TasksTable';
import { queryGate } from '@/components/ui/QueryGate';
import { servicePsCommand } from '@/lib/swarm/cli';

const TABS = ['overview', 'tasks', 'logs', 'update'] as const;

/** One service: its spec, its tasks, its merged logs and `docker service update`. */
export function ServiceDetailPage({ id }: { id: string }) {
  const t = useTranslations('swarm');
  const tab = pickTab(TABS, useSearchParams().get('tab'));
  const service = useService(id);
  const back = (
    <Link href="/swarm?tab=services" className="text-sm text-sky-700 hover:underline dark:text-sky-400">
      ← {t('backToServices')}
    </Link>
  );
  const gate = queryGate(service, { loading: t('loading'), notFound: t('service.notFound') }, back);
  if (gate || !service.data) return gate;
  const s = service.data;
  const base = `/swarm/services/${encodeURIComponent(id)}`;

  return (
    <div className="flex flex-col gap-4">
      {back}
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold" data-testid="swarm-service-name">
          {s.name}
        </h1>
        <span className="font-mono text-sm text-slate-500" data-testid="swarm-service-detail-replicas">
          {replicasText(s.running, s.desired)}
        </span>
        {s.updateStatus && (
          <span
            className="rounded bg-slate-100 px-1.5 text-xs dark:bg-slate-800"
            title={s.updateStatus.message}
          >
            {s.updateStatus.state}
          </span>
        )}
        <ServiceActions service={s} />
      </div>
      <TabLinks
        tabs={TABS}
        current={tab}
        href={(k) => (k === 'overview' ? base : `${base}?tab=${k}`)}
        label={(k) => t(`service.tabs.${k}`)}
        testId="swarm-service-tabs"
      />
      {tab === 'overview' && <ServiceOverview service={s} />}
      {tab === 'tasks' && <TasksPanel filter={{ service: s.id }} command={servicePsCommand(s.name)} />}
      {tab === 'logs' && <ServiceLogs service={s} />}
      {tab === 'update' && <ServiceUpdateForm service={s} />}
    </div>
  );
}
