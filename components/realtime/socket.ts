'use client';

import { useSyncExternalStore } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@/lib/realtime/contract';
import { SOCKET_PATH } from '@/lib/realtime/path';
import type { LimitInfo } from '@/lib/settings/limits';

export type BerthClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: BerthClientSocket | null = null;
/** Why the server refused this tab's socket at its per-user limit, until a connect succeeds. */
let refusal: LimitInfo | null = null;
const refusalListeners = new Set<() => void>();

function setRefusal(next: LimitInfo | null) {
  if (refusal === next) return;
  refusal = next;
  for (const listener of refusalListeners) listener();
}

/** One socket per tab, opened on first use; the session cookie authenticates it. */
export function getSocket(): BerthClientSocket {
  if (!socket) {
    socket = io({ path: SOCKET_PATH, transports: ['websocket', 'polling'], withCredentials: true });
    // A refusal by the handshake middleware is final for socket.io (no automatic reconnect): remember it, so
    // the tab can say it is not live instead of silently falling back to polling.
    socket.on('connect_error', (err: Error & { data?: { code?: string; limit?: LimitInfo } }) => {
      if (err.data?.code === 'limit' && err.data.limit) setRefusal(err.data.limit);
    });
    socket.on('connect', () => setRefusal(null));
  }
  return socket;
}

/** The limit that refused this tab's live connection, or null. */
export function useSocketRefusal(): LimitInfo | null {
  return useSyncExternalStore(
    (onChange) => {
      getSocket();
      refusalListeners.add(onChange);
      return () => refusalListeners.delete(onChange);
    },
    () => refusal,
    () => null,
  );
}

function subscribe(onChange: () => void) {
  const s = getSocket();
  s.on('connect', onChange);
  s.on('disconnect', onChange);
  return () => {
    s.off('connect', onChange);
    s.off('disconnect', onChange);
  };
}

export function useSocketConnected(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => getSocket().connected,
    () => false,
  );
}

/** Lists refresh from engine events while the socket is up, and fall back to polling while it is not. */
export function useLiveRefetchInterval(fallbackMs = 5_000): number | false {
  // EngineEventsBridge follows the events of the page's environment, whichever it is.
  return useSocketConnected() ? false : fallbackMs;
}
