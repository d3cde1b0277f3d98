'use client';

import { useTranslations } from 'next-intl';
import { VIEWER_ACCESS_KEYS, type ViewerAccess } from '@/lib/settings/viewer-access';
import { Section } from '../account/AccountPage';

/** Settings, "What viewers may see": one checkbox per setting of `viewerAccess` (issue 18). */
export function ViewerAccessSection({
  value,
  onChange,
}: {
  value: ViewerAccess;
  onChange: (next: ViewerAccess) => void;
}) {
  const t = useTranslations('settings.viewerAccess');
  return (
    <Section title={t('title')}>
      <p className="text-sm text-slate-600 dark:text-slate-300">{t('help')}</p>
      {VIEWER_ACCESS_KEYS.map((key) => (
        <label key={key} className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            name={`viewerAccess.${key}`}
            checked={value[key]}
            onChange={(e) => onChange({ ...value, [key]: e.target.checked })}
          />
          {t(key)}
        </label>
      ))}
    </Section>
  );
}
