'use client';

import type { ReactNode } from 'react';

/** The tab bar of a detail page and the panel under it; the page keeps the chosen tab and renders its panel. */
export function DetailTabs<T extends string>({
  tabs,
  value,
  onChange,
  label,
  children,
}: {
  tabs: readonly T[];
  value: T;
  onChange: (tab: T) => void;
  label: (tab: T) => string;
  children: ReactNode;
}) {
  return (
    <>
      <div
        className="flex gap-1 overflow-x-auto border-b border-slate-200 dark:border-slate-800"
        role="tablist"
      >
        {tabs.map((key) => (
          <button
            key={key}
            type="button"
            role="tab"
            aria-selected={value === key}
            onClick={() => onChange(key)}
            className={`border-b-2 px-3 py-2 text-sm whitespace-nowrap ${
              value === key
                ? 'border-sky-600 font-medium text-sky-700 dark:text-sky-400'
                : 'border-transparent text-slate-600 dark:text-slate-300'
            }`}
          >
            {label(key)}
          </button>
        ))}
      </div>
      <div role="tabpanel">{children}</div>
    </>
  );
}
