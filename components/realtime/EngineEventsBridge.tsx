'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { LOCAL_ENV } from '@/components/containers/queries';
import { getSocket } from '@/components/realtime/socket';
import { affectedResources } from '@/lib/events/types';

/** A burst of events (a bulk stop of 100 containers) refetches each list once, not 100 times. */
const COALESCE_MS = 250;

/**
 * Subscribes to the engine's event stream and invalidates exactly the lists an event changes; on a resync
 * (the engine stream was re-established and events may be lost) every engine query is refetched.
 */
export function EngineEventsBridge() {
  const queryClient = useQueryClient();
  useEffect(() => {
    const socket = getSocket();
    const pending = new Set<string>();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      timer = null;
      for (const resource of pending) {
        void queryClient.invalidateQueries({ queryKey: ['docker', LOCAL_ENV, resource] });
      }
      pending.clear();
    };
    const subscribe = () => socket.emit('events:subscribe', () => {});
    const onEvent = (event: Parameters<typeof affectedResources>[0]) => {
      for (const r of affectedResources(event)) pending.add(r);
      if (pending.size && !timer) timer = setTimeout(flush, COALESCE_MS);
    };
    const onResync = () => void queryClient.invalidateQueries({ queryKey: ['docker'] });
    socket.on('connect', subscribe);
    socket.on('engine:event', onEvent);
    socket.on('engine:resync', onResync);
    // After a reconnect the server has a fresh subscription but we may have missed events meanwhile.
    socket.io.on('reconnect', onResync);
    if (socket.connected) subscribe();
    return () => {
      socket.off('connect', subscribe);
      socket.off('engine:event', onEvent);
      socket.off('engine:resync', onResync);
      socket.io.off('reconnect', onResync);
      if (timer) clearTimeout(timer);
    };
  }, [queryClient]);
  return null;
}
