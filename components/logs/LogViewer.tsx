'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import Anser from 'anser';
import { ArrowDown, Download, Pause, Play, Trash2 } from 'lucide-react';
import { useLocale, useTranslations } from 'next-intl';
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { useEnvironment } from '@/components/environments/current';
import { withEnv } from '@/components/environments/paths';
import { type LiveStatus, MAX_LINES, type ViewLine } from '@/components/logs/useLiveLogs';
import { Button } from '@/components/ui/Button';
import { formatBytes } from '@/lib/format';
import { jsonFields, type LogSearch, makeMatcher } from '@/lib/logs/filter';

const ROW = 20;

/** Search and highlight see the text a person sees, without colour codes. */
const plain = (text: string) => (text.includes('\u001b[') ? Anser.ansiToText(text) : text);

/** Distinct on the dark log background, one per container of a merged view. */
export const SOURCE_COLOURS = [
  '#38bdf8',
  '#f472b6',
  '#a3e635',
  '#fbbf24',
  '#c084fc',
  '#34d399',
  '#fb923c',
  '#60a5fa',
  '#f87171',
  '#2dd4bf',
];
export const sourceColour = (i: number) => SOURCE_COLOURS[i % SOURCE_COLOURS.length] as string;

interface Props {
  lines: ViewLine[];
  /** Names of the containers of a merged view, by source index; each line then shows its container. */
  sources?: string[];
  version: number;
  dropped: number;
  status: LiveStatus;
  error: string | null;
  onClear: () => void;
  downloadName: string;
  /** The whole log, as text, from the server (one container only). */
  fullLogHref?: string;
}

