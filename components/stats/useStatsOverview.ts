'use client';

import { useEffect, useState } from 'react';
import { useEnvironment } from '@/components/environments/current';
import { getSocket } from '@/components/realtime/socket';
import { appendSnapshot, type OverviewEntry, type OverviewSnapshot } from '@/lib/stats/overview';

export type { OverviewEntry } from '@/lib/stats/overview';

export interface StatsOverview {
  rows: OverviewEntry[];
  intervalMs: number | null;
  updated: number | null;
  error: string | null;
}

/** The live stats of every running container, from the server's shared sampler. */
export function useStatsOverview(): StatsOverview {
  const env = useEnvironment();
  const [state, setState] = useState<{
    entries: Map<string, OverviewEntry>;
    intervalMs: number | null;
    updated: number | null;
    error: string | null;
  }>({ entries: new Map(), intervalMs: null, updated: null, error: null });

  useEffect(() => {
    const socket = getSocket();
    let id: string | null = null;
    let disposed = false;
    const onSnapshot = (e: { id: string; snapshot: OverviewSnapshot }) => {
      if (e.id !== id) return;
      setState((s) => ({
        entries: appendSnapshot(s.entries, e.snapshot),
        intervalMs: e.snapshot.intervalMs,
        updated: e.snapshot.time,
        error: null,
      }));
    };
    const subscribe = () =>
      socket.emit('overview:subscribe', { env }, (res) => {
        if (disposed) {
          if (res.ok) socket.emit('overview:unsubscribe', { id: res.id, env });
          return;
        }
        if (res.ok) id = res.id;
        else setState((s) => ({ ...s, error: res.error }));
      });
    socket.on('overview:snapshot', onSnapshot);
    socket.on('connect', subscribe);
    if (socket.connected) subscribe();
    return () => {
      disposed = true;
      if (id) socket.emit('overview:unsubscribe', { id, env });
      socket.off('overview:snapshot', onSnapshot);
      socket.off('connect', subscribe);
    };
  }, [env]);

  return {
    rows: [...state.entries.values()],
    intervalMs: state.intervalMs,
    updated: state.updated,
    error: state.error,
  };
}
