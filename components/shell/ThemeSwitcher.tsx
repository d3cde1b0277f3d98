'use client';

import { Monitor, Moon, Sun } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { THEME_COOKIE, THEMES, type Theme } from '@/lib/theme';

const ICONS = { light: Sun, dark: Moon, system: Monitor } as const;

export function ThemeSwitcher({ initial }: { initial: Theme }) {
  const t = useTranslations('shell');
  const [theme, setTheme] = useState<Theme>(initial);
  const choose = (next: Theme) => {
    setTheme(next);
    document.documentElement.classList.remove(...THEMES);
    document.documentElement.classList.add(next);
    document.cookie = `${THEME_COOKIE}=${next}; path=/; max-age=31536000; samesite=strict`;
  };
  return (
    <fieldset className="flex rounded-md border border-slate-300 p-0.5 dark:border-slate-700">
      <legend className="sr-only">{t('theme')}</legend>
      {THEMES.map((option) => {
        const Icon = ICONS[option];
        return (
          <button
            key={option}
            onClick={() => choose(option)}
            aria-pressed={theme === option}
            title={t(`themes.${option}`)}
            className={`rounded p-1 ${theme === option ? 'bg-slate-200 dark:bg-slate-700' : ''}`}
          >
            <Icon className="h-4 w-4" aria-hidden />
            <span className="sr-only">{t(`themes.${option}`)}</span>
          </button>
        );
      })}
    </fieldset>
  );
}
