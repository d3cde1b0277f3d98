'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { getSocket } from '@/components/realtime/socket';
import type { LogLine } from '@/lib/containers/types';

/** Memory bound of one viewer: older lines are dropped (and counted) past this. */
export const MAX_LINES = 100_000;
/** Appends are batched: a burst of 10,000 lines is one render, not 10,000. */
const FLUSH_MS = 250;

export type LiveStatus = 'connecting' | 'live' | 'ended' | 'error';

export interface LiveLogs {
  lines: LogLine[];
  /** Bumped on every flush, so memoised views know the buffer changed. */
  version: number;
  dropped: number;
  status: LiveStatus;
  error: string | null;
  clear: () => void;
}

/**
 * Follows one container's log over socket.io: a backlog of `tail` lines, then live lines. After a dropped
 * socket it resumes from the last timestamp seen (the server skips what was already sent), and it follows
 * again when the container restarts.
 */
export function useLiveLogs(containerId: string, tail: number): LiveLogs {
  const buffer = useRef<LogLine[]>([]);
  const pending = useRef<LogLine[]>([]);
  const lastTime = useRef<string | undefined>(undefined);
  const subscription = useRef<string | null>(null);
  const [version, setVersion] = useState(0);
  const [dropped, setDropped] = useState(0);
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const [error, setError] = useState<string | null>(null);

  const clear = useCallback(() => {
    buffer.current = [];
    setDropped(0);
    setVersion((v) => v + 1);
  }, []);

  useEffect(() => {
    const socket = getSocket();
    buffer.current = [];
    pending.current = [];
    lastTime.current = undefined;
    setDropped(0);
    setVersion((v) => v + 1);
    let timer: ReturnType<typeof setTimeout> | null = null;
    let disposed = false;

    const flush = () => {
      timer = null;
      if (!pending.current.length) return;
      const next = buffer.current.concat(pending.current);
      pending.current = [];
      const over = next.length - MAX_LINES;
      if (over > 0) {
        next.splice(0, over);
        setDropped((d) => d + over);
      }
      buffer.current = next;
      setVersion((v) => v + 1);
    };

    const onLines = (batch: { id: string; lines: LogLine[] }) => {
      if (batch.id !== subscription.current) return;
      pending.current.push(...batch.lines);
      lastTime.current = batch.lines.at(-1)?.time ?? lastTime.current;
      if (!timer) timer = setTimeout(flush, FLUSH_MS);
    };
    const onEnd = (e: { id: string; reason: string }) => {
      if (e.id !== subscription.current) return;
      subscription.current = null;
      setStatus('ended');
    };
    const subscribe = () => {
      if (disposed) return;
      setStatus('connecting');
      const since = lastTime.current;
      socket.emit('logs:subscribe', since ? { containerId, since } : { containerId, tail }, (res) => {
        if (disposed) return;
        if (res.ok) {
          subscription.current = res.id;
          setStatus('live');
          setError(null);
        } else {
          setStatus('error');
          setError(res.error);
        }
      });
    };
    // A restarted container has a new log stream to follow.
    const onEvent = (e: { type: string; action: string; id: string }) => {
      if (
        e.type === 'container' &&
        e.action === 'start' &&
        containerId.startsWith(e.id.slice(0, 12)) &&
        !subscription.current
      ) {
        subscribe();
      }
    };
    const onDisconnect = () => {
      subscription.current = null;
      setStatus('connecting');
    };

    socket.on('logs:lines', onLines);
    socket.on('logs:end', onEnd);
    socket.on('engine:event', onEvent);
    socket.on('connect', subscribe);
    socket.on('disconnect', onDisconnect);
    if (socket.connected) subscribe();
    return () => {
      disposed = true;
      if (subscription.current) socket.emit('logs:unsubscribe', { id: subscription.current });
      subscription.current = null;
      socket.off('logs:lines', onLines);
      socket.off('logs:end', onEnd);
      socket.off('engine:event', onEvent);
      socket.off('connect', subscribe);
      socket.off('disconnect', onDisconnect);
      if (timer) clearTimeout(timer);
    };
  }, [containerId, tail]);

  return { lines: buffer.current, version, dropped, status, error, clear };
}
