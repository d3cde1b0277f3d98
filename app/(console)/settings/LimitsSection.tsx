'use client';

import { useTranslations } from 'next-intl';
import type { LimitName, LimitsSettings } from '@/lib/settings/limits';
import { LIMIT_NAMES } from '@/lib/settings/limits';
import { Section } from '../account/AccountPage';

const input =
  'rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950';

/** The per-user limits and the idle terminal timeout (shown in minutes, stored in seconds). */
export function LimitsSection({
  value,
  onChange,
}: {
  value: LimitsSettings;
  onChange: (next: LimitsSettings) => void;
}) {
  const t = useTranslations('settings');
  const set = (name: LimitName, n: number) => onChange({ ...value, [name]: n });
  return (
    <Section title={t('limits')}>
      <p className="text-sm text-slate-600 dark:text-slate-300">{t('limitsHelp')}</p>
      <div className="grid gap-3 sm:grid-cols-3">
        {LIMIT_NAMES.map((name) => (
          <label key={name} className="flex flex-col gap-1 text-sm font-medium">
            {t(`limit.${name}`)}
            <input
              type="number"
              min={1}
              name={`limits.${name}`}
              className={input}
              value={value[name]}
              onChange={(e) => set(name, Number(e.target.value))}
            />
          </label>
        ))}
        <label className="flex flex-col gap-1 text-sm font-medium">
          {t('limit.terminalIdleMinutes')}
          <input
            type="number"
            min={0}
            step="any"
            name="limits.terminalIdleMinutes"
            className={input}
            value={Math.round((value.terminalIdleSeconds / 60) * 100) / 100}
            onChange={(e) =>
              onChange({ ...value, terminalIdleSeconds: Math.round(Number(e.target.value) * 60) })
            }
          />
        </label>
      </div>
    </Section>
  );
}
