import type http from 'node:http';
import { Server } from 'socket.io';
import { type ClientToServerEvents, type ServerToClientEvents, SOCKET_PATH } from '@/lib/realtime/contract';
import { health } from '@/server/docker/engine';
import { isAllowedOrigin } from '@/server/http/origin';
import { SubscriptionRegistry } from '@/server/realtime/registry';

export interface Realtime {
  io: Server<ClientToServerEvents, ServerToClientEvents>;
  registry: SubscriptionRegistry;
  close: () => Promise<void>;
}

export function attachRealtime(server: http.Server): Realtime {
  const registry = new SubscriptionRegistry();
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(server, {
    path: SOCKET_PATH,
    serveClient: false,
    // Other upgrades (Next.js dev reload) are handed on by server/index.ts, not destroyed.
    destroyUpgrade: false,
    // The handshake never passes through Next.js: Origin is checked here (cross-site WebSocket hijacking).
    allowRequest: (req, callback) => {
      const host = (req.headers['x-forwarded-host'] as string | undefined) ?? req.headers.host;
      callback(null, isAllowedOrigin(req.headers.origin, host));
    },
  });

  io.on('connection', (socket) => {
    socket.on('engine:status', async (ack) => {
      if (typeof ack !== 'function') return;
      ack((await health()).engine);
    });
    socket.on('disconnect', () => {
      void registry.disposeOwner(socket.id);
    });
  });

  return {
    io,
    registry,
    close: async () => {
      await registry.disposeAll();
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
