'use client';

import { ArrowDown, ArrowUp } from 'lucide-react';
import { useLocale, useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import Link from '@/components/environments/EnvLink';
import { Sparkline } from '@/components/stats/Sparkline';
import type { OverviewEntry } from '@/components/stats/useStatsOverview';
import { formatBytes } from '@/lib/format';

type SortKey = 'name' | 'cpu' | 'memory';

const SORTERS: Record<SortKey, (a: OverviewEntry, b: OverviewEntry) => number> = {
  name: (a, b) => a.name.localeCompare(b.name),
  cpu: (a, b) => a.sample.cpuPercent - b.sample.cpuPercent,
  memory: (a, b) => a.sample.memoryUsage - b.sample.memoryUsage,
};

/** The live stats table of the overview (and of a stack's containers), sortable by name, CPU or memory. */
export function StatsTable({ rows: unsorted, updated }: { rows: OverviewEntry[]; updated: number | null }) {
  const t = useTranslations('statsOverview');
  const ts = useTranslations('stats');
  const locale = useLocale();
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'cpu', desc: true });
  const rows = useMemo(() => {
    const sorted = [...unsorted].sort(SORTERS[sort.key]);
    return sort.desc ? sorted.reverse() : sorted;
  }, [unsorted, sort]);
  const bytes = (v: number) => formatBytes(v, locale);
  const rate = (v: number) => `${formatBytes(v, locale)}/s`;

  const header = (key: SortKey, label: string) => (
    <th
      className="px-3 py-2"
      aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : undefined}
    >
      <button
        type="button"
        className="flex items-center gap-1 font-medium"
        onClick={() => setSort((s) => ({ key, desc: s.key === key ? !s.desc : key !== 'name' }))}
        data-testid={`stats-sort-${key}`}
      >
        {label}
        {sort.key === key &&
          (sort.desc ? (
            <ArrowDown className="h-3 w-3" aria-hidden />
          ) : (
            <ArrowUp className="h-3 w-3" aria-hidden />
          ))}
      </button>
    </th>
  );

  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
      <table className="w-full text-sm" data-testid="stats-table">
        <thead className="bg-slate-50 text-left text-xs font-medium text-slate-600 dark:bg-slate-900 dark:text-slate-400">
          <tr>
            {header('name', t('name'))}
            {header('cpu', ts('cpu'))}
            {header('memory', ts('memory'))}
            <th className="px-3 py-2 font-medium">{ts('network')}</th>
            <th className="px-3 py-2 font-medium">{ts('blockIo')}</th>
            <th className="px-3 py-2 text-right font-medium">{ts('pids')}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {rows.map((r) => (
            <tr key={r.id} data-testid="stats-row" data-name={r.name}>
              <td className="px-3 py-2">
                <Link
                  href={`/containers/${r.id}?tab=stats`}
                  className="font-mono text-xs text-sky-700 hover:underline dark:text-sky-400"
                >
                  {r.name}
                </Link>
                <div className="truncate text-xs text-slate-500">{r.image}</div>
              </td>
              <td className="px-3 py-2">
                <div className="flex items-center gap-2">
                  <Sparkline values={r.cpuHistory} label={t('cpuHistory', { name: r.name })} />
                  <span className="w-16 text-right tabular-nums" data-testid="stats-cpu">
                    {r.sample.cpuPercent.toFixed(1)}%
                  </span>
                </div>
              </td>
              <td className="px-3 py-2">
                <div className="flex items-center gap-2">
                  <Sparkline
                    values={r.memoryHistory}
                    max={r.sample.memoryLimit || undefined}
                    colour="#9333ea"
                    label={t('memoryHistory', { name: r.name })}
                  />
                  <span className="tabular-nums">
                    {bytes(r.sample.memoryUsage)}
                    <span className="text-xs text-slate-500">
                      {' '}
                      / {bytes(r.sample.memoryLimit)} ({r.sample.memoryPercent.toFixed(1)}%)
                    </span>
                  </span>
                </div>
              </td>
              <td className="px-3 py-2 text-xs tabular-nums">
                ↓ {rate(r.sample.netRxRate)} ↑ {rate(r.sample.netTxRate)}
              </td>
              <td className="px-3 py-2 text-xs tabular-nums">
                {bytes(r.sample.blockRead)} / {bytes(r.sample.blockWrite)}
              </td>
              <td className="px-3 py-2 text-right tabular-nums">{r.sample.pids}</td>
            </tr>
          ))}
          {updated !== null && rows.length === 0 && (
            <tr>
              <td colSpan={6} className="px-3 py-8 text-center text-slate-500">
                {t('none')}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
