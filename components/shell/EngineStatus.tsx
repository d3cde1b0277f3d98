'use client';

import { Server, TriangleAlert } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useEngineInfo, useHealth } from '@/components/engine/queries';

export function EngineBadge() {
  const t = useTranslations('engine');
  const health = useHealth();
  const reachable = health.data?.engine.reachable ?? false;
  const info = useEngineInfo(reachable);
  if (!reachable || !info.data) return null;
  return (
    <div
      className="flex min-w-0 items-center gap-2 text-sm text-slate-600 dark:text-slate-300"
      data-testid="engine-badge"
    >
      <Server className="h-4 w-4 shrink-0" aria-hidden />
      <span className="truncate font-medium">{info.data.name}</span>
      <span className="hidden text-slate-400 sm:inline">
        {t('version', { version: info.data.version, api: info.data.apiVersion })}
      </span>
    </div>
  );
}

export function EngineBanner() {
  const t = useTranslations('engine');
  const health = useHealth();
  if (!health.data || health.data.engine.reachable) return null;
  return (
    <div
      role="alert"
      data-testid="engine-unreachable"
      className="flex items-center gap-2 bg-red-600 px-4 py-2 text-sm font-medium text-white"
    >
      <TriangleAlert className="h-4 w-4 shrink-0" aria-hidden />
      {t('unreachable', { address: health.data.engine.address })}
    </div>
  );
}
