'use client';

import { ExternalLink } from 'lucide-react';
import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { ApiError } from '@/components/api/client';
import { useCan } from '@/components/auth/queries';
import {
  useHistorySearch,
  useHistorySources,
  useHistoryStatus,
  useSaveHistoryConfig,
} from '@/components/log-history/queries';
import { LogViewer } from '@/components/logs/LogViewer';
import type { ViewLine } from '@/components/logs/useLiveLogs';
import { Button } from '@/components/ui/Button';
import { CliCommand } from '@/components/ui/CliCommand';
import { formatBytes } from '@/lib/format';
import {
  type HistoryHit,
  type HistoryLine,
  type HistorySearchQuery,
  type HistoryStream,
  historyCli,
  type LogHistoryConfig,
  MIN_HISTORY_BYTES,
} from '@/lib/logs/history';

const inputClass =
  'rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950';
const panelClass =
  'flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900';

/** A `datetime-local` value (the browser's time zone) as RFC 3339 UTC, or undefined. */
function toIso(local: string): string | undefined {
  if (!local) return undefined;
  const ms = Date.parse(local);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

export function LogHistoryPage() {
  const t = useTranslations('logHistory');
  const isAdmin = useCan('settings:admin');
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold">{t('title')}</h1>
        <p className="text-sm text-slate-600 dark:text-slate-300">{t('intro')}</p>
      </div>
      <Search />
      {isAdmin && <Config />}
    </div>
  );
}

