'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { useEnvironment } from '@/components/environments/current';
import { getSocket } from '@/components/realtime/socket';
import type { LogLine } from '@/lib/containers/types';
import { mergeByTime } from '@/lib/logs/merge';

/** Memory bound of one viewer: older lines are dropped (and counted) past this. */
export const MAX_LINES = 100_000;
/** Appends are batched: a burst of 10,000 lines is one render, not 10,000. */
export const FLUSH_MS = 250;

export type LiveStatus = 'connecting' | 'live' | 'ended' | 'error';

/** A line as the viewer holds it: `source` is the index of its container in a merged view. */
export type ViewLine = LogLine & { source: number };

export interface LiveLogs {
  lines: ViewLine[];
  /** Bumped on every flush, so memoised views know the buffer changed. */
  version: number;
  dropped: number;
  status: LiveStatus;
  error: string | null;
  clear: () => void;
}

/**
 * The lines a live view keeps: batches merged by the engine's timestamps, capped at MAX_LINES (older ones
 * dropped and counted), with a version bumped on each change for memoised views. Shared by the container and
 * the service log hooks.
 */
export function useLogBuffer() {
  const buffer = useRef<ViewLine[]>([]);
  const [version, setVersion] = useState(0);
  const [dropped, setDropped] = useState(0);
  const reset = useCallback(() => {
    buffer.current = [];
    setDropped(0);
    setVersion((v) => v + 1);
  }, []);
  const append = useCallback((batches: readonly ViewLine[][]) => {
    let next = buffer.current;
    for (const batch of batches) next = mergeByTime(next, batch);
    const over = next.length - MAX_LINES;
    if (over > 0) {
      next = next.slice(over);
      setDropped((d) => d + over);
    }
    buffer.current = next;
    setVersion((v) => v + 1);
  }, []);
  return { lines: buffer.current, version, dropped, reset, append };
}

interface Source {
  containerId: string;
  subscription: string | null;
  lastTime: string | undefined;
  status: LiveStatus;
  error: string | null;
}

function overall(sources: Source[]): { status: LiveStatus; error: string | null } {
  const errors = sources.filter((s) => s.error).map((s) => s.error);
  const status: LiveStatus = sources.some((s) => s.status === 'live')
    ? 'live'
    : sources.some((s) => s.status === 'connecting')
      ? 'connecting'
      : sources.every((s) => s.status === 'error')
        ? 'error'
        : 'ended';
  return { status, error: errors.length ? errors.join(' · ') : null };
}

/**
 * Follows one or several containers' logs over socket.io: a backlog of `tail` lines each, then live lines,
 * merged by the engine's timestamps. After a dropped socket each resumes from the last timestamp it saw
 * (the server skips what was already sent), and follows again when its container restarts.
 */
export function useLiveLogs(
  containerIds: string | readonly string[],
  tail: number,
  /** RFC 3339: start from this time instead of the last `tail` lines (`docker logs -f --since`). */
  since?: string,
): LiveLogs {
  const ids = typeof containerIds === 'string' ? [containerIds] : containerIds;
  const key = ids.join(',');
  const env = useEnvironment();
  const { lines, version, dropped, reset, append } = useLogBuffer();
  const [state, setState] = useState<{ status: LiveStatus; error: string | null }>({
    status: 'connecting',
    error: null,
  });

  useEffect(() => {
    const socket = getSocket();
    const sources: Source[] = key
      .split(',')
      .filter(Boolean)
      .map((containerId) => ({
        containerId,
        subscription: null,
        lastTime: undefined,
        status: 'connecting',
        error: null,
      }));
    reset();
    let pending: ViewLine[][] = [];
    let timer: ReturnType<typeof setTimeout> | null = null;
    let disposed = false;
    const report = () => setState(overall(sources));
    report();

    const flush = () => {
      timer = null;
      if (!pending.length) return;
      append(pending);
      pending = [];
    };

    const bySubscription = (id: string) => sources.findIndex((s) => s.subscription === id);
    const onLines = (batch: { id: string; lines: LogLine[] }) => {
      const index = bySubscription(batch.id);
      const source = sources[index];
      if (!source) return;
      pending.push(batch.lines.map((l) => ({ ...l, source: index })));
      source.lastTime = batch.lines.at(-1)?.time ?? source.lastTime;
      if (!timer) timer = setTimeout(flush, FLUSH_MS);
    };
    const onEnd = (e: { id: string; reason: string }) => {
      const source = sources[bySubscription(e.id)];
      if (!source) return;
      source.subscription = null;
      source.status = 'ended';
      report();
    };
    const subscribe = (source: Source) => {
      if (disposed) return;
      source.status = 'connecting';
      const from = source.lastTime ?? since;
      const { containerId } = source;
      const request = from ? { containerId, since: from, env } : { containerId, tail, env };
      socket.emit('logs:subscribe', request, (res) => {
        if (disposed) {
          if (res.ok) socket.emit('logs:unsubscribe', { id: res.id, env });
          return;
        }
        if (res.ok) {
          source.subscription = res.id;
          source.status = 'live';
          source.error = null;
        } else {
          source.status = 'error';
          source.error = res.error;
        }
        report();
      });
    };
    const subscribeAll = () => {
      for (const s of sources) subscribe(s);
      report();
    };
    // A restarted container has a new log stream to follow.
    const onEvent = (e: { type: string; action: string; id: string; env: string }) => {
      if (e.env !== env || e.type !== 'container' || e.action !== 'start') return;
      for (const s of sources) {
        if (!s.subscription && s.containerId.startsWith(e.id.slice(0, 12))) subscribe(s);
      }
    };
    const onDisconnect = () => {
      for (const s of sources) {
        s.subscription = null;
        s.status = 'connecting';
      }
      report();
    };

    socket.on('logs:lines', onLines);
    socket.on('logs:end', onEnd);
    socket.on('engine:event', onEvent);
    socket.on('connect', subscribeAll);
    socket.on('disconnect', onDisconnect);
    if (socket.connected) subscribeAll();
    return () => {
      disposed = true;
      for (const s of sources)
        if (s.subscription) socket.emit('logs:unsubscribe', { id: s.subscription, env });
      socket.off('logs:lines', onLines);
      socket.off('logs:end', onEnd);
      socket.off('engine:event', onEvent);
      socket.off('connect', subscribeAll);
      socket.off('disconnect', onDisconnect);
      if (timer) clearTimeout(timer);
    };
  }, [key, tail, since, env, reset, append]);

  return { lines, version, dropped, status: state.status, error: state.error, clear: reset };
}
