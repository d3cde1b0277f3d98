'use client';

import { useEffect, useState } from 'react';
import { useEnvironment } from '@/components/environments/current';
import { getSocket } from '@/components/realtime/socket';
import type { StatsSample } from '@/lib/stats/compute';

/** About five minutes at the engine's one reading a second. */
const HISTORY = 300;

/** Live resource use of one container, from the shared engine stats stream. */
export function useContainerStats(containerId: string, enabled: boolean) {
  const [samples, setSamples] = useState<StatsSample[]>([]);
  const [error, setError] = useState<string | null>(null);
  const env = useEnvironment();
  useEffect(() => {
    if (!enabled) return;
    const socket = getSocket();
    let id: string | null = null;
    let disposed = false;
    setSamples([]);
    const onSample = (e: { id: string; sample: StatsSample }) => {
      if (e.id !== id) return;
      setSamples((prev) =>
        prev.length >= HISTORY ? [...prev.slice(prev.length - HISTORY + 1), e.sample] : [...prev, e.sample],
      );
    };
    const subscribe = () =>
      socket.emit('stats:subscribe', { containerId, env }, (res) => {
        if (disposed) {
          if (res.ok) socket.emit('stats:unsubscribe', { id: res.id, env });
          return;
        }
        if (res.ok) {
          id = res.id;
          setError(null);
        } else setError(res.error);
      });
    socket.on('stats:sample', onSample);
    socket.on('connect', subscribe);
    if (socket.connected) subscribe();
    return () => {
      disposed = true;
      if (id) socket.emit('stats:unsubscribe', { id, env });
      socket.off('stats:sample', onSample);
      socket.off('connect', subscribe);
    };
  }, [containerId, enabled, env]);
  return { samples, error };
}
