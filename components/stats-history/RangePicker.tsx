'use client';

import { useTranslations } from 'next-intl';
import { HISTORY_RANGES, type HistoryRange } from '@/lib/stats/history';

/** 1 h / 6 h / 24 h / 7 d: one pressed button at a time. */
export function RangePicker({
  value,
  onChange,
}: {
  value: HistoryRange;
  onChange: (range: HistoryRange) => void;
}) {
  const t = useTranslations('statsHistory');
  return (
    <fieldset
      aria-label={t('range')}
      className="inline-flex overflow-hidden rounded-md border border-slate-300 dark:border-slate-700"
    >
      {HISTORY_RANGES.map((range) => (
        <button
          key={range}
          type="button"
          aria-pressed={value === range}
          data-testid={`history-range-${range}`}
          onClick={() => onChange(range)}
          className={`px-2.5 py-1 text-xs font-medium ${
            value === range
              ? 'bg-sky-600 text-white'
              : 'bg-white text-slate-700 hover:bg-slate-50 dark:bg-slate-900 dark:text-slate-200 dark:hover:bg-slate-800'
          }`}
        >
          {t(`ranges.${range}`)}
        </button>
      ))}
    </fieldset>
  );
}
