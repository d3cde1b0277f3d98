'use client';

import { Pause, Play } from 'lucide-react';
import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useEnvironment } from '@/components/environments/current';
import Link from '@/components/environments/EnvLink';
import { useEventBacklog } from '@/components/events/queries';
import { getSocket } from '@/components/realtime/socket';
import { Button } from '@/components/ui/Button';
import { CliCommand } from '@/components/ui/CliCommand';
import {
  actionOf,
  EVENT_TYPES,
  type EventFilter,
  eventsCommand,
  matchesEvent,
  NO_FILTER,
  prependEvents,
} from '@/lib/events/filter';
import type { EngineEvent } from '@/lib/events/types';

/** The page keeps at most this many events; older ones fall off the end. */
const MAX_EVENTS = 2_000;
const BACKLOG_SECONDS = 3600;

const field =
  'rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900';

const LINKS: Record<string, (e: EngineEvent) => string> = {
  container: (e) => `/containers/${e.id}`,
  volume: (e) => `/volumes/${encodeURIComponent(e.id)}`,
  network: (e) => `/networks/${e.id}`,
  image: (e) => `/images/${encodeURIComponent(e.id)}`,
};

/** Live `docker events`: the last hour from the engine, then every new event, newest first, filtered. */
export function EventsPage() {
  const env = useEnvironment();
  const t = useTranslations('events');
  const locale = useLocale();
  const [filter, setFilter] = useState<EventFilter>(NO_FILTER);
  const [events, setEvents] = useState<EngineEvent[]>([]);
  const [paused, setPaused] = useState(false);
  const held = useRef<EngineEvent[]>([]);
  const [heldCount, setHeldCount] = useState(0);
  const pausedRef = useRef(paused);
  pausedRef.current = paused;

  const recent = useEventBacklog(env, BACKLOG_SECONDS);
  useEffect(() => {
    if (recent.data) setEvents((list) => prependEvents(list, recent.data, MAX_EVENTS));
  }, [recent.data]);

  useEffect(() => {
    const socket = getSocket();
    // Events of one tick arrive together: one state update for the lot.
    let batch: EngineEvent[] = [];
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      timer = null;
      const incoming = batch;
      batch = [];
      if (pausedRef.current) {
        held.current = held.current.concat(incoming).slice(-MAX_EVENTS);
        setHeldCount(held.current.length);
      } else setEvents((list) => prependEvents(list, incoming, MAX_EVENTS));
    };
    // The bridge subscribes to this environment's events; the socket may carry another engine's too.
    const onEvent = ({ env: of, ...e }: EngineEvent & { env: string }) => {
      if (of !== env) return;
      batch.push(e);
      if (!timer) timer = setTimeout(flush, 200);
    };
    socket.on('engine:event', onEvent);
    return () => {
      socket.off('engine:event', onEvent);
      if (timer) clearTimeout(timer);
    };
  }, [env]);

  const resume = () => {
    setEvents((list) => prependEvents(list, held.current, MAX_EVENTS));
    held.current = [];
    setHeldCount(0);
    setPaused(false);
  };

  const shown = useMemo(() => events.filter((e) => matchesEvent(e, filter)), [events, filter]);
  const actions = useMemo(() => [...new Set(events.map(actionOf))].sort(), [events]);
  const time = (e: EngineEvent) =>
    new Date(Number(BigInt(e.timeNano) / 1_000_000n)).toLocaleString(locale, {
      hour12: false,
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });

  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-xl font-semibold">{t('title')}</h1>
        <p className="text-sm text-slate-500">{t('intro', { max: MAX_EVENTS })}</p>
      </div>
      <div className="flex flex-wrap items-end gap-2 text-sm">
        <label className="flex flex-col gap-1">
          {t('type')}
          <select
            className={field}
            value={filter.type}
            onChange={(e) => setFilter({ ...filter, type: e.target.value as EventFilter['type'] })}
            data-testid="events-type"
          >
            <option value="">{t('anyType')}</option>
            {EVENT_TYPES.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          {t('action')}
          <input
            className={`${field} w-36 font-mono`}
            list="event-actions"
            value={filter.action}
            placeholder="start"
            onChange={(e) => setFilter({ ...filter, action: e.target.value })}
            data-testid="events-action"
          />
          <datalist id="event-actions">
            {actions.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </label>
        <label className="flex min-w-48 flex-1 flex-col gap-1">
          {t('object')}
          <input
            type="search"
            className={field}
            value={filter.object}
            placeholder={t('objectHint')}
            onChange={(e) => setFilter({ ...filter, object: e.target.value })}
            data-testid="events-object"
          />
        </label>
        <Button onClick={() => (paused ? resume() : setPaused(true))} data-testid="events-pause">
          {paused ? <Play className="h-4 w-4" /> : <Pause className="h-4 w-4" />}
          {paused ? t('resume', { count: heldCount }) : t('pause')}
        </Button>
      </div>
      <CliCommand command={eventsCommand(filter)} />
      <p className="text-xs text-slate-500" data-testid="events-count">
        {t('count', { shown: shown.length, total: events.length })}
      </p>
      {recent.isError && <p className="text-sm text-red-600">{recent.error.message}</p>}
      <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
        <table className="w-full text-sm">
          <thead className="bg-slate-50 text-left text-xs text-slate-600 dark:bg-slate-900 dark:text-slate-400">
            <tr>
              <th className="px-3 py-2">{t('time')}</th>
              <th className="px-3 py-2">{t('type')}</th>
              <th className="px-3 py-2">{t('action')}</th>
              <th className="px-3 py-2">{t('object')}</th>
              <th className="px-3 py-2">{t('attributes')}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {shown.slice(0, 500).map((e) => {
              const href = LINKS[e.type]?.(e);
              const label = e.name ?? e.id.slice(0, 12);
              return (
                <tr key={`${e.timeNano}|${e.type}|${e.action}|${e.id}`} data-testid="event-row">
                  <td className="px-3 py-1.5 whitespace-nowrap text-xs text-slate-500 tabular-nums">
                    {time(e)}
                  </td>
                  <td className="px-3 py-1.5">
                    <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs dark:bg-slate-800">
                      {e.type}
                    </span>
                  </td>
                  <td className="px-3 py-1.5 font-mono text-xs" data-testid="event-action">
                    {e.action}
                  </td>
                  <td className="px-3 py-1.5 font-mono text-xs" data-testid="event-object">
                    {href && e.action !== 'destroy' && e.action !== 'delete' ? (
                      <Link href={href} className="text-sky-700 hover:underline dark:text-sky-400">
                        {label}
                      </Link>
                    ) : (
                      label
                    )}
                  </td>
                  <td className="max-w-md truncate px-3 py-1.5 text-xs text-slate-500">
                    {Object.entries(e.attributes)
                      .filter(([k]) => k !== 'name')
                      .map(([k, v]) => `${k}=${v}`)
                      .join(' ')}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {shown.length > 500 && (
          <p className="p-2 text-center text-xs text-slate-500">{t('more', { count: shown.length - 500 })}</p>
        )}
        {shown.length === 0 && <p className="p-8 text-center text-sm text-slate-500">{t('none')}</p>}
      </div>
    </div>
  );
}
