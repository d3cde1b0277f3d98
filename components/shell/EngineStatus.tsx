'use client';

import { Server, TriangleAlert } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { ApiError } from '@/components/api/client';
import { useEngineInfo, useHealth } from '@/components/engine/queries';
import { useEnvironment } from '@/components/environments/current';
import { useEnvironments } from '@/components/environments/queries';
import { LOCAL_ENVIRONMENT } from '@/lib/environments/types';

export function EngineBadge() {
  const t = useTranslations('engine');
  const env = useEnvironment();
  const health = useHealth();
  const reachable = env !== LOCAL_ENVIRONMENT || (health.data?.engine.reachable ?? false);
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

/** The engine of the page's environment cannot be reached: say which one, and where. */
export function EngineBanner() {
  const t = useTranslations('environments.banner');
  const env = useEnvironment();
  const health = useHealth();
  const info = useEngineInfo(env !== LOCAL_ENVIRONMENT);
  const list = useEnvironments();
  const known = list.data?.find((e) => e.id === env);
  const name = known?.name ?? env;
  if (env === LOCAL_ENVIRONMENT) {
    if (!health.data || health.data.engine.reachable) return null;
    return <Banner text={t('unreachable', { name, address: health.data.engine.address })} />;
  }
  if (!info.isError) return null;
  // A 404 from /api/environments/{env}/…: no such environment (removed, or a mistyped link).
  const unknown = info.error instanceof ApiError && info.error.status === 404;
  return (
    <Banner
      text={
        unknown
          ? t('unknown', { name: env })
          : t('unreachable', { name, address: known?.address ?? '?' }) +
            (info.error.message ? ` (${info.error.message})` : '')
      }
    />
  );
}

function Banner({ text }: { text: string }) {
  return (
    <div
      role="alert"
      data-testid="engine-unreachable"
      className="flex items-center gap-2 bg-red-600 px-4 py-2 text-sm font-medium text-white"
    >
      <TriangleAlert className="h-4 w-4 shrink-0" aria-hidden />
      {text}
    </div>
  );
}
