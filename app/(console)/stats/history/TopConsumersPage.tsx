'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import Link from '@/components/environments/EnvLink';
import { useTopConsumers } from '@/components/stats-history/queries';
import { RangePicker } from '@/components/stats-history/RangePicker';
import { CliCommand } from '@/components/ui/CliCommand';
import { formatBytes } from '@/lib/format';
import { type HistoryRange, TOP_BY, type TopBy } from '@/lib/stats/history';

/** The containers that used the most CPU or memory over a range, from the stored history. */
export function TopConsumersPage() {
  const t = useTranslations('statsHistory');
  const locale = useLocale();
  const [range, setRange] = useState<HistoryRange>('1h');
  const [by, setBy] = useState<TopBy>('cpu');
  const top = useTopConsumers(range, by);
  const rows = top.data?.rows ?? [];
  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-xl font-semibold">{t('topTitle')}</h1>
        <p className="text-sm text-slate-500">{t('topIntro')}</p>
      </div>
      <CliCommand command="docker stats --no-stream" />
      <div className="flex flex-wrap items-center gap-3">
        <RangePicker value={range} onChange={setRange} />
        <label className="flex items-center gap-2 text-sm">
          {t('rankBy')}
          <select
            data-testid="top-by"
            value={by}
            onChange={(e) => setBy(e.target.value as TopBy)}
            className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950"
          >
            {TOP_BY.map((b) => (
              <option key={b} value={b}>
                {t(`by.${b}`)}
              </option>
            ))}
          </select>
        </label>
        <Link href="/stats" className="text-sm text-sky-600 hover:underline">
          {t('live')}
        </Link>
      </div>
      {top.error && (
        <p role="alert" className="text-sm text-red-600">
          {top.error.message}
        </p>
      )}
      {top.data && rows.length === 0 && <p className="text-sm text-slate-500">{t('noneYet')}</p>}
      {rows.length > 0 && (
        <table className="w-full text-sm" data-testid="top-consumers">
          <thead className="text-left text-xs text-slate-500">
            <tr>
              <th className="py-1">#</th>
              <th>{t('container')}</th>
              <th>{t('project')}</th>
              <th className="text-right">{t('cpuAvg')}</th>
              <th className="text-right">{t('cpuPeak')}</th>
              <th className="text-right">{t('memAvg')}</th>
              <th className="text-right">{t('memPeak')}</th>
              <th className="text-right">{t('netTotal')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr
                key={`${r.project}/${r.name}`}
                data-testid="top-row"
                data-name={r.name}
                className="border-t border-slate-200 dark:border-slate-800"
              >
                <td className="py-1">{i + 1}</td>
                <td>
                  <Link
                    href={`/containers/${encodeURIComponent(r.name)}?tab=stats`}
                    className="text-sky-600 hover:underline"
                  >
                    {r.name}
                  </Link>
                </td>
                <td className="text-slate-500">{r.project || '—'}</td>
                <td className="text-right font-mono">{r.cpuAvg.toFixed(1)}%</td>
                <td className="text-right font-mono">{r.cpuMax.toFixed(1)}%</td>
                <td className="text-right font-mono">{formatBytes(r.memAvg, locale)}</td>
                <td className="text-right font-mono">{formatBytes(r.memMax, locale)}</td>
                <td className="text-right font-mono">
                  ↓ {formatBytes(r.netRx, locale)} ↑ {formatBytes(r.netTx, locale)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
