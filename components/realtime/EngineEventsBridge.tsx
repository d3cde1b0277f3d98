'use client';

import { type QueryKey, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { engineKeys } from '@/components/engine/queries';
import { useEnvironment } from '@/components/environments/current';
import { getSocket } from '@/components/realtime/socket';
import { dockerKeys } from '@/lib/containers/keys';
import type { Health } from '@/lib/engine/types';
import { LOCAL_ENVIRONMENT } from '@/lib/environments/types';
import { createPacer } from '@/lib/events/pacer';
import { affectedResources, type EngineEvent } from '@/lib/events/types';

/** A burst of events (a bulk stop of 100 containers) refetches each list once, not 100 times. */
const FIRST_MS = 250;
/** While events keep coming (a compose project starting, a test suite), a list refetches at most this often. */
const GAP_MS = 1000;

type Resource = ReturnType<typeof affectedResources>[number];

/**
 * Calls `flush` with the resources engine events of `env` changed, paced (lib/events/pacer); returns the
 * disposer. One socket may carry several engines' events: each names its environment.
 */
function onEngineEvents(
  env: string,
  flush: (changed: ReadonlySet<Resource>) => Promise<unknown>,
): () => void {
  const socket = getSocket();
  const pacer = createPacer(flush, { firstMs: FIRST_MS, gapMs: GAP_MS });
  const onEvent = (event: EngineEvent & { env: string }) => {
    if (event.env === env) pacer.add(affectedResources(event));
  };
  socket.on('engine:event', onEvent);
  return () => {
    socket.off('engine:event', onEvent);
    pacer.dispose();
  };
}

/**
 * Subscribes to the event stream of the page's environment's engine and invalidates exactly that
 * environment's lists an event changes; on a resync (the engine stream was re-established and events may be
 * lost) every query of it is refetched. Switching environment unsubscribes the old one and subscribes the
 * new. It also keeps the local engine's health current while the socket is up, so the shell need not poll
 * /api/health; another engine's reachability changes refetch its info, which its banner reads.
 */
export function EngineEventsBridge() {
  const queryClient = useQueryClient();
  const env = useEnvironment();
  useEffect(() => {
    const socket = getSocket();
    const setStatus = (status: Health['engine'] & { env?: string }) => {
      const { env: of = LOCAL_ENVIRONMENT, ...engine } = status;
      if (of !== env) return;
      if (env !== LOCAL_ENVIRONMENT) {
        void queryClient.invalidateQueries({ queryKey: engineKeys.info(env) });
        if (engine.reachable) void queryClient.invalidateQueries({ queryKey: dockerKeys.env(env) });
        return;
      }
      const before = queryClient.getQueryData<Health>(engineKeys.health())?.engine;
      queryClient.setQueryData<Health>(engineKeys.health(), { ok: engine.reachable, engine });
      // Back, or another engine: what the badge and dashboard show of it is out of date.
      if (engine.reachable && before && (!before.reachable || before.version !== engine.version))
        void queryClient.invalidateQueries({ queryKey: engineKeys.info() });
    };
    let subscription: string | null = null;
    const subscribe = () =>
      socket.emit('events:subscribe', { env }, (res) => {
        if (!res.ok) return;
        subscription = res.id;
        setStatus({ ...res.engine, env });
      });
    const off = onEngineEvents(env, (changed) =>
      Promise.all(
        [...changed].map((resource) =>
          queryClient.invalidateQueries({ queryKey: dockerKeys.resource(env, resource) }),
        ),
      ),
    );
    const onResync = (e?: { env: string }) => {
      if (e && e.env !== env) return;
      void queryClient.invalidateQueries({ queryKey: dockerKeys.env(env) });
      // The engine may have restarted as another version. Its status needs no refetch: the subscription's ack
      // and engine:status carry it.
      void queryClient.invalidateQueries({ queryKey: engineKeys.info(env) });
    };
    const onReconnect = () => onResync();
    socket.on('connect', subscribe);
    socket.on('engine:status', setStatus);
    socket.on('engine:resync', onResync);
    // After a reconnect the server has a fresh subscription but we may have missed events meanwhile.
    socket.io.on('reconnect', onReconnect);
    if (socket.connected) subscribe();
    return () => {
      off();
      // Another environment now (or unmounted): this engine's stream is closed once nobody watches it.
      if (subscription && socket.connected) socket.emit('events:unsubscribe', { id: subscription, env });
      socket.off('connect', subscribe);
      socket.off('engine:status', setStatus);
      socket.off('engine:resync', onResync);
      socket.io.off('reconnect', onReconnect);
    };
  }, [queryClient, env]);
  return null;
}

/**
 * While mounted, refetches `queryKey` when engine events change one of `resources`: for a view of data outside
 * the resource lists (the dashboard's counts from /api/engine), which nothing else refreshes while the socket
 * is up.
 */
export function useRefetchOnEngineEvents(queryKey: QueryKey, resources: readonly Resource[]) {
  const queryClient = useQueryClient();
  const env = useEnvironment();
  const latest = useRef({ queryKey, resources });
  latest.current = { queryKey, resources };
  useEffect(
    () =>
      onEngineEvents(env, (changed) => {
        const { queryKey, resources } = latest.current;
        return resources.some((r) => changed.has(r))
          ? queryClient.invalidateQueries({ queryKey })
          : Promise.resolve();
      }),
    [queryClient, env],
  );
}
