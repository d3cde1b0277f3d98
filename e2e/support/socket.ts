import { io, type Socket } from 'socket.io-client';
import { type ClientToServerEvents, type ServerToClientEvents, SOCKET_PATH } from '@/lib/realtime/contract';
import { BASE_URL } from './api';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Sockets opened by a test file, so its afterAll can close them all. */
export const openSockets: ClientSocket[] = [];

/** A socket.io client logged in with a session cookie, resolved once connected. */
export async function connectSocket(cookie: string, base = BASE_URL): Promise<ClientSocket> {
  const socket: ClientSocket = io(base, {
    path: SOCKET_PATH,
    transports: ['websocket'],
    forceNew: true,
    extraHeaders: { cookie },
  });
  openSockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/**
 * Opens `count` sockets, then on each sends one request and drops the socket without waiting for its answer,
 * the n-th one `n * spreadMs` later, so the disconnects land at every stage of the server's awaits.
 */
export async function dropWhileInFlight(
  cookie: string,
  count: number,
  send: (socket: ClientSocket) => void,
  spreadMs = 0,
): Promise<void> {
  const sockets = await Promise.all(Array.from({ length: count }, () => connectSocket(cookie)));
  await Promise.all(
    sockets.map(
      (socket, n) =>
        new Promise<void>((resolve) => {
          send(socket);
          setTimeout(() => {
            socket.disconnect();
            resolve();
          }, n * spreadMs);
        }),
    ),
  );
}
