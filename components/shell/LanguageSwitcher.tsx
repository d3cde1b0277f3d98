'use client';

import { Languages } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useTransition } from 'react';
import { LOCALE_COOKIE, LOCALES, type Locale } from '@/lib/i18n/config';

const NAMES: Record<Locale, string> = { en: 'English', 'zh-CN': '简体中文' };

export function LanguageSwitcher() {
  const t = useTranslations('shell');
  const locale = useLocale();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <label className="flex items-center gap-1 text-sm">
      <Languages className="h-4 w-4 text-slate-500" aria-hidden />
      <span className="sr-only">{t('language')}</span>
      <select
        data-testid="language-switcher"
        className="rounded border border-slate-300 bg-transparent px-1 py-1 dark:border-slate-700"
        value={locale}
        disabled={pending}
        onChange={(e) => {
          document.cookie = `${LOCALE_COOKIE}=${e.target.value}; path=/; max-age=31536000; samesite=strict`;
          startTransition(() => router.refresh());
        }}
      >
        {LOCALES.map((l) => (
          <option key={l} value={l} className="text-slate-900">
            {NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
