'use client';

import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { apiFetch } from '@/components/api/client';
import { containerKeys } from '@/components/containers/queries';
import { useEnvironment } from '@/components/environments/current';
import { LogViewer } from '@/components/logs/LogViewer';
import { useLiveLogs, type ViewLine } from '@/components/logs/useLiveLogs';
import { CliCommand } from '@/components/ui/CliCommand';
import { containersApi } from '@/lib/api/containers';
import { queryString } from '@/lib/api/endpoint';
import { renderContainerCommand } from '@/lib/containers/cli';

const TAILS = [100, 500, 1000, 5000, 20000] as const;
const field =
  'rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900';

/** A `datetime-local` value (the browser's zone) as RFC 3339 UTC, or undefined when empty or invalid. */
function toRfc3339(local: string): string | undefined {
  if (!local) return undefined;
  const ms = Date.parse(local);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

/** An RFC 3339 time (a `since` in the URL: Log history's "open live from here") as a `datetime-local` value. */
function localInput(iso: string | null): string {
  const ms = iso ? Date.parse(iso) : Number.NaN;
  if (!Number.isFinite(ms)) return '';
  return new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
}

/**
 * Logs of one container: live (a backlog of the last lines or everything since a time, then every new line),
 * or a fixed window when an end time is given (`docker logs --since … --until …`).
 */
export function LogsTab({ id, name }: { id: string; name: string }) {
  const env = useEnvironment();
  const t = useTranslations('detail.logs');
  const [tail, setTail] = useState<number>(500);
  const requestedSince = useSearchParams().get('since');
  const [sinceInput, setSinceInput] = useState(() => localInput(requestedSince));
  const [untilInput, setUntilInput] = useState('');
  const since = toRfc3339(sinceInput);
  const until = toRfc3339(untilInput);
  // A window with an end is a static read; without one the live hook follows (it idles while a window shows).
  const live = useLiveLogs(until ? [] : id, tail, since);
  const windowed = useQuery({
    queryKey: containerKeys.logsWindow(env, id, since ?? '', until ?? ''),
    queryFn: () =>
      apiFetch(containersApi.logs, {
        params: { id },
        query: {
          tail: 'all',
          timestamps: true,
          since: since ? Math.floor(Date.parse(since) / 1000) : undefined,
          until: until ? Math.ceil(Date.parse(until) / 1000) : undefined,
        },
      }),
    enabled: !!until,
  });
  const windowLines = useMemo<ViewLine[]>(
    () => (windowed.data ?? []).map((l) => ({ ...l, source: 0 })),
    [windowed.data],
  );
  const command = renderContainerCommand({
    action: 'logs',
    targets: [name],
    follow: !until,
    ...(since || until ? {} : { tail }),
    ...(until ? { tail: 'all' as const } : {}),
    since,
    until,
    timestamps: true,
  });

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end gap-3 text-sm">
        <label className="flex flex-col gap-1">
          {t('tail')}
          <select
            value={tail}
            disabled={!!since || !!until}
            onChange={(e) => setTail(Number(e.target.value))}
            className={field}
          >
            {TAILS.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          {t('since')}
          <input
            type="datetime-local"
            step={1}
            className={field}
            value={sinceInput}
            onChange={(e) => setSinceInput(e.target.value)}
            data-testid="logs-since"
          />
        </label>
        <label className="flex flex-col gap-1">
          {t('until')}
          <input
            type="datetime-local"
            step={1}
            className={field}
            value={untilInput}
            onChange={(e) => setUntilInput(e.target.value)}
            data-testid="logs-until"
          />
        </label>
        {(sinceInput || untilInput) && (
          <button
            type="button"
            className="text-sky-700 hover:underline dark:text-sky-400"
            onClick={() => {
              setSinceInput('');
              setUntilInput('');
            }}
          >
            {t('backToLive')}
          </button>
        )}
      </div>
      <CliCommand command={command} />
      {until ? (
        <LogViewer
          lines={windowLines}
          version={windowed.dataUpdatedAt}
          dropped={0}
          status={windowed.isLoading ? 'connecting' : windowed.isError ? 'error' : 'ended'}
          error={windowed.isError ? windowed.error.message : null}
          onClear={() => setUntilInput('')}
          downloadName={`${name}.log`}
        />
      ) : (
        <LogViewer
          lines={live.lines}
          version={live.version}
          dropped={live.dropped}
          status={live.status}
          error={live.error}
          onClear={live.clear}
          downloadName={`${name}.log`}
          fullLogHref={`/api/containers/${encodeURIComponent(id)}/logs${queryString({ tail: 'all', timestamps: true, format: 'text' })}`}
        />
      )}
    </div>
  );
}
