'use client';

import { useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { useContainers } from '@/components/containers/queries';
import { StateBadge } from '@/components/containers/StateBadge';
import { usePathname, useRouter, useSearchParams } from '@/components/environments/navigation';
import { sourceColour } from '@/components/logs/LogViewer';
import { MergedLogsView } from '@/components/logs/MergedLogsView';
import {
  type LogSelection,
  MAX_MERGED,
  parseSelection,
  resolveSelection,
  selectionQuery,
} from '@/lib/logs/selection';

const field =
  'rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900';

/**
 * Several containers' logs in one view, interleaved by the engine's timestamps, each container in its own
 * colour (Portainer #335): picked by hand, a whole compose project, or every container with a label. The
 * selection lives in the URL, so a view can be shared.
 */
export function MergedLogsPage() {
  const t = useTranslations('mergedLogs');
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const selection = useMemo(() => parseSelection(new URLSearchParams(params)), [params]);
  const [filter, setFilter] = useState('');
  const [labelDraft, setLabelDraft] = useState(selection.kind === 'label' ? selection.label : '');
  const list = useContainers({ state: 'all' });
  const all = list.data ?? [];

  const select = (next: LogSelection) => router.replace(`${pathname}${selectionQuery(next)}`);
  const { containers, beyondCap } = useMemo(() => resolveSelection(selection, all), [selection, all]);
  const ids = useMemo(() => containers.map((c) => c.id), [containers]);
  const projects = useMemo(
    () => [...new Set(all.map((c) => c.composeProject).filter((p): p is string => !!p))].sort(),
    [all],
  );
  const picked = new Set(selection.kind === 'containers' ? ids : []);
  const needle = filter.trim().toLowerCase();
  const choices = all
    .filter((c) => !needle || c.name.toLowerCase().includes(needle) || c.image.toLowerCase().includes(needle))
    .sort((a, b) => a.name.localeCompare(b.name));

  const toggle = (id: string) => {
    const next = new Set(picked);
    if (!next.delete(id)) next.add(id);
    select({ kind: 'containers', ids: [...next] });
  };

  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-xl font-semibold">{t('title')}</h1>
        <p className="text-sm text-slate-500">{t('intro')}</p>
      </div>
      <div className="grid gap-4 lg:grid-cols-[18rem_1fr]">
        <aside className="flex flex-col gap-3 text-sm" aria-label={t('pick')}>
          <label className="flex flex-col gap-1">
            {t('project')}
            <select
              className={field}
              value={selection.kind === 'project' ? selection.project : ''}
              onChange={(e) =>
                select(
                  e.target.value
                    ? { kind: 'project', project: e.target.value }
                    : { kind: 'containers', ids: [] },
                )
              }
              data-testid="merged-project"
            >
              <option value="">{projects.length ? t('noProject') : t('noProjects')}</option>
              {projects.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </label>
          <form
            className="flex flex-col gap-1"
            onSubmit={(e) => {
              e.preventDefault();
              if (labelDraft.trim()) select({ kind: 'label', label: labelDraft.trim() });
            }}
          >
            <label htmlFor="merged-label">{t('label')}</label>
            <div className="flex gap-1">
              <input
                id="merged-label"
                className={`${field} min-w-0 flex-1 font-mono`}
                placeholder="com.example.tier=web"
                value={labelDraft}
                onChange={(e) => setLabelDraft(e.target.value)}
                data-testid="merged-label"
              />
              <button type="submit" className={field}>
                {t('apply')}
              </button>
            </div>
          </form>
          <div className="flex flex-col gap-1">
            <span>{t('containers')}</span>
            <input
              type="search"
              className={field}
              placeholder={t('filter')}
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
            />
            <ul className="max-h-[50vh] overflow-auto rounded-md border border-slate-200 dark:border-slate-800">
              {choices.map((c) => {
                const index = ids.indexOf(c.id);
                return (
                  <li key={c.id}>
                    <label className="flex items-center gap-2 px-2 py-1 hover:bg-slate-50 dark:hover:bg-slate-800">
                      <input
                        type="checkbox"
                        checked={index >= 0}
                        disabled={selection.kind === 'containers' && index < 0 && picked.size >= MAX_MERGED}
                        onChange={() => toggle(c.id)}
                        data-testid={`merged-pick-${c.name}`}
                      />
                      <span
                        className="h-2.5 w-2.5 shrink-0 rounded-full"
                        style={{ background: index >= 0 ? sourceColour(index) : 'transparent' }}
                        aria-hidden
                      />
                      <span className="min-w-0 flex-1 truncate font-mono text-xs">{c.name}</span>
                      <StateBadge state={c.state} />
                    </label>
                  </li>
                );
              })}
            </ul>
          </div>
        </aside>
        <section className="flex min-w-0 flex-col gap-3">
          <MergedLogsView
            selection={selection}
            containers={containers}
            beyondCap={beyondCap}
            countTestId="merged-count"
            downloadName="merged.log"
            empty={t('empty')}
          />
        </section>
      </div>
    </div>
  );
}
