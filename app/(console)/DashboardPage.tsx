'use client';

import { useLocale, useTranslations } from 'next-intl';
import { engineKeys, useEngineInfo, useHealth } from '@/components/engine/queries';
import Link from '@/components/environments/EnvLink';
import { useNetworks } from '@/components/networks/queries';
import { useRefetchOnEngineEvents } from '@/components/realtime/EngineEventsBridge';
import { DiskUsageChart } from '@/components/system/DiskUsageChart';
import { useDiskUsage } from '@/components/system/queries';
import { CliCommand } from '@/components/ui/CliCommand';
import { useHydrated } from '@/components/ui/useHydrated';
import { useVolumes } from '@/components/volumes/queries';
import { formatBytes } from '@/lib/format';

export function DashboardPage() {
  const t = useTranslations('dashboard');
  const locale = useLocale();
  const health = useHealth();
  const info = useEngineInfo(health.data?.engine.reachable ?? false);
  // The counts come from /api/engine, which the socket does not keep current by itself.
  useRefetchOnEngineEvents(engineKeys.info(), ['containers', 'images']);
  // Health and engine facts are the header's queries too: until this page has hydrated, render what the
  // server rendered (it has neither), whatever the header has fetched meanwhile.
  const hydrated = useHydrated();
  const d = hydrated ? info.data : undefined;
  const engineDown = hydrated && health.data !== undefined && !health.data.engine.reachable;
  const volumes = useVolumes();
  const networks = useNetworks();
  const df = useDiskUsage();

  const counts = d
    ? [
        {
          label: t('running'),
          value: d.containers.running,
          href: '/containers?state=running',
          tone: 'text-emerald-600',
        },
        {
          label: t('paused'),
          value: d.containers.paused,
          href: '/containers?state=paused',
          tone: 'text-amber-600',
        },
        {
          label: t('stopped'),
          value: d.containers.stopped,
          href: '/containers?state=stopped',
          tone: 'text-slate-600 dark:text-slate-300',
        },
        { label: t('images'), value: d.images, href: '/images', tone: 'text-sky-600' },
        {
          label: t('volumes'),
          value: volumes.data?.length ?? '…',
          href: '/volumes',
          tone: 'text-violet-600',
        },
        {
          label: t('networks'),
          value: networks.data?.length ?? '…',
          href: '/networks',
          tone: 'text-teal-600',
        },
      ]
    : [];

  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      {!d ? (
        <p className="text-sm text-slate-500">{engineDown ? t('noEngine') : t('loading')}</p>
      ) : (
        <>
          <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
            {counts.map((c) => (
              <Link
                key={c.href}
                href={c.href}
                className="rounded-lg border border-slate-200 bg-white p-4 hover:border-sky-400 dark:border-slate-800 dark:bg-slate-900"
              >
                <div className={`text-3xl font-semibold ${c.tone}`}>{c.value}</div>
                <div className="text-sm text-slate-500">{c.label}</div>
              </Link>
            ))}
          </div>
          <section className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
            <h2 className="mb-3 font-semibold">{t('engine')}</h2>
            <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[10rem_1fr]" data-testid="engine-info">
              {(
                [
                  [t('name'), d.name],
                  [t('version'), `${d.version} (API ${d.apiVersion})`],
                  [t('os'), `${d.os} · ${d.osType}/${d.arch}`],
                  [t('kernel'), d.kernel],
                  [t('cpus'), String(d.cpus)],
                  [t('memory'), formatBytes(d.memory, locale)],
                  [t('storageDriver'), d.storageDriver],
                  [t('rootDir'), d.rootDir],
                ] as const
              ).map(([k, v]) => (
                <div key={k} className="contents">
                  <dt className="text-slate-500">{k}</dt>
                  <dd className="font-mono text-xs break-all sm:text-sm">{v}</dd>
                </div>
              ))}
            </dl>
          </section>
          <section className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
            <div className="flex flex-wrap items-center gap-2">
              <h2 className="font-semibold">{t('diskUsage')}</h2>
              <Link
                href="/system/prune"
                className="ml-auto text-sm text-sky-700 hover:underline dark:text-sky-400"
              >
                {t('reclaim')}
              </Link>
            </div>
            <CliCommand command="docker system df" />
            {df.data ? (
              <DiskUsageChart usage={df.data} />
            ) : (
              <p className="text-sm text-slate-500">{df.isError ? df.error.message : t('loading')}</p>
            )}
          </section>
        </>
      )}
    </div>
  );
}
