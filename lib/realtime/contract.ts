import type { Health } from '@/lib/engine/types';

/**
 * The socket.io contract shared by browser and server. Every payload the server receives is parsed with
 * zod before use; live logs, exec, stats and events (issue #4) extend these maps.
 */
export interface ServerToClientEvents {
  'engine:status': (status: Health['engine']) => void;
}

export interface ClientToServerEvents {
  'engine:status': (ack: (status: Health['engine']) => void) => void;
}

export const SOCKET_PATH = '/socket.io';
