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
import type { HistoryPoint, HistoryRange } from '@/lib/stats/history';

type Key = 'cpu' | 'memory' | 'network' | 'blockIo';
type LineLabel = 'average' | 'peak' | 'usage' | 'limit' | 'received' | 'sent' | 'read' | 'written';
interface ChartSpec {
  key: Key;
  testId: string;
  format: (v: number) => string;
  lines: { label: LineLabel; color: string; value: (p: HistoryPoint) => number }[];
}

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
  // One spec per chart: what it shows, and each line's label, colour and value per point.
  const charts: ChartSpec[] = [
    {
      key: 'cpu',
      testId: 'history-cpu-chart',
      format: pct,
      lines: [
        { label: 'average', color: '#0284c7', value: (p) => p.cpu },
        { label: 'peak', color: '#94a3b8', value: (p) => p.cpuMax },
      ],
    },
    {
      key: 'memory',
      testId: 'history-memory-chart',
      format: bytes,
      lines: [
        { label: 'usage', color: '#7c3aed', value: (p) => p.mem },
        { label: 'limit', color: '#94a3b8', value: (p) => p.memLimit },
      ],
    },
    {
      key: 'network',
      testId: 'history-network-chart',
      format: rate,
      lines: [
        { label: 'received', color: '#059669', value: (p) => p.netRx / seconds },
        { label: 'sent', color: '#d97706', value: (p) => p.netTx / seconds },
      ],
    },
    {
      key: 'blockIo',
      testId: 'history-block-chart',
      format: rate,
      lines: [
        { label: 'read', color: '#0891b2', value: (p) => p.blkRead / seconds },
        { label: 'written', color: '#be123c', value: (p) => p.blkWrite / seconds },
      ],
    },
  ];
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
          {charts.map((chart) => (
            <div key={chart.key} className={card}>
              <h3 className="mb-2 text-sm font-semibold">{t(chart.key)}</h3>
              <LineChart
                testId={chart.testId}
                times={times}
                format={chart.format}
                series={chart.lines.map((line) => ({
                  label: t(line.label),
                  color: line.color,
                  values: points.map(line.value),
                }))}
              />
            </div>
          ))}
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
