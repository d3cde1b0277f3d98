'use client';

import { ArrowDown, ArrowUp, Search } from 'lucide-react';
import type { ReactNode } from 'react';
import type { SortDir } from '@/lib/containers/sort';

export interface Sort<K extends string> {
  key: K;
  dir: SortDir;
}

/** The row of controls above a list: filter tabs, search, sort and whatever a page adds. */
export function ListToolbar({ children }: { children: ReactNode }) {
  return <div className="flex flex-wrap items-center gap-2">{children}</div>;
}

export function FilterTabs<F extends string>({
  options,
  value,
  onChange,
  label,
  className = '',
}: {
  options: readonly F[];
  value: F;
  onChange: (next: F) => void;
  label: (option: F) => string;
  className?: string;
}) {
  return (
    <div
      className={`flex rounded-md border border-slate-300 p-0.5 dark:border-slate-700 ${className}`}
      role="tablist"
    >
      {options.map((f) => (
        <button
          key={f}
          type="button"
          role="tab"
          aria-selected={value === f}
          onClick={() => onChange(f)}
          className={`rounded px-3 py-1 text-sm ${value === f ? 'bg-slate-200 font-medium dark:bg-slate-700' : ''}`}
        >
          {label(f)}
        </button>
      ))}
    </div>
  );
}

/** The label doubles as placeholder and accessible name. */
export function SearchBox({
  value,
  onChange,
  label,
}: {
  value: string;
  onChange: (next: string) => void;
  label: string;
}) {
  return (
    <label className="relative min-w-48 flex-1 sm:max-w-xs">
      <Search className="absolute top-2 left-2 h-4 w-4 text-slate-400" aria-hidden />
      <span className="sr-only">{label}</span>
      <input
        type="search"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder={label}
        className="w-full rounded-md border border-slate-300 bg-white py-1.5 pr-2 pl-8 text-sm dark:border-slate-700 dark:bg-slate-900"
      />
    </label>
  );
}

export function SortControl<K extends string>({
  keys,
  value,
  onChange,
  keyLabel,
  text,
}: {
  keys: readonly K[];
  value: Sort<K>;
  onChange: (next: Sort<K>) => void;
  keyLabel: (key: K) => string;
  text: { sortBy: string; ascending: string; descending: string };
}) {
  const dirLabel = value.dir === 'asc' ? text.ascending : text.descending;
  return (
    <label className="flex items-center gap-1 text-sm">
      <span className="text-slate-500">{text.sortBy}</span>
      <select
        value={value.key}
        onChange={(e) => {
          // Looked up rather than cast: the options are exactly `keys`.
          const key = keys.find((k) => k === e.target.value);
          if (key) onChange({ ...value, key });
        }}
        className="rounded-md border border-slate-300 bg-white px-2 py-1.5 dark:border-slate-700 dark:bg-slate-900"
      >
        {keys.map((k) => (
          <option key={k} value={k}>
            {keyLabel(k)}
          </option>
        ))}
      </select>
      <button
        onClick={() => onChange({ ...value, dir: value.dir === 'asc' ? 'desc' : 'asc' })}
        className="rounded border border-slate-300 p-1.5 dark:border-slate-700"
        aria-label={dirLabel}
        title={dirLabel}
      >
        {value.dir === 'asc' ? <ArrowUp className="h-4 w-4" /> : <ArrowDown className="h-4 w-4" />}
      </button>
    </label>
  );
}
