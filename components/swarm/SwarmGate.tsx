'use client';

import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { ListError } from '@/components/list/ListError';
import { useSwarmState } from '@/components/swarm/queries';
import { CliCommand } from '@/components/ui/CliCommand';
import type { SwarmState } from '@/lib/swarm/types';

/**
 * Renders its children only on a swarm manager: every other Swarm endpoint answers 409 elsewhere, so the page
 * says what the engine is instead (no swarm, a worker, a locked manager) and how to make one.
 */
export function SwarmGate({ children }: { children: (state: SwarmState) => ReactNode }) {
  const t = useTranslations('swarm');
  const state = useSwarmState();
  if (state.isLoading) return <p className="text-sm text-slate-500">{t('loading')}</p>;
  if (!state.data)
    return <ListError role="alert" message={t('stateError', { message: state.error?.message ?? '' })} />;
  const s = state.data;
  if (s.isManager) return <>{children(s)}</>;
  const inactive = s.localNodeState === 'inactive';
  return (
    <div
      className="flex flex-col gap-3 rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm dark:border-amber-900 dark:bg-amber-950"
      data-testid="swarm-not-manager"
    >
      <p className="font-medium">{inactive ? t('notSwarm') : t('notManager', { state: s.localNodeState })}</p>
      <p className="text-slate-600 dark:text-slate-300">{inactive ? t('initHint') : t('managerHint')}</p>
      <CliCommand command={inactive ? 'docker swarm init' : 'docker node ls'} />
    </div>
  );
}
