'use client';

import Link from '@/components/environments/EnvLink';

/** A row of tab links (the tab lives in the URL, so reloads and shared links keep it, with `?env=`). */
export function TabLinks<K extends string>({
  tabs,
  current,
  href,
  label,
  testId,
}: {
  tabs: readonly K[];
  current: K;
  href: (tab: K) => string;
  label: (tab: K) => string;
  testId: string;
}) {
  return (
    <nav
      className="flex flex-wrap gap-1 border-b border-slate-200 dark:border-slate-800"
      data-testid={testId}
    >
      {tabs.map((tab) => (
        <Link
          key={tab}
          href={href(tab)}
          scroll={false}
          aria-current={tab === current ? 'page' : undefined}
          data-testid={`${testId}-${tab}`}
          className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${
            tab === current
              ? 'border-sky-600 text-sky-700 dark:text-sky-300'
              : 'border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100'
          }`}
        >
          {label(tab)}
        </Link>
      ))}
    </nav>
  );
}

/** Picks a tab from a search parameter, falling back to the first. */
export function pickTab<K extends string>(tabs: readonly K[], raw: string | null): K {
  return (tabs as readonly string[]).includes(raw ?? '') ? (raw as K) : (tabs[0] as K);
}
