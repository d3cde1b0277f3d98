'use client';

import { useSyncExternalStore } from 'react';
import { io, type Socket } from 'socket.io-client';
import { type ClientToServerEvents, type ServerToClientEvents, SOCKET_PATH } from '@/lib/realtime/contract';

export type BerthClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: BerthClientSocket | null = null;

/** One socket per tab, opened on first use; the session cookie authenticates it. */
export function getSocket(): BerthClientSocket {
  socket ??= io({ path: SOCKET_PATH, transports: ['websocket', 'polling'], withCredentials: true });
  return socket;
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
  return useSocketConnected() ? false : fallbackMs;
}
