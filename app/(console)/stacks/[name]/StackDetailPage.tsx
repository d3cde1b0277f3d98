'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useCan } from '@/components/auth/queries';
import { BackLink } from '@/components/detail/BackLink';
import { DetailTabs } from '@/components/detail/DetailTabs';
import { DetailTitle } from '@/components/detail/DetailTitle';
import { useSearchParams } from '@/components/environments/navigation';
import { useAdoptStack } from '@/components/stacks/mutations';
import { useStack } from '@/components/stacks/queries';
import { StackOriginBadge, StackStatusBadge } from '@/components/stacks/StackBadges';
import { StackRunPanel } from '@/components/stacks/StackRunPanel';
import { useStackRun } from '@/components/stacks/useStackRun';
import { Button } from '@/components/ui/Button';
import { queryGate } from '@/components/ui/QueryGate';
import { ConfigTab } from './ConfigTab';
import { EditorTab } from './EditorTab';
import { HistoryTab } from './HistoryTab';
import { ServicesTab } from './ServicesTab';
import { StackActions } from './StackActions';
import { StackLogsTab } from './StackLogsTab';
import { StackStatsTab } from './StackStatsTab';

const TABS = ['services', 'logs', 'stats', 'config', 'editor', 'history'] as const;
type Tab = (typeof TABS)[number];
/** Berth does not read the files of a stack it does not own: an external one shows what runs, read-only. */
const EXTERNAL_TABS: readonly Tab[] = ['services', 'logs', 'stats'];

export function StackDetailPage({ name }: { name: string }) {
  const t = useTranslations('stacks.detail');
  const requested = useSearchParams().get('tab');
  const [tab, setTab] = useState<Tab>(TABS.find((key) => key === requested) ?? 'services');
  const stack = useStack(name);
  const canWrite = useCan('stacks:write');
  const canAdopt = useCan('stacks:adopt');
  const adopt = useAdoptStack();
  // One live output panel for the page: header actions, per-service actions, save-and-redeploy, roll back.
  // "Pull and redeploy" is two Compose runs: the pull, then (when it worked) the `up -d` that uses the images.
  const run = useStackRun((result, done) => {
    if (result.ok && done.action === 'pull') run.start({ name, action: 'up', options: done.options });
  });

  const back = <BackLink href="/stacks" label={t('back')} />;
  const gate = queryGate(stack, { loading: t('loading'), notFound: t('notFound', { name }) }, back);
  if (gate || !stack.data) return gate;
  const info = stack.data;
  const external = info.origin === 'external';
  const tabs = external ? EXTERNAL_TABS : TABS;
  const shown = tabs.includes(tab) ? tab : 'services';
  const writable = canWrite && !external;

  return (
    <div className="flex flex-col gap-4">
      {back}
      <DetailTitle title={info.name} testId="stack-name">
        <StackStatusBadge status={info.status} />
        <StackOriginBadge origin={info.origin} />
        <span className="text-sm text-slate-500" data-testid="stack-containers">
          {t('running', { running: info.running, total: info.containers })}
        </span>
      </DetailTitle>
      {external ? (
        <div
          className="flex flex-wrap items-center gap-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
          data-testid="stack-external"
        >
          <div className="flex min-w-0 flex-1 flex-col gap-1">
            <span>{t('external')}</span>
            {info.configFiles.map((f) => (
              <span key={f} className="font-mono text-xs break-all">
                {f}
              </span>
            ))}
            {info.workingDir && <span className="font-mono text-xs break-all">{info.workingDir}</span>}
          </div>
          {canAdopt && (
            <Button
              onClick={() => adopt.mutate(info.name)}
              disabled={adopt.isPending}
              data-testid="stack-adopt"
            >
              {t('adopt')}
            </Button>
          )}
        </div>
      ) : (
        <StackActions stack={info} run={run} canWrite={writable} />
      )}
      <StackRunPanel run={run} />
      <DetailTabs tabs={tabs} value={shown} onChange={setTab} label={(key) => t(`tabs.${key}`)}>
        <div className="pt-4">
          {shown === 'services' && <ServicesTab stack={info} run={run} canWrite={writable} />}
          {shown === 'logs' && <StackLogsTab name={info.name} />}
          {shown === 'stats' && <StackStatsTab stack={info} />}
          {shown === 'config' && <ConfigTab name={info.name} />}
          {shown === 'editor' && (
            // Remounted when the saved files change (a save, a roll back), so it starts from them.
            <EditorTab key={info.versions[0]?.version ?? 0} stack={info} run={run} canWrite={writable} />
          )}
          {shown === 'history' && <HistoryTab stack={info} run={run} canWrite={writable} />}
        </div>
      </DetailTabs>
    </div>
  );
}
