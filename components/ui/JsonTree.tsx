'use client';

import { ChevronDown, ChevronRight } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { CopyButton } from '@/components/ui/CopyButton';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Paths (joined keys) of every node whose key or scalar value contains the needle, and of their ancestors. */
function matchingPaths(value: Json, needle: string, path = '$', out = new Set<string>()): Set<string> {
  if (!needle) return out;
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const child = `${path}.${k}`;
      const before = out.size;
      if (k.toLowerCase().includes(needle)) out.add(child);
      matchingPaths(v, needle, child, out);
      if (out.size > before) out.add(path);
    }
  } else if (String(value).toLowerCase().includes(needle)) {
    out.add(path);
  }
  return out;
}

/** Inspect output as a collapsible tree: searchable (matches open their branch), copyable whole. */
export function JsonTree({ data }: { data: unknown }) {
  const t = useTranslations('json');
  const [search, setSearch] = useState('');
  const needle = search.trim().toLowerCase();
  const matches = useMemo(() => matchingPaths(data as Json, needle), [data, needle]);
  const text = useMemo(() => JSON.stringify(data, null, 2), [data]);
  return (
    <div className="flex flex-col gap-2">
      <div className="flex gap-2">
        <input
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder={t('search')}
          aria-label={t('search')}
          className="w-full max-w-sm rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950"
        />
        <CopyButton text={text} label={t('copy')} />
        {needle && (
          <span className="self-center text-xs text-slate-500">{t('matches', { count: matches.size })}</span>
        )}
      </div>
      <div className="overflow-x-auto rounded-md border border-slate-200 bg-white p-3 font-mono text-xs dark:border-slate-800 dark:bg-slate-950">
        <Node name={null} value={data as Json} path="$" depth={0} matches={matches} needle={needle} />
      </div>
    </div>
  );
}

function Node(props: {
  name: string | null;
  value: Json;
  path: string;
  depth: number;
  matches: Set<string>;
  needle: string;
}) {
  const { name, value, path, depth, matches, needle } = props;
  const [open, setOpen] = useState(depth < 1);
  const forced = needle !== '' && matches.has(path);
  const expanded = needle ? forced : open;
  const hit = needle !== '' && matches.has(path);
  const label = name !== null && (
    <span
      className={
        hit && name.toLowerCase().includes(needle)
          ? 'bg-yellow-200 dark:bg-yellow-800'
          : 'text-sky-700 dark:text-sky-400'
      }
    >
      {name}:{' '}
    </span>
  );
  if (value === null || typeof value !== 'object') {
    const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
    return (
      <div style={{ paddingLeft: depth * 14 }} className="break-all">
        {label}
        <span
          className={
            hit && shown.toLowerCase().includes(needle)
              ? 'bg-yellow-200 dark:bg-yellow-800'
              : typeof value === 'string'
                ? 'text-emerald-700 dark:text-emerald-400'
                : 'text-purple-700 dark:text-purple-400'
          }
        >
          {shown}
        </span>
      </div>
    );
  }
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  const brackets = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  if (needle && !forced && depth > 0) return null;
  return (
    <div style={{ paddingLeft: depth * 14 }}>
      <button
        className="inline-flex items-center"
        onClick={() => setOpen((o) => !o)}
        aria-expanded={expanded}
      >
        {expanded ? <ChevronDown className="h-3 w-3" /> : <ChevronRight className="h-3 w-3" />}
        {label}
        <span className="text-slate-500">
          {brackets[0]}
          {!expanded && `… ${entries.length} ${brackets[1]}`}
        </span>
      </button>
      {expanded &&
        entries.map(([k, v]) => (
          <Node
            key={k}
            name={k}
            value={v}
            path={`${path}.${k}`}
            depth={1}
            matches={matches}
            needle={needle}
          />
        ))}
      {expanded && <div className="text-slate-500">{brackets[1]}</div>}
    </div>
  );
}
