'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { ApiError } from '@/components/api/client';
import { LineChart } from '@/components/stats/LineChart';
import { useHistorySeries } from '@/components/stats-history/queries';
import { RangePicker } from '@/components/stats-history/RangePicker';
import { CliCommand } from '@/components/ui/CliCommand';
import type { JsonObject } from '@/lib/api/endpoint';
import { formatBytes } from '@/lib/format';
import type { HistoryRange } from '@/lib/stats/history';

const card = 'rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900';

/**
 * Stored CPU, memory and network of the container (by name + compose project, so a recreated container keeps
 * its past): 10 s points up to 6 h, 1 min points up to 7 days.
 */
export function HistorySection({ name, project }: { name: string; project: string | undefined }) {
  const t = useTranslations('statsHistory');
  const locale = useLocale();
  const [range, setRange] = useState<HistoryRange>('1h');
  const series = useHistorySeries(name, project, range);
  const points = series.data?.points ?? [];
  const times = points.map((p) => p.t);
  const seconds = series.data?.resolution ?? 10;
  const pct = (v: number) => `${v.toFixed(1)}%`;
  const bytes = (v: number) => formatBytes(v, locale);
  const rate = (v: number) => `${formatBytes(v, locale)}/s`;
  const missing = series.error instanceof ApiError && series.error.status === 404;
  return (
    <section className="flex flex-col gap-3" data-testid="stats-history" data-range={range}>
      <div className="flex flex-wrap items-center gap-3">
        <h2 className="text-base font-semibold">{t('history')}</h2>
        <RangePicker value={range} onChange={setRange} />
        <span className="text-xs text-slate-500" data-testid="history-resolution">
          {series.data ? t('resolution', { seconds, points: points.length }) : ''}
        </span>
      </div>
      <CliCommand command={`docker stats --no-stream ${name}`} />
      <p className="text-xs text-slate-500">{t('cliNote')}</p>
      {missing && <p className="text-sm text-slate-500">{t('none')}</p>}
      {series.error && !missing && (
        <p role="alert" className="text-sm text-red-600">
          {series.error.message}
        </p>
      )}
      {series.data && (
        <div className="grid gap-4 lg:grid-cols-2">
          <div className={card}>
            <h3 className="mb-2 text-sm font-semibold">{t('cpu')}</h3>
            <LineChart
              testId="history-cpu-chart"
              times={times}
              format={pct}
              series={[
                { label: t('average'), color: '#0284c7', values: points.map((p) => p.cpu) },
                { label: t('peak'), color: '#94a3b8', values: points.map((p) => p.cpuMax) },
              ]}
            />
          </div>
          <div className={card}>
            <h3 className="mb-2 text-sm font-semibold">{t('memory')}</h3>
            <LineChart
              testId="history-memory-chart"
              times={times}
              format={bytes}
              series={[
                { label: t('usage'), color: '#7c3aed', values: points.map((p) => p.mem) },
                { label: t('limit'), color: '#94a3b8', values: points.map((p) => p.memLimit) },
              ]}
            />
          </div>
          <div className={card}>
            <h3 className="mb-2 text-sm font-semibold">{t('network')}</h3>
            <LineChart
              testId="history-network-chart"
              times={times}
              format={rate}
              series={[
                { label: t('received'), color: '#059669', values: points.map((p) => p.netRx / seconds) },
                { label: t('sent'), color: '#d97706', values: points.map((p) => p.netTx / seconds) },
              ]}
            />
          </div>
          <div className={card}>
            <h3 className="mb-2 text-sm font-semibold">{t('blockIo')}</h3>
            <LineChart
              testId="history-block-chart"
              times={times}
              format={rate}
              series={[
                { label: t('read'), color: '#0891b2', values: points.map((p) => p.blkRead / seconds) },
                { label: t('written'), color: '#be123c', values: points.map((p) => p.blkWrite / seconds) },
              ]}
            />
          </div>
        </div>
      )}
    </section>
  );
}

/** The compose project label of an inspected container ('' outside Compose), which keys its history. */
export function composeProject(inspect: JsonObject): string {
  const config = inspect.Config;
  if (!config || typeof config !== 'object' || Array.isArray(config)) return '';
  const labels = config.Labels;
  if (!labels || typeof labels !== 'object' || Array.isArray(labels)) return '';
  const project = labels['com.docker.compose.project'];
  return typeof project === 'string' ? project : '';
}
