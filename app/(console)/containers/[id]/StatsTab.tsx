'use client';

import { useLocale, useTranslations } from 'next-intl';
import { LineChart } from '@/components/stats/LineChart';
import { useContainerStats } from '@/components/stats/useContainerStats';
import { CliCommand } from '@/components/ui/CliCommand';
import { formatBytes } from '@/lib/format';

/** Live CPU, memory, network, block I/O and PIDs, as `docker stats` shows them, with a few minutes of history. */
export function StatsTab({ id, name, running }: { id: string; name: string; running: boolean }) {
  const t = useTranslations('stats');
  const locale = useLocale();
  const { samples, error } = useContainerStats(id, running);
  const last = samples.at(-1);
  const times = samples.map((s) => s.time);
  const pct = (v: number) => `${v.toFixed(1)}%`;
  const bytes = (v: number) => formatBytes(v, locale);
  const rate = (v: number) => `${formatBytes(v, locale)}/s`;
  if (!running) return <p className="text-sm text-slate-500">{t('notRunning')}</p>;
  return (
    <div className="flex flex-col gap-4">
      <CliCommand command={`docker stats ${name}`} />
      {error && (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      )}
      <div className="grid grid-cols-2 gap-3 md:grid-cols-5" data-testid="stats-now">
        {(
          [
            [t('cpu'), last ? pct(last.cpuPercent) : '—'],
            [t('memory'), last ? `${bytes(last.memoryUsage)} / ${bytes(last.memoryLimit)}` : '—'],
            [t('network'), last ? `↓ ${rate(last.netRxRate)} ↑ ${rate(last.netTxRate)}` : '—'],
            [t('blockIo'), last ? `${bytes(last.blockRead)} / ${bytes(last.blockWrite)}` : '—'],
            [t('pids'), last ? String(last.pids) : '—'],
          ] as const
        ).map(([label, value]) => (
          <div
            key={label}
            className="rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900"
          >
            <div className="text-xs text-slate-500">{label}</div>
            <div className="font-mono text-sm">{value}</div>
          </div>
        ))}
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <section className="rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
          <h3 className="mb-2 text-sm font-semibold">{t('cpu')}</h3>
          <LineChart
            testId="stats-cpu-chart"
            times={times}
            format={pct}
            series={[{ label: t('cpu'), color: '#0284c7', values: samples.map((s) => s.cpuPercent) }]}
          />
        </section>
        <section className="rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
          <h3 className="mb-2 text-sm font-semibold">{t('memory')}</h3>
          <LineChart
            testId="stats-memory-chart"
            times={times}
            format={bytes}
            series={[{ label: t('memory'), color: '#7c3aed', values: samples.map((s) => s.memoryUsage) }]}
          />
        </section>
        <section className="rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900 lg:col-span-2">
          <h3 className="mb-2 text-sm font-semibold">{t('network')}</h3>
          <LineChart
            testId="stats-network-chart"
            times={times}
            format={rate}
            series={[
              { label: t('received'), color: '#059669', values: samples.map((s) => s.netRxRate) },
              { label: t('sent'), color: '#d97706', values: samples.map((s) => s.netTxRate) },
            ]}
          />
        </section>
      </div>
    </div>
  );
}
