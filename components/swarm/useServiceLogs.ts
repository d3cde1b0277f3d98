'use client';

import { useEffect, useState } from 'react';
import {
  FLUSH_MS,
  type LiveLogs,
  type LiveStatus,
  useLogBuffer,
  type ViewLine,
} from '@/components/logs/useLiveLogs';
import { getSocket } from '@/components/realtime/socket';
import type { LogLine } from '@/lib/containers/types';
import { LOCAL_ENVIRONMENT } from '@/lib/environments/types';
import type { ServiceLogsSubscribe } from '@/lib/realtime/contract';

/** A server without the event never acks: say so instead of "connecting" forever. */
const ACK_TIMEOUT_MS = 15_000;

/**
 * `docker service logs --follow`: one subscription whose lines (`logs:lines`, ended by `logs:end`) each name
 * their task as `name.slot.id@node`. Each task becomes a source of the merged viewer, in order of appearance.
 * After a dropped socket it resumes from the last timestamp seen.
 */
export function useServiceLogs(
  serviceId: string,
  tail: number,
  env: string,
  /** The error shown when the subscription is not answered in time. */
  noAnswer: string,
): LiveLogs & { sources: string[] } {
  const { lines, version, dropped, reset, append } = useLogBuffer();
  const [sources, setSources] = useState<string[]>([]);
  const [state, setState] = useState<{ status: LiveStatus; error: string | null }>({
    status: 'connecting',
    error: null,
  });

  useEffect(() => {
    const socket = getSocket();
    let subscription: string | null = null;
    let lastTime: string | undefined;
    let disposed = false;
    let pending: ViewLine[] = [];
    let timer: ReturnType<typeof setTimeout> | null = null;
    const taskIndex = new Map<string, number>();
    reset();
    setSources([]);
    setState({ status: 'connecting', error: null });

    const flush = () => {
      timer = null;
      if (!pending.length) return;
      append([pending]);
      pending = [];
    };
    const sourceOf = (task: string) => {
      let index = taskIndex.get(task);
      if (index === undefined) {
        index = taskIndex.size;
        taskIndex.set(task, index);
        setSources([...taskIndex.keys()]);
      }
      return index;
    };
    const onLines = (batch: { id: string; lines: LogLine[] }) => {
      if (batch.id !== subscription) return;
      for (const l of batch.lines) pending.push({ ...l, source: sourceOf(l.task ?? '?') });
      lastTime = batch.lines.at(-1)?.time ?? lastTime;
      if (!timer) timer = setTimeout(flush, FLUSH_MS);
    };
    const onEnd = (e: { id: string; reason: string }) => {
      if (e.id !== subscription) return;
      subscription = null;
      setState({ status: 'ended', error: null });
    };
    const subscribe = () => {
      if (disposed) return;
      setState({ status: 'connecting', error: null });
      const payload: ServiceLogsSubscribe = lastTime ? { serviceId, since: lastTime } : { serviceId, tail };
      if (env !== LOCAL_ENVIRONMENT) payload.env = env;
      const timeout = setTimeout(() => {
        if (!disposed) setState({ status: 'error', error: noAnswer });
      }, ACK_TIMEOUT_MS);
      socket.emit('service-logs:subscribe', payload, (res) => {
        clearTimeout(timeout);
        if (disposed) {
          if (res.ok) socket.emit('service-logs:unsubscribe', { id: res.id });
          return;
        }
        if (res.ok) {
          subscription = res.id;
          setState({ status: 'live', error: null });
        } else setState({ status: 'error', error: res.error });
      });
    };
    const onDisconnect = () => {
      subscription = null;
      setState({ status: 'connecting', error: null });
    };

    socket.on('logs:lines', onLines);
    socket.on('logs:end', onEnd);
    socket.on('connect', subscribe);
    socket.on('disconnect', onDisconnect);
    if (socket.connected) subscribe();
    return () => {
      disposed = true;
      if (subscription) socket.emit('service-logs:unsubscribe', { id: subscription });
      socket.off('logs:lines', onLines);
      socket.off('logs:end', onEnd);
      socket.off('connect', subscribe);
      socket.off('disconnect', onDisconnect);
      if (timer) clearTimeout(timer);
    };
  }, [serviceId, tail, env, noAnswer, reset, append]);

  return { lines, version, dropped, status: state.status, error: state.error, clear: reset, sources };
}
