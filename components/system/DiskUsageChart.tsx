'use client';

import { useLocale, useTranslations } from 'next-intl';
import { formatBytes } from '@/lib/format';
import type { DiskUsage } from '@/lib/system/types';

/** One bar per kind, scaled to the largest: the part in use, and the reclaimable part hatched. */
export function DiskUsageChart({ usage }: { usage: DiskUsage }) {
  const t = useTranslations('system');
  const locale = useLocale();
  const max = Math.max(1, ...usage.map((r) => r.size));
  return (
    <div className="flex flex-col gap-3" data-testid="disk-usage">
      <ul className="flex flex-col gap-3">
        {usage.map((r) => {
          const used = ((r.size - r.reclaimable) / max) * 100;
          const free = (r.reclaimable / max) * 100;
          return (
            <li key={r.kind} className="grid items-center gap-x-3 sm:grid-cols-[9rem_1fr_14rem]">
              <span className="text-sm font-medium">{t(`kind.${r.kind}`)}</span>
              <div
                className="flex h-4 overflow-hidden rounded bg-slate-100 dark:bg-slate-800"
                role="img"
                aria-label={t('barLabel', {
                  kind: t(`kind.${r.kind}`),
                  size: formatBytes(r.size, locale),
                  reclaimable: formatBytes(r.reclaimable, locale),
                })}
              >
                <div className="bg-sky-600" style={{ width: `${used}%` }} />
                <div
                  className="bg-amber-400"
                  style={{
                    width: `${free}%`,
                    backgroundImage:
                      'repeating-linear-gradient(45deg, transparent 0 4px, rgba(255,255,255,.45) 4px 8px)',
                  }}
                />
              </div>
              <span className="text-xs text-slate-500 tabular-nums" data-testid={`df-${r.kind}`}>
                {t('sizeLine', {
                  size: formatBytes(r.size, locale),
                  reclaimable: formatBytes(r.reclaimable, locale),
                  active: r.active,
                  total: r.total,
                })}
              </span>
            </li>
          );
        })}
      </ul>
      <div className="flex gap-4 text-xs text-slate-500">
        <span className="flex items-center gap-1">
          <span className="h-2.5 w-2.5 rounded-sm bg-sky-600" aria-hidden /> {t('inUse')}
        </span>
        <span className="flex items-center gap-1">
          <span className="h-2.5 w-2.5 rounded-sm bg-amber-400" aria-hidden /> {t('reclaimable')}
        </span>
      </div>
    </div>
  );
}