function Search() {
  const t = useTranslations('logHistory');
  const sources = useHistorySources();
  const [text, setText] = useState('');
  const [regex, setRegex] = useState(false);
  const [caseSensitive, setCaseSensitive] = useState(false);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [stream, setStream] = useState<'' | HistoryStream>('');
  const [container, setContainer] = useState('');
  const [project, setProject] = useState('');
  const [context, setContext] = useState(2);
  const [query, setQuery] = useState<HistorySearchQuery | null>(null);
  const search = useHistorySearch(query);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setQuery({
      ...(regex ? { regex: text } : { q: text }),
      ...(caseSensitive ? { caseSensitive: '1' } : {}),
      from: toIso(from),
      to: toIso(to),
      stream: stream || undefined,
      container: container || undefined,
      project: project || undefined,
      context,
      limit: 100,
    });
  };

  const hits = useMemo(() => search.data?.pages.flatMap((p) => p.hits) ?? [], [search.data]);
  const { lines, names } = useMemo(() => viewOf(hits), [hits]);
  const projects = [...new Set((sources.data ?? []).map((s) => s.project).filter((p): p is string => !!p))];
  const names_ = [...new Set((sources.data ?? []).map((s) => s.name))];
  const error = search.error instanceof ApiError ? search.error.message : search.error?.message;
  const partial = search.data?.pages.some((p) => p.partial) ?? false;

  return (
    <section className="flex flex-col gap-3" aria-labelledby="history-search">
      <h2 id="history-search" className="text-lg font-semibold">
        {t('search.title')}
      </h2>
      <form onSubmit={submit} className={panelClass} data-testid="history-form">
        <div className="flex flex-wrap items-end gap-2">
          <label className="flex min-w-64 flex-1 flex-col gap-1 text-sm font-medium">
            {regex ? t('search.regexLabel') : t('search.textLabel')}
            <input
              type="search"
              value={text}
              onChange={(e) => setText(e.target.value)}
              placeholder={regex ? t('search.regexPlaceholder') : t('search.textPlaceholder')}
              className={`${inputClass} font-mono`}
              data-testid="history-query"
            />
          </label>
          <label className="flex items-center gap-1 text-sm">
            <input type="checkbox" checked={regex} onChange={(e) => setRegex(e.target.checked)} />
            {t('search.regex')}
          </label>
          <label className="flex items-center gap-1 text-sm">
            <input
              type="checkbox"
              checked={caseSensitive}
              onChange={(e) => setCaseSensitive(e.target.checked)}
            />
            {t('search.caseSensitive')}
          </label>
        </div>
        <div className="flex flex-wrap items-end gap-2 text-sm">
          <label className="flex flex-col gap-1 font-medium">
            {t('search.from')}
            <input
              type="datetime-local"
              step="1"
              value={from}
              onChange={(e) => setFrom(e.target.value)}
              className={inputClass}
            />
          </label>
          <label className="flex flex-col gap-1 font-medium">
            {t('search.to')}
            <input
              type="datetime-local"
              step="1"
              value={to}
              onChange={(e) => setTo(e.target.value)}
              className={inputClass}
            />
          </label>
          <label className="flex flex-col gap-1 font-medium">
            {t('search.container')}
            <select value={container} onChange={(e) => setContainer(e.target.value)} className={inputClass}>
              <option value="">{t('search.any')}</option>
              {names_.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col gap-1 font-medium">
            {t('search.project')}
            <select value={project} onChange={(e) => setProject(e.target.value)} className={inputClass}>
              <option value="">{t('search.any')}</option>
              {projects.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col gap-1 font-medium">
            {t('search.stream')}
            <select
              value={stream}
              onChange={(e) => setStream(e.target.value as '' | HistoryStream)}
              className={inputClass}
            >
              <option value="">{t('search.bothStreams')}</option>
              <option value="stdout">stdout</option>
              <option value="stderr">stderr</option>
            </select>
          </label>
          <label className="flex flex-col gap-1 font-medium">
            {t('search.context')}
            <select
              value={context}
              onChange={(e) => setContext(Number(e.target.value))}
              className={inputClass}
            >
              {[0, 1, 2, 5, 10].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
          <Button type="submit" variant="primary" data-testid="history-submit">
            {t('search.submit')}
          </Button>
        </div>
        <CliCommand
          command={historyCli({
            container: container || undefined,
            from: toIso(from),
            to: toIso(to),
            ...(regex ? { regex: text } : { text }),
            caseSensitive,
            stream: stream || undefined,
          })}
        />
      </form>
      {error && (
        <p role="alert" className="text-sm text-red-700" data-testid="history-error">
          {error}
        </p>
      )}
      {query && search.data && (
        <>
          <p className="text-sm text-slate-600 dark:text-slate-300" data-testid="history-summary">
            {t('search.hits', { count: hits.length })}
            {partial && <span className="ml-2 text-amber-600">{t('search.partial')}</span>}
          </p>
          <LogViewer
            lines={lines}
            sources={names}
            version={lines.length}
            dropped={0}
            status="ended"
            error={null}
            onClear={() => setQuery(null)}
            downloadName="log-history.txt"
          />
          <HitList hits={hits} />
          {search.hasNextPage && (
            <Button onClick={() => void search.fetchNextPage()} disabled={search.isFetchingNextPage}>
              {t('search.older')}
            </Button>
          )}
        </>
      )}
    </section>
  );
}

/** Hits with their context lines, oldest first, each line once, as the log viewer shows a merged log. */
function viewOf(hits: HistoryHit[]): { lines: ViewLine[]; names: string[] } {
  const byId = new Map<number, HistoryLine>();
  for (const h of hits) for (const l of [...h.before, h, ...h.after]) byId.set(l.id, l);
  const names: string[] = [];
  const index = new Map<string, number>();
  const lines = [...byId.values()]
    .sort((a, b) => (a.time === b.time ? a.id - b.id : a.time < b.time ? -1 : 1))
    .map((l): ViewLine => {
      const label = l.project ? `${l.project}/${l.container}` : l.container;
      let source = index.get(label);
      if (source === undefined) {
        source = names.length;
        names.push(label);
        index.set(label, source);
      }
      return { stream: l.stream, time: l.time, text: l.text, source };
    });
  return { lines, names };
}

function HitList({ hits }: { hits: HistoryHit[] }) {
  const t = useTranslations('logHistory');
  if (!hits.length) return <p className="text-sm text-slate-500">{t('search.none')}</p>;
  return (
    <details className="text-sm">
      <summary className="cursor-pointer font-medium">{t('search.hitList')}</summary>
      <ul className="mt-2 flex flex-col gap-1 font-mono text-xs" data-testid="history-hits">
        {hits.map((h) => (
          <li key={h.id} className="flex items-center gap-2" data-testid="history-hit">
            <span className="text-slate-500">{h.time.slice(0, 23).replace('T', ' ')}</span>
            <span className="font-semibold">{h.container}</span>
            <span className="min-w-0 flex-1 truncate">{h.text}</span>
            <Link
              href={`/containers/${encodeURIComponent(h.container)}?tab=logs&since=${encodeURIComponent(h.time)}`}
              className="inline-flex shrink-0 items-center gap-1 text-sky-700 hover:underline dark:text-sky-400"
              title={t('search.openLiveHint', { time: h.time })}
            >
              <ExternalLink className="h-3 w-3" />
              {t('search.openLive')}
            </Link>
          </li>
        ))}
      </ul>
    </details>
  );
}

const lines = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

function Config() {
  const t = useTranslations('logHistory');
  const locale = useLocale();
  const status = useHistoryStatus(true);
  const save = useSaveHistoryConfig();
  const [form, setForm] = useState<{
    all: boolean;
    names: string;
    labels: string;
    projects: string;
    maxAgeDays: number;
    maxMiB: number;
  } | null>(null);
  const config = status.data?.config;
  useEffect(() => {
    if (config && !form)
      setForm({
        all: config.all,
        names: config.names.join('\n'),
        labels: config.labels.join('\n'),
        projects: config.projects.join('\n'),
        maxAgeDays: config.maxAgeDays,
        maxMiB: Math.round(config.maxBytes / (1024 * 1024)),
      });
  }, [config, form]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!form) return;
    const next: LogHistoryConfig = {
      all: form.all,
      names: lines(form.names),
      labels: lines(form.labels),
      projects: lines(form.projects),
      maxAgeDays: form.maxAgeDays,
      maxBytes: Math.max(MIN_HISTORY_BYTES, Math.round(form.maxMiB * 1024 * 1024)),
    };
    save.mutate(next);
  };
  const first = status.data?.following[0]?.name ?? 'NAME';

  return (
    <section className="flex flex-col gap-3" aria-labelledby="history-config">
      <h2 id="history-config" className="text-lg font-semibold">
        {t('config.title')}
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-300">{t('config.intro')}</p>
      {status.data && (
        <p className="text-sm" data-testid="history-stored">
          {t('config.stored', {
            lines: status.data.lines,
            size: formatBytes(status.data.fileBytes, locale),
            following: status.data.following.length,
          })}
          {status.data.following.length > 0 && (
            <span className="ml-1 text-slate-500">
              ({status.data.following.map((f) => f.name).join(', ')})
            </span>
          )}
        </p>
      )}
      {form && (
        <form onSubmit={submit} className={panelClass} data-testid="history-config-form">
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={form.all}
              onChange={(e) => setForm({ ...form, all: e.target.checked })}
            />
            {t('config.all')}
          </label>
          <div className="grid gap-3 md:grid-cols-3">
            {(['names', 'labels', 'projects'] as const).map((key) => (
              <label key={key} className="flex flex-col gap-1 text-sm font-medium">
                {t(`config.${key}`)}
                <textarea
                  rows={3}
                  value={form[key]}
                  onChange={(e) => setForm({ ...form, [key]: e.target.value })}
                  className={`${inputClass} font-mono`}
                />
                <span className="text-xs font-normal text-slate-500">{t(`config.${key}Hint`)}</span>
              </label>
            ))}
          </div>
          <div className="flex flex-wrap items-end gap-3 text-sm">
            <label className="flex flex-col gap-1 font-medium">
              {t('config.maxAgeDays')}
              <input
                type="number"
                min={0}
                value={form.maxAgeDays}
                onChange={(e) => setForm({ ...form, maxAgeDays: Number(e.target.value) })}
                className={`${inputClass} w-28`}
              />
            </label>
            <label className="flex flex-col gap-1 font-medium">
              {t('config.maxMiB')}
              <input
                type="number"
                min={1}
                value={form.maxMiB}
                onChange={(e) => setForm({ ...form, maxMiB: Number(e.target.value) })}
                className={`${inputClass} w-32`}
              />
            </label>
            <Button type="submit" variant="primary" disabled={save.isPending}>
              {t('config.save')}
            </Button>
          </div>
          <p className="text-xs text-slate-500">{t('config.cliHint')}</p>
          <CliCommand command={`docker logs --follow --timestamps --since SECONDS.NANOS ${first}`} />
        </form>
      )}
    </section>
  );
}
