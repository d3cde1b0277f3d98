'use client';

import { useSearchParams } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { FilesTab } from '@/components/swarm/FilesTab';
import { NodesTab } from '@/components/swarm/NodesTab';
import { OverviewTab } from '@/components/swarm/OverviewTab';
import { ServicesTab } from '@/components/swarm/ServicesTab';
import { SwarmGate } from '@/components/swarm/SwarmGate';
import { pickTab, TabLinks } from '@/components/swarm/Tabs';

const TABS = ['overview', 'nodes', 'services', 'secrets', 'configs'] as const;

/** The swarm of the current environment's engine, one tab per kind of object (`?tab=`). */
export function SwarmPage() {
  const t = useTranslations('swarm');
  const tab = pickTab(TABS, useSearchParams().get('tab'));
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <SwarmGate>
        {(state) => (
          <>
            <TabLinks
              tabs={TABS}
              current={tab}
              href={(k) => (k === 'overview' ? '/swarm' : `/swarm?tab=${k}`)}
              label={(k) => t(`tabs.${k}`)}
              testId="swarm-tabs"
            />
            {tab === 'overview' && <OverviewTab state={state} />}
            {tab === 'nodes' && <NodesTab />}
            {tab === 'services' && <ServicesTab />}
            {tab === 'secrets' && <FilesTab kind="secret" />}
            {tab === 'configs' && <FilesTab kind="config" />}
          </>
        )}
      </SwarmGate>
    </div>
  );
}
