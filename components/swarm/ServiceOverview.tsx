'use client';

import { useLocale, useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { portText } from '@/components/swarm/form';
import { CliCommand } from '@/components/ui/CliCommand';
import { JsonTree } from '@/components/ui/JsonTree';
import { formatBytes } from '@/lib/format';
import type { ServiceDetail } from '@/lib/swarm/types';

/** The spec in short (env values masked as the server gave them), the line that makes it, and the raw inspect. */
export function ServiceOverview({ service: s }: { service: ServiceDetail }) {
  const t = useTranslations('swarm.service');
  const locale = useLocale();
  const list = (items: string[]) => (items.length ? items.map((i) => <div key={i}>{i}</div>) : '—');
  const rows: [string, ReactNode][] = [
    [t('image'), s.image],
    [t('mode'), s.mode === 'global' ? t('global') : t('replicated', { count: s.replicas ?? 0 })],
    [t('command'), [...(s.command ?? []), ...(s.args ?? [])].join(' ') || '—'],
    [t('env'), list(s.env)],
    [t('labels'), list(Object.entries(s.labels).map(([k, v]) => (v === '' ? k : `${k}=${v}`)))],
    [t('ports'), list(s.ports.map(portText))],
    [
      t('mounts'),
      list(s.mounts.map((m) => `${m.type} ${m.source || '—'} → ${m.target}${m.readOnly ? ' (ro)' : ''}`)),
    ],
    [t('networks'), list(s.networks.map((n) => n.name))],
    [t('constraints'), list(s.constraints)],
    [t('secrets'), list(s.secrets.map((f) => `${f.name} → ${f.target}`))],
    [t('configs'), list(s.configs.map((f) => `${f.name} → ${f.target}`))],
    [t('restart'), s.restartCondition],
    [
      t('limits'),
      [
        s.limits.nanoCpus ? t('cpus', { cpus: s.limits.nanoCpus / 1e9 }) : null,
        s.limits.memoryBytes ? formatBytes(s.limits.memoryBytes, locale) : null,
      ]
        .filter(Boolean)
        .join(' · ') || '—',
    ],
    [t('stack'), s.stack ?? '—'],
    [t('created'), new Date(s.createdAt).toLocaleString(locale)],
    [t('updated'), new Date(s.updatedAt).toLocaleString(locale)],
    [t('updateStatus'), s.updateStatus ? `${s.updateStatus.state} — ${s.updateStatus.message}` : '—'],
  ];
  return (
    <div className="flex flex-col gap-3">
      <dl
        className="grid gap-x-6 gap-y-2 rounded-lg border border-slate-200 bg-white p-4 text-sm sm:grid-cols-[max-content_1fr] dark:border-slate-800 dark:bg-slate-900"
        data-testid="swarm-service-overview"
      >
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-slate-500">{label}</dt>
            <dd className="font-mono text-xs break-all">{value}</dd>
          </div>
        ))}
      </dl>
      <h2 className="text-sm font-semibold">{t('createdBy')}</h2>
      <CliCommand command={s.command_line} />
      <details className="rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
        <summary className="cursor-pointer text-sm font-medium">{t('raw')}</summary>
        <JsonTree data={s.raw} />
      </details>
    </div>
  );
}
