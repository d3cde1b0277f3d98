import type { Health } from '@/lib/engine/types';

/**
 * The socket.io contract shared by browser and server. Every payload the server receives is parsed with
 * zod before use; live logs, exec, stats and events (issue #4) extend these maps.
 */
export interface ServerToClientEvents {
  'engine:status': (status: Health['engine']) => void;
  'error:denied': (e: { message: string }) => void;
}

export interface ClientToServerEvents {
  'engine:status': (ack: (status: Health['engine']) => void) => void;
}

/** Every event a client may send: the guard test walks this list, so a new event cannot skip it. */
export const CLIENT_EVENTS = ['engine:status'] as const satisfies readonly (keyof ClientToServerEvents)[];

/** What the server keeps on each socket once the handshake is authenticated. */
export interface SocketData {
  userId: number;
  sessionHash: string | null;
  tokenId: number | null;
}

export const SOCKET_PATH = '/socket.io';
