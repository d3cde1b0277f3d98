import type http from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { LogLine } from '@/lib/containers/types';
import type { EngineEvent } from '@/lib/events/types';
import {
  type ClientToServerEvents,
  type ServerToClientEvents,
  SOCKET_PATH,
  type SocketData,
} from '@/lib/realtime/contract';
import type { StatsSample } from '@/lib/stats/compute';
import { authEvents } from '@/server/auth/events';
import { authenticate } from '@/server/auth/guard';
import { sharedInEnvironment } from '@/server/docker/client';
import { isAllowedOrigin } from '@/server/http/origin';
import { imageJobs } from '@/server/images/jobs';
import { LimitError } from '@/server/limits';
import { containerLogsOpener } from '@/server/realtime/container-logs';
import { containerStatsOpener } from '@/server/realtime/container-stats';
import { type EngineEventMessage, engineEventsOpener } from '@/server/realtime/engine-events';
import { type Hubs, registerHandlers } from '@/server/realtime/handlers';
import { SocketAdmission } from '@/server/realtime/limits';
import { OverviewSamplers } from '@/server/realtime/overview';
import { SubscriptionRegistry } from '@/server/realtime/registry';
import { perEngineOpener, SharedStreams, splitEnvKey } from '@/server/realtime/shared-stream';
import { publishHubs } from '@/server/realtime/stats';

type BerthSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface Realtime {
  io: Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
  registry: SubscriptionRegistry;
  hubs: Hubs;
  close: () => Promise<void>;
}

function credentials(socket: BerthSocket) {
  const h = socket.request.headers;
  return { cookie: h.cookie, authorization: h.authorization, ip: socket.handshake.address };
}

export function attachRealtime(server: http.Server): Realtime {
  const registry = new SubscriptionRegistry();
  const lastEvents = new Map<string, EngineEvent>();
  const hubs: Hubs = {
    registry,
    // Keys are env-qualified (envKey): one upstream per object per engine, opened in that engine's scope.
    events: new SharedStreams<EngineEventMessage>((key) => {
      const { env } = splitEnvKey(key);
      return (emit, end) =>
        sharedInEnvironment(env, () =>
          engineEventsOpener()((msg) => {
            // The newest event each open stream saw: the environments page shows it without asking the engine.
            if (msg.kind === 'event') lastEvents.set(env, msg.event);
            emit(msg);
          }, end),
        );
    }),
    lastEvents,
    logs: new SharedStreams<LogLine>(perEngineOpener(containerLogsOpener, sharedInEnvironment)),
    stats: new SharedStreams<StatsSample>(perEngineOpener(containerStatsOpener, sharedInEnvironment)),
    overview: new OverviewSamplers(),
  };
  publishHubs(hubs);
  const io: Realtime['io'] = new Server(server, {
    path: SOCKET_PATH,
    serveClient: false,
    // Other upgrades (Next.js dev reload) are handed on by server/index.ts, not destroyed.
    destroyUpgrade: false,
    // The handshake never passes through Next.js: Origin is checked here (cross-site WebSocket hijacking).
    allowRequest: (req, callback) => {
      callback(null, isAllowedOrigin(req.headers.origin, req.headers.host));
    },
  });

  const admission = new SocketAdmission();
  // The same guard as HTTP routes: no socket for an anonymous caller, nor past the user's socket limit (the
  // client's connect_error carries the message, and `data` the code and the limit).
  io.use((socket, next) => {
    const principal = authenticate(credentials(socket));
    if (principal.kind !== 'user') return next(new Error('unauthorized'));
    try {
      admission.admit(io.sockets.sockets.values(), principal.user.id);
    } catch (err) {
      if (!(err instanceof LimitError)) throw err;
      const refused: Error & { data?: unknown } = new Error(err.message);
      refused.data = { code: err.code, limit: err.limit };
      return next(refused);
    }
    socket.data.userId = principal.user.id;
    socket.data.sessionHash = principal.via === 'session' ? principal.sessionHash : null;
    socket.data.tokenId = principal.via === 'token' ? principal.tokenId : null;
    next();
  });

  // Every event re-checks the session (a logged-out or disabled user's socket drops at once) and its
  // permission, and what the socket opens is owned by its scope, closed on disconnect: see handlers.ts.
  io.on('connection', (socket) => registerHandlers(socket, hubs));

  const onUserRevoked = (userId: number) => {
    for (const s of io.sockets.sockets.values()) if (s.data.userId === userId) s.disconnect(true);
  };
  const onSessionRevoked = (hash: string) => {
    for (const s of io.sockets.sockets.values()) if (s.data.sessionHash === hash) s.disconnect(true);
  };
  const onTokenRevoked = (tokenId: number) => {
    for (const s of io.sockets.sockets.values()) if (s.data.tokenId === tokenId) s.disconnect(true);
  };
  authEvents().on('user-revoked', onUserRevoked);
  authEvents().on('session-revoked', onSessionRevoked);
  authEvents().on('token-revoked', onTokenRevoked);

  return {
    io,
    registry,
    hubs,
    close: async () => {
      authEvents().off('user-revoked', onUserRevoked);
      authEvents().off('session-revoked', onSessionRevoked);
      authEvents().off('token-revoked', onTokenRevoked);
      await registry.disposeAll();
      hubs.events.closeAll();
      hubs.logs.closeAll();
      hubs.stats.closeAll();
      hubs.overview.closeAll();
      imageJobs().closeAll();
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
