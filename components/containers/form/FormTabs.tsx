'use client';

import { useTranslations } from 'next-intl';
import { type KeyboardEvent, type ReactNode, useRef } from 'react';
import { FORM_TABS, type FormTab } from '@/lib/containers/form-state';

/**
 * The tab bar of the container form (WAI-ARIA tabs, automatic activation: arrows, Home and End move and select).
 * Each tab shows how many options it sets and a red dot when one of its fields has an error.
 */
export function FormTabs({
  value,
  onChange,
  counts,
  invalid,
}: {
  value: FormTab;
  onChange: (tab: FormTab) => void;
  counts: Record<FormTab, number>;
  invalid: ReadonlySet<FormTab>;
}) {
  const t = useTranslations('create.tabs');
  const refs = useRef<Partial<Record<FormTab, HTMLButtonElement | null>>>({});
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>) => {
    const at = FORM_TABS.indexOf(value);
    const to =
      e.key === 'ArrowRight'
        ? (at + 1) % FORM_TABS.length
        : e.key === 'ArrowLeft'
          ? (at - 1 + FORM_TABS.length) % FORM_TABS.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? FORM_TABS.length - 1
              : null;
    if (to === null) return;
    e.preventDefault();
    const tab = FORM_TABS[to] ?? value;
    onChange(tab);
    refs.current[tab]?.focus();
  };
  return (
    <div
      role="tablist"
      aria-label={t('label')}
      className="flex gap-1 overflow-x-auto border-b border-slate-200 dark:border-slate-800"
    >
      {FORM_TABS.map((tab) => {
        const selected = tab === value;
        return (
          <button
            key={tab}
            ref={(el) => {
              refs.current[tab] = el;
            }}
            type="button"
            role="tab"
            id={`form-tab-${tab}`}
            aria-selected={selected}
            aria-controls={`form-panel-${tab}`}
            tabIndex={selected ? 0 : -1}
            data-testid={`form-tab-${tab}`}
            data-count={counts[tab]}
            data-invalid={invalid.has(tab) ? 'true' : undefined}
            onClick={() => onChange(tab)}
            onKeyDown={onKeyDown}
            className={`flex items-center gap-1.5 border-b-2 px-3 py-2 text-sm whitespace-nowrap ${
              selected
                ? 'border-sky-600 font-medium text-sky-700 dark:text-sky-400'
                : 'border-transparent text-slate-600 dark:text-slate-300'
            }`}
          >
            {t(tab)}
            {counts[tab] > 0 && (
              <span className="rounded-full bg-slate-200 px-1.5 text-xs text-slate-700 dark:bg-slate-700 dark:text-slate-200">
                {counts[tab]}
              </span>
            )}
            {invalid.has(tab) && (
              <span
                role="img"
                aria-label={t('hasErrors')}
                className="h-2 w-2 rounded-full bg-red-600"
                data-testid={`form-tab-error-${tab}`}
              />
            )}
          </button>
        );
      })}
    </div>
  );
}

/** A tab's panel: always rendered (fields keep their DOM and values), hidden unless selected. */
export function FormTabPanel({
  tab,
  active,
  children,
}: {
  tab: FormTab;
  active: boolean;
  children: ReactNode;
}) {
  // No accessible name taken from the tab: "Labels" would then name both the panel and its one field.
  return (
    <div role="tabpanel" id={`form-panel-${tab}`} hidden={!active} className="pt-4">
      {children}
    </div>
  );
}