/** Virtualized, searchable live log: only the rows in view are rendered, however many lines there are. */
export function LogViewer(props: Props) {
  const t = useTranslations('logs');
  const env = useEnvironment();
  const [search, setSearch] = useState<LogSearch>({ query: '', regex: false, caseSensitive: false });
  const [onlyMatching, setOnlyMatching] = useState(true);
  const [timestamps, setTimestamps] = useState(true);
  const [wrap, setWrap] = useState(false);
  const [follow, setFollow] = useState(true);
  const [seenCount, setSeenCount] = useState(0);
  const [current, setCurrent] = useState(0);
  const scrollRef = useRef<HTMLDivElement>(null);

  const matcher = useMemo(() => makeMatcher(search), [search]);
  const merged = (props.sources?.length ?? 0) > 1;
  const active = matcher?.ok ? matcher : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` says the buffer array was replaced
  const rows = useMemo(() => {
    if (!active || !onlyMatching) return props.lines;
    return props.lines.filter((l) => active.test(plain(l.text)));
  }, [props.lines, props.version, active, onlyMatching]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: as above
  const matchIndexes = useMemo(() => {
    if (!active) return [];
    const out: number[] = [];
    rows.forEach((l, i) => {
      if (active.test(plain(l.text))) out.push(i);
    });
    return out;
  }, [rows, active, props.version]);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW,
    overscan: 20,
  });

  // Follow the tail while the user has not scrolled up; count what arrived since they did.
  useEffect(() => {
    if (follow && rows.length) {
      virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
      setSeenCount(rows.length);
    }
  }, [rows.length, follow, virtualizer]);
  const newLines = follow ? 0 : Math.max(0, rows.length - seenCount);

  const jump = (delta: number) => {
    if (!matchIndexes.length) return;
    const next = (current + delta + matchIndexes.length) % matchIndexes.length;
    setCurrent(next);
    setFollow(false);
    virtualizer.scrollToIndex(matchIndexes[next] ?? 0, { align: 'center' });
  };

  const download = () => {
    const names = props.sources && props.sources.length > 1 ? props.sources : null;
    const text = rows
      .map((l) => {
        const body = names ? `${names[l.source] ?? '?'} | ${l.text}` : l.text;
        return timestamps && l.time ? `${l.time} ${body}` : body;
      })
      .join('\n');
    const url = URL.createObjectURL(new Blob([`${text}\n`], { type: 'text/plain' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = props.downloadName;
    a.click();
    URL.revokeObjectURL(url);
  };

  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <input
          type="search"
          aria-label={t('search')}
          placeholder={t('search')}
          value={search.query}
          onChange={(e) => setSearch((s) => ({ ...s, query: e.target.value }))}
          onKeyDown={(e) => e.key === 'Enter' && jump(e.shiftKey ? -1 : 1)}
          className={`min-w-48 flex-1 rounded-md border bg-white px-2 py-1 font-mono dark:bg-slate-950 ${matcher && !matcher.ok ? 'border-red-500' : 'border-slate-300 dark:border-slate-700'}`}
          data-testid="log-search"
        />
        <Toggle
          label=".*"
          title={t('regex')}
          on={search.regex}
          onClick={() => setSearch((s) => ({ ...s, regex: !s.regex }))}
          testId="log-regex"
        />
        <Toggle
          label="Aa"
          title={t('caseSensitive')}
          on={search.caseSensitive}
          onClick={() => setSearch((s) => ({ ...s, caseSensitive: !s.caseSensitive }))}
        />
        <Toggle label={t('onlyMatching')} on={onlyMatching} onClick={() => setOnlyMatching((v) => !v)} />
        {active && (
          <span className="flex items-center gap-1 text-xs text-slate-500">
            {t('matches', { count: matchIndexes.length })}
            <Button
              variant="ghost"
              className="px-1 py-0.5"
              onClick={() => jump(-1)}
              aria-label={t('previous')}
            >
              ↑
            </Button>
            <Button variant="ghost" className="px-1 py-0.5" onClick={() => jump(1)} aria-label={t('next')}>
              ↓
            </Button>
          </span>
        )}
        <Toggle label={t('timestamps')} on={timestamps} onClick={() => setTimestamps((v) => !v)} />
        <Toggle label={t('wrap')} on={wrap} onClick={() => setWrap((v) => !v)} />
        <Button
          variant="ghost"
          onClick={() => setFollow((f) => !f)}
          title={follow ? t('pause') : t('resume')}
        >
          {follow ? <Pause className="h-4 w-4" /> : <Play className="h-4 w-4" />}
          {follow ? t('pause') : t('resume')}
        </Button>
        <Button variant="ghost" onClick={props.onClear} title={t('clear')} aria-label={t('clear')}>
          <Trash2 className="h-4 w-4" />
        </Button>
        <Button variant="ghost" onClick={download} title={t('downloadVisible')}>
          <Download className="h-4 w-4" />
          {t('downloadVisible')}
        </Button>
        {props.fullLogHref && (
          <a
            href={withEnv(props.fullLogHref, env)}
            className="inline-flex items-center gap-1 text-sky-700 hover:underline dark:text-sky-400"
          >
            <Download className="h-4 w-4" />
            {t('downloadAll')}
          </a>
        )}
      </div>
      {matcher && !matcher.ok && (
        <p className="text-xs text-red-600">{t('badRegex', { error: matcher.error })}</p>
      )}
      <div
        className="flex items-center gap-3 text-xs text-slate-500"
        data-testid="log-status"
        data-status={props.status}
      >
        <span>{t(`status.${props.status}`)}</span>
        <span>{t('lineCount', { shown: rows.length, total: props.lines.length })}</span>
        {props.dropped > 0 && (
          <span className="text-amber-600">{t('dropped', { count: props.dropped, max: MAX_LINES })}</span>
        )}
        {props.error && <span className="text-red-600">{props.error}</span>}
      </div>
      <div className="relative">
        <div
          ref={scrollRef}
          onScroll={(e) => {
            const el = e.currentTarget;
            const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < ROW * 2;
            if (!atBottom && follow) setFollow(false);
          }}
          className="h-[60vh] overflow-auto rounded-lg bg-slate-950 font-mono text-xs leading-5 text-slate-100"
          data-testid="log-lines"
        >
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative', minWidth: '100%' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const line = rows[item.index];
              if (!line) return null;
              return (
                <div
                  key={item.key}
                  data-index={item.index}
                  ref={wrap ? virtualizer.measureElement : undefined}
                  style={{
                    position: 'absolute',
                    top: 0,
                    left: 0,
                    right: 0,
                    transform: `translateY(${item.start}px)`,
                    ...(wrap ? {} : { height: ROW }),
                  }}
                >
                  <Row
                    line={line}
                    source={merged ? (props.sources?.[line.source] ?? '?') : null}
                    timestamps={timestamps}
                    wrap={wrap}
                    ranges={active ? active.ranges(plain(line.text)) : null}
                  />
                </div>
              );
            })}
          </div>
        </div>
        {newLines > 0 && (
          <button
            onClick={() => setFollow(true)}
            className="absolute right-4 bottom-3 flex items-center gap-1 rounded-full bg-sky-600 px-3 py-1 text-xs font-medium text-white shadow"
          >
            <ArrowDown className="h-3 w-3" />
            {t('newLines', { count: newLines })}
          </button>
        )}
      </div>
    </div>
  );
}

function Toggle({
  label,
  title,
  on,
  onClick,
  testId,
}: {
  label: string;
  title?: string;
  on: boolean;
  onClick: () => void;
  testId?: string;
}) {
  return (
    <button
      type="button"
      title={title ?? label}
      aria-pressed={on}
      onClick={onClick}
      data-testid={testId}
      className={`rounded border px-2 py-1 text-xs ${on ? 'border-sky-500 bg-sky-50 text-sky-800 dark:bg-sky-950 dark:text-sky-200' : 'border-slate-300 dark:border-slate-700'}`}
    >
      {label}
    </button>
  );
}

const Row = memo(function Row({
  line,
  source,
  timestamps,
  wrap,
  ranges,
}: {
  line: ViewLine;
  source: string | null;
  timestamps: boolean;
  wrap: boolean;
  ranges: [number, number][] | null;
}) {
  const fields = ranges ? null : jsonFields(line.text);
  return (
    <div
      className={`flex gap-2 px-2 ${wrap ? 'break-all whitespace-pre-wrap' : 'whitespace-pre'} ${line.stream === 'stderr' ? 'border-l-2 border-red-500 bg-red-950/30' : 'border-l-2 border-transparent'}`}
      data-stream={line.stream}
      data-testid="log-line"
    >
      {timestamps && line.time && (
        <span className="shrink-0 text-slate-500 select-none">
          {line.time.slice(0, 23).replace('T', ' ')}
        </span>
      )}
      {source !== null && (
        <span
          className="w-32 shrink-0 truncate select-none"
          style={{ color: sourceColour(line.source) }}
          title={source}
          data-testid="log-source"
        >
          {source}
        </span>
      )}
      {/* Before the text: after 64 KiB of it, the mark would be out of sight in an unwrapped row. */}
      {line.truncated ? <TruncatedMark bytes={line.truncated} /> : null}
      <span className="min-w-0">
        {ranges ? (
          <Highlighted text={plain(line.text)} ranges={ranges} />
        ) : fields ? (
          <Fields fields={fields} />
        ) : (
          <Ansi text={line.text} />
        )}
      </span>
    </div>
  );
});

/** The server keeps the first 64 KiB of a line (server/docker/logs.ts): says that the rest is missing, and how much. */
function TruncatedMark({ bytes }: { bytes: number }) {
  const t = useTranslations('logs');
  const size = formatBytes(bytes, useLocale());
  return (
    <span
      className="shrink-0 self-start rounded bg-amber-500/20 px-1 text-amber-300 select-none"
      title={t('truncatedHint', { size })}
      data-testid="log-truncated"
    >
      {t('truncated', { size })}
    </span>
  );
}

/** ANSI colours as styled spans (never as HTML), so a log line cannot inject markup. */
function Ansi({ text }: { text: string }) {
  if (!text.includes('\u001b[')) return <>{text}</>;
  const parts = Anser.ansiToJson(text, { remove_empty: true, use_classes: false });
  return (
    <>
      {parts.map((p, i) => (
        <span
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one line never reorder
          key={i}
          style={{
            color: p.fg ? `rgb(${p.fg})` : undefined,
            backgroundColor: p.bg ? `rgb(${p.bg})` : undefined,
            fontWeight: p.decorations.includes('bold') ? 600 : undefined,
          }}
        >
          {p.content}
        </span>
      ))}
    </>
  );
}

function Highlighted({ text, ranges }: { text: string; ranges: [number, number][] }) {
  if (!ranges.length) return <>{text}</>;
  const out: React.ReactNode[] = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (start > at) out.push(text.slice(at, start));
    out.push(
      <mark key={start} className="rounded-sm bg-yellow-300 text-slate-900">
        {text.slice(start, end)}
      </mark>,
    );
    at = end;
  }
  out.push(text.slice(at));
  return <>{out}</>;
}

function Fields({ fields }: { fields: [string, string][] }) {
  return (
    <span className="flex flex-wrap gap-x-3">
      {fields.map(([k, v]) => (
        <span key={k}>
          <span className="text-sky-400">{k}</span>=<span>{v}</span>
        </span>
      ))}
    </span>
  );
}
