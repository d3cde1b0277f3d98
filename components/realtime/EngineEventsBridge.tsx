'use client';

import { type QueryKey, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { LOCAL_ENV } from '@/components/containers/queries';
import { engineKeys } from '@/components/engine/queries';
import { getSocket } from '@/components/realtime/socket';
import { dockerKeys } from '@/lib/containers/keys';
import type { Health } from '@/lib/engine/types';
import { createPacer } from '@/lib/events/pacer';
import { affectedResources, type EngineEvent } from '@/lib/events/types';

/** A burst of events (a bulk stop of 100 containers) refetches each list once, not 100 times. */
const FIRST_MS = 250;
/** While events keep coming (a compose project starting, a test suite), a list refetches at most this often. */
const GAP_MS = 1000;

type Resource = ReturnType<typeof affectedResources>[number];

/** Calls `flush` with the resources engine events changed, paced (lib/events/pacer); returns the disposer. */
function onEngineEvents(flush: (changed: ReadonlySet<Resource>) => Promise<unknown>): () => void {
  const socket = getSocket();
  const pacer = createPacer(flush, { firstMs: FIRST_MS, gapMs: GAP_MS });
  const onEvent = (event: EngineEvent) => pacer.add(affectedResources(event));
  socket.on('engine:event', onEvent);
  return () => {
    socket.off('engine:event', onEvent);
    pacer.dispose();
  };
}

/**
 * Subscribes to the engine's event stream and invalidates exactly the lists an event changes; on a resync
 * (the engine stream was re-established and events may be lost) every engine query is refetched. It also
 * keeps the engine's health current while the socket is up, so the shell need not poll /api/health.
 */
export function EngineEventsBridge() {
  const queryClient = useQueryClient();
  useEffect(() => {
    const socket = getSocket();
    const setStatus = (engine: Health['engine']) => {
      const before = queryClient.getQueryData<Health>(engineKeys.health())?.engine;
      queryClient.setQueryData<Health>(engineKeys.health(), { ok: engine.reachable, engine });
      // Back, or another engine: what the badge and dashboard show of it is out of date.
      if (engine.reachable && before && (!before.reachable || before.version !== engine.version))
        void queryClient.invalidateQueries({ queryKey: engineKeys.info() });
    };
    const subscribe = () =>
      socket.emit('events:subscribe', (res) => {
        if (res.ok) setStatus(res.engine);
      });
    const off = onEngineEvents((changed) =>
      Promise.all(
        [...changed].map((resource) =>
          queryClient.invalidateQueries({ queryKey: dockerKeys.resource(LOCAL_ENV, resource) }),
        ),
      ),
    );
    const onResync = () => {
      void queryClient.invalidateQueries({ queryKey: dockerKeys.all });
      // The engine may have restarted as another version. Its status needs no refetch: the subscription's ack
      // and engine:status carry it.
      void queryClient.invalidateQueries({ queryKey: engineKeys.info() });
    };
    socket.on('connect', subscribe);
    socket.on('engine:status', setStatus);
    socket.on('engine:resync', onResync);
    // After a reconnect the server has a fresh subscription but we may have missed events meanwhile.
    socket.io.on('reconnect', onResync);
    if (socket.connected) subscribe();
    return () => {
      off();
      socket.off('connect', subscribe);
      socket.off('engine:status', setStatus);
      socket.off('engine:resync', onResync);
      socket.io.off('reconnect', onResync);
    };
  }, [queryClient]);
  return null;
}

/**
 * While mounted, refetches `queryKey` when engine events change one of `resources`: for a view of data outside
 * the resource lists (the dashboard's counts from /api/engine), which nothing else refreshes while the socket
 * is up.
 */
export function useRefetchOnEngineEvents(queryKey: QueryKey, resources: readonly Resource[]) {
  const queryClient = useQueryClient();
  const latest = useRef({ queryKey, resources });
  latest.current = { queryKey, resources };
  useEffect(
    () =>
      onEngineEvents((changed) => {
        const { queryKey, resources } = latest.current;
        return resources.some((r) => changed.has(r))
          ? queryClient.invalidateQueries({ queryKey })
          : Promise.resolve();
      }),
    [queryClient],
  );
}
