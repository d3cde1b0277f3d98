'use client';

import { useTranslations } from 'next-intl';
import type { ContainerState, HealthState } from '@/lib/containers/types';

const STATE_STYLES: Record<ContainerState, string> = {
  running: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300',
  paused: 'bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300',
  restarting: 'bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300',
  created: 'bg-slate-200 text-slate-700 dark:bg-slate-800 dark:text-slate-300',
  removing: 'bg-slate-200 text-slate-700 dark:bg-slate-800 dark:text-slate-300',
  exited: 'bg-slate-200 text-slate-700 dark:bg-slate-800 dark:text-slate-300',
  dead: 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300',
};

const HEALTH_STYLES: Record<HealthState, string> = {
  healthy: 'text-emerald-600 dark:text-emerald-400',
  unhealthy: 'text-red-600 dark:text-red-400',
  starting: 'text-amber-600 dark:text-amber-400',
};

export function StateBadge({ state, health }: { state: ContainerState; health?: HealthState | null }) {
  const t = useTranslations('containers.state');
  const th = useTranslations('containers.health');
  return (
    <span className="inline-flex items-center gap-1.5 text-xs">
      <span className={`rounded-full px-2 py-0.5 font-medium ${STATE_STYLES[state] ?? STATE_STYLES.created}`}>
        {t(state)}
      </span>
      {health && <span className={`font-medium ${HEALTH_STYLES[health]}`}>{th(health)}</span>}
    </span>
  );
}
