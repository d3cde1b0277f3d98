import { randomUUID } from 'node:crypto';
import type { LogLine } from '@/lib/containers/types';
import type { EngineEvent } from '@/lib/events/types';
import {
  attachStartSchema,
  execAckSchema,
  execInputSchema,
  execResizeSchema,
  execStartSchema,
  renderAttachCommand,
  renderExecCommand,
} from '@/lib/exec/types';
import { byTime, isAfter, rfc3339ToSince } from '@/lib/logs/time';
import {
  logsSubscribeSchema,
  type SubscriptionId,
  serviceLogsSubscribeSchema,
  statsSubscribeSchema,
  subscriptionIdSchema,
  type TerminalStarted,
} from '@/lib/realtime/contract';
import { idleMessage } from '@/lib/settings/limits';
import type { StatsSample } from '@/lib/stats/compute';
import { recordAudit } from '@/server/audit/log';
import { currentEnvironment } from '@/server/docker/client';
import { inspectContainer } from '@/server/docker/containers';
import { health } from '@/server/docker/engine';
import { type LogStream, openLogStream } from '@/server/docker/logs';
import { environmentExists } from '@/server/environments/store';
import { HttpError, toHttpError } from '@/server/http/errors';
import { AttachSession } from '@/server/realtime/attach';
import type { EngineEventMessage } from '@/server/realtime/engine-events';
import { ExecSession, execCreateBody } from '@/server/realtime/exec';
import {
  cancelBuild,
  cancelImageTransfer,
  pullImage,
  pushImage,
  startBuild,
} from '@/server/realtime/image-handlers';
import type { OverviewSamplers } from '@/server/realtime/overview';
import { OwnedKind, type OwnerScope, type SubscriptionRegistry } from '@/server/realtime/registry';
import { subscribeServiceLogs } from '@/server/realtime/service-logs';
import { envKey, isEnvironmentStreamsEnded, type SharedStreams } from '@/server/realtime/shared-stream';
import {
  type BerthSocket,
  registerSocketEvents,
  type SocketContext,
  type SocketEventTable,
  socketEvent,
} from '@/server/realtime/socket-event';
import { cancelStack, runStack } from '@/server/realtime/stack-handlers';
import type { TerminalEvents, TerminalSession } from '@/server/realtime/terminal-session';
import { enforceExecCreate } from '@/server/security/enforce';
import { getSettings } from '@/server/settings/store';

export type { BerthSocket } from '@/server/realtime/socket-event';

export interface Hubs {
  events: SharedStreams<EngineEventMessage>;
  logs: SharedStreams<LogLine>;
  stats: SharedStreams<StatsSample>;
  overview: OverviewSamplers;
  registry: SubscriptionRegistry;
  /** Per environment, the newest event its events stream saw while open. */
  lastEvents: Map<string, EngineEvent>;
}

/** What a socket owns, by kind: a lookup by id gives the terminal session, the others only end. */
const EVENTS = new OwnedKind('events');
const LOGS = new OwnedKind('logs');
const STATS = new OwnedKind('stats');
const OVERVIEW = new OwnedKind('overview');
const TERMINAL = new OwnedKind<TerminalSession>('terminal');
/** Service logs count against the same per-user logs bound as containers' logs. */
const SERVICE_LOGS = LOGS;

/** Batches live lines so a burst costs one message per flush, not one per line. */
const LOG_FLUSH_MS = 100;
const LOG_BATCH_MAX = 2_000;

const endReason = (reason: unknown) =>
  isEnvironmentStreamsEnded(reason) ? reason.message : reason ? toHttpError(reason).message : 'stream ended';

const subscribeEvents = socketEvent('events:subscribe', {
  permission: 'engine:read',
  handler: async ({ socket, hubs, scope }) => {
    // One events stream per engine, shared by every socket watching it; a socket may watch several.
    const env = currentEnvironment();
    let off = () => {};
    const follow = () => {
      off = hubs.events.subscribe(
        envKey(env, 'engine'),
        (msg) => {
          if (msg.kind === 'event') socket.emit('engine:event', { ...msg.event, env });
          else if (msg.kind === 'status') socket.emit('engine:status', { ...msg.status, env });
          else socket.emit('engine:resync', { env });
        },
        (reason) => {
          // Ended from outside (the environment was re-addressed or removed): follow the engine it names now,
          // and have the client re-read its lists; a removed one is left (its routes answer 404).
          if (!isEnvironmentStreamsEnded(reason) || !environmentExists(env)) return;
          follow();
          socket.emit('engine:resync', { env });
        },
      );
    };
    follow();
    const id = randomUUID();
    scope.add(EVENTS, id, () => off());
    // Asked after subscribing: a change from here on arrives as engine:status, so none falls in between.
    return { id, engine: (await health()).engine };
  },
});

const subscribeLogs = socketEvent('logs:subscribe', {
  permission: 'containers:read',
  schema: logsSubscribeSchema,
  limit: { name: 'logs', kind: LOGS },
  handler: async ({ payload: input, socket, hubs, scope, ack, alive }) => {
    // One upstream per container, whether viewers name it by name, short id or full id.
    const containerId = (await inspectContainer(input.containerId)).Id;
    alive();
    const id = randomUUID();
    let pending: LogLine[] = [];
    let backlogDone = false;
    let lastSent: string | undefined = input.since;
    let timer: NodeJS.Timeout | null = null;
    let ended = null as (() => void) | null;

    const flush = () => {
      timer = null;
      if (!pending.length) return;
      // stdout and stderr are read from one demuxed stream but may interleave out of order: the engine's
      // timestamps decide.
      const fresh = pending.filter((l) => isAfter(l.time, lastSent)).sort(byTime);
      pending = [];
      for (let i = 0; i < fresh.length; i += LOG_BATCH_MAX) {
        socket.emit('logs:lines', { id, lines: fresh.slice(i, i + LOG_BATCH_MAX) });
      }
      lastSent = fresh.at(-1)?.time ?? lastSent;
    };
    const off = hubs.logs.subscribe(
      envKey(currentEnvironment(), containerId),
      (line) => {
        pending.push(line);
        if (backlogDone && !timer) timer = setTimeout(flush, LOG_FLUSH_MS);
      },
      (reason) => {
        // A stopped container's follow stream ends at once: its backlog is still sent, then the end.
        ended = () => {
          flush();
          socket.emit('logs:end', { id, reason: endReason(reason) });
          void release();
        };
        if (backlogDone) ended();
      },
    );
    let backlog: LogStream | null = null;
    const release = scope.add(LOGS, id, () => {
      if (timer) clearTimeout(timer);
      backlog?.close();
      off();
    });
    const acked = ack({ id });

    // The backlog is this viewer's own; the live stream is shared. Lines already sent are not sent twice.
    // It is streamed in batches and paused while the socket cannot send, so a million-line log
    // neither sits whole in memory nor floods a slow client.
    const since = input.since ? rfc3339ToSince(input.since) : null;
    let batch: LogLine[] = [];
    const sendBatch = () => {
      if (!batch.length) return;
      socket.emit('logs:lines', { id, lines: batch });
      lastSent = batch.at(-1)?.time ?? lastSent;
      batch = [];
    };
    const transport = () => socket.conn.transport;
    let paused: { off: () => void } | null = null;
    const resume = () => {
      paused?.off();
      paused = null;
      backlog?.resume();
    };
    backlog = await openLogStream(
      containerId,
      { follow: false, tail: since ? 'all' : input.tail, ...(since ? { since } : {}) },
      (lines) => {
        for (const l of lines) if (isAfter(l.time, lastSent)) batch.push(l);
        if (batch.length < LOG_BATCH_MAX) return;
        sendBatch();
        // The transport stays unwritable until the client's TCP window takes what was sent.
        if (!paused && !transport().writable) {
          const t = transport();
          backlog?.pause();
          t.once('drain', resume);
          paused = { off: () => t.off('drain', resume) };
        }
      },
    );
    // Unsubscribed or disconnected while the backlog was being opened: its disposer could not close it.
    if (!scope.has(LOGS, id)) backlog.close();
    await backlog.done.finally(() => paused?.off());
    sendBatch();
    backlogDone = true;
    if (ended) ended();
    else flush();
    return acked;
  },
});

const subscribeStats = socketEvent('stats:subscribe', {
  permission: 'containers:read',
  schema: statsSubscribeSchema,
  limit: { name: 'stats', kind: STATS },
  handler: async ({ payload, socket, hubs, scope, alive }) => {
    const containerId = (await inspectContainer(payload.containerId)).Id;
    alive();
    const id = randomUUID();
    const off = hubs.stats.subscribe(
      envKey(currentEnvironment(), containerId),
      (sample) => socket.emit('stats:sample', { id, sample }),
      (reason) => {
        socket.emit('stats:end', { id, reason: endReason(reason) });
        void release();
      },
    );
    const release = scope.add(STATS, id, off);
    return { id };
  },
});

const subscribeOverview = socketEvent('overview:subscribe', {
  permission: 'containers:read',
  handler: ({ socket, hubs, scope, ack }) => {
    const id = randomUUID();
    // The id goes out before the first snapshot, which the sampler may hand over at once.
    const acked = ack({ id });
    const off = hubs.overview.subscribe(currentEnvironment(), (snapshot) =>
      socket.emit('overview:snapshot', { id, snapshot }),
    );
    scope.add(OVERVIEW, id, off);
    return acked;
  },
});

/** Ends what `kind` names under the payload's id; an id already gone (it ended by itself) is no error. */
const release = (
  kind: OwnedKind<unknown>,
  permission: 'containers:read' | 'containers:exec' | 'engine:read',
) => ({
  permission,
  schema: subscriptionIdSchema,
  handler: async ({ payload, scope }: { payload: SubscriptionId; scope: OwnerScope }) => {
    await scope.release(kind, payload.id);
  },
});

type TerminalContext = SocketContext<{ containerId: string; cols: number; rows: number }, TerminalStarted>;

/**
 * Opens one terminal session (exec or attach): a running container, audit of start and end, and the socket's
 * scope owning it. `prepare` returns the CLI line and the session; nothing is sent to the browser before the
 * ack that tells it the session id (a fast command's output and exit wait, in order).
 */
async function openTerminal(
  kind: 'exec' | 'attach',
  { payload, principal, socket, scope, ip, ack, alive }: TerminalContext,
  prepare: (
    info: Awaited<ReturnType<typeof inspectContainer>>,
    events: TerminalEvents,
    name: string,
  ) => { command: string; session: TerminalSession; start: () => Promise<void> },
) {
  const user = principal.user;
  let command = '';
  try {
    const info = await inspectContainer(payload.containerId);
    alive();
    const name = info.Name.replace(/^\//, '');
    if (!info.State.Running) throw new HttpError(409, 'conflict', `Container ${name} is not running`);
    let announce: () => void = () => {};
    const announced = new Promise<void>((resolve) => {
      announce = resolve;
    });
    let session: TerminalSession | null = null;
    const prepared = prepare(
      info,
      {
        output: (data) =>
          void announced.then(() => session && socket.emit('exec:output', { id: session.id, data })),
        exit: (exitCode, message) => {
          const id = session?.id ?? '';
          void announced.then(() =>
            socket.emit('exec:exit', { id, exitCode, ...(message ? { message } : {}) }),
          );
          void scope.release(TERMINAL, id);
          recordAudit({
            user,
            ip,
            action: `${kind}.end`,
            target: name,
            command,
            result: 'ok',
            error: exitCode === null ? (message ?? null) : `exit ${exitCode}`,
          });
        },
      },
      name,
    );
    command = prepared.command;
    session = prepared.session;
    await prepared.start();
    recordAudit({ user, ip, action: `${kind}.start`, target: name, command, result: 'ok' });
    // Registered once started (a failed start leaves nothing to dispose). A socket that dropped during the
    // start has a closed scope, which ends the session at once: its end is audited like any other.
    const started = session;
    scope.add(TERMINAL, started.id, () => started.close(), started);
    // Closed after the limits' idle time without input or output (read at each check: a change applies).
    started.closeWhenIdle(
      () => getSettings().limits.terminalIdleSeconds * 1000,
      (ms) => idleMessage(Math.round(ms / 1000)),
    );
    const acked = ack({ id: started.id, command, ...(started.acceptsInput ? {} : { readOnly: true }) });
    announce();
    return acked;
  } catch (err) {
    recordAudit({
      user,
      ip,
      action: `${kind}.start`,
      target: payload.containerId,
      command,
      result: 'error',
      error: toHttpError(err).message,
    });
    throw err;
  }
}

const startExec = socketEvent('exec:start', {
  permission: 'containers:exec',
  schema: execStartSchema,
  auditRefusal: 'exec.start',
  limit: { name: 'terminals', kind: TERMINAL },
  handler: (ctx) =>
    openTerminal('exec', ctx, (info, events, name) => {
      const input = { ...ctx.payload, containerId: info.Id };
      const body = execCreateBody(input);
      enforceExecCreate(ctx.principal, body);
      const session = new ExecSession(input, events);
      return {
        command: renderExecCommand({
          name,
          command: input.command,
          user: input.user,
          workdir: input.workdir,
        }),
        session,
        start: () => session.start(body),
      };
    }),
});

const startAttach = socketEvent('attach:start', {
  permission: 'containers:exec',
  schema: attachStartSchema,
  auditRefusal: 'attach.start',
  limit: { name: 'terminals', kind: TERMINAL },
  handler: (ctx) =>
    openTerminal('attach', ctx, (info, events, name) => {
      const session = new AttachSession(info.Id, ctx.payload, events);
      return { command: renderAttachCommand(name), session, start: () => session.start() };
    }),
});

/**
 * Every event a client may send, each with its permission, payload schema and handler; registered on each
 * socket by `registerHandlers`. `satisfies` keeps it to exactly the contract's events (lib/realtime/contract.ts).
 */
export const socketEvents = {
  'engine:status': socketEvent('engine:status', {
    permission: 'engine:read',
    handler: async () => ({ engine: (await health()).engine }),
  }),
  'events:subscribe': subscribeEvents,
  'events:unsubscribe': socketEvent('events:unsubscribe', release(EVENTS, 'engine:read')),
  'logs:subscribe': subscribeLogs,
  'logs:unsubscribe': socketEvent('logs:unsubscribe', release(LOGS, 'containers:read')),
  'stats:subscribe': subscribeStats,
  'stats:unsubscribe': socketEvent('stats:unsubscribe', release(STATS, 'containers:read')),
  'overview:subscribe': subscribeOverview,
  'overview:unsubscribe': socketEvent('overview:unsubscribe', release(OVERVIEW, 'containers:read')),
  'exec:start': startExec,
  'attach:start': startAttach,
  // Input, resizes and acks for a session that already ended are dropped: they race its exit by nature.
  'exec:input': socketEvent('exec:input', {
    permission: 'containers:exec',
    schema: execInputSchema,
    handler: ({ payload, scope }) => {
      scope.get(TERMINAL, payload.id)?.write(payload.data);
    },
  }),
  'exec:resize': socketEvent('exec:resize', {
    permission: 'containers:exec',
    schema: execResizeSchema,
    handler: async ({ payload, scope }) => {
      await scope
        .get(TERMINAL, payload.id)
        ?.resize(payload.cols, payload.rows)
        .catch(() => {});
    },
  }),
  'exec:ack': socketEvent('exec:ack', {
    permission: 'containers:exec',
    schema: execAckSchema,
    handler: ({ payload, scope }) => {
      scope.get(TERMINAL, payload.id)?.ack(payload.bytes);
    },
  }),
  'exec:close': socketEvent('exec:close', release(TERMINAL, 'containers:exec')),
  'image:pull': pullImage,
  'image:push': pushImage,
  'image:cancel': cancelImageTransfer,
  'build:start': startBuild,
  'build:cancel': cancelBuild,
  'stack:run': runStack,
  'stack:cancel': cancelStack,
  'service-logs:subscribe': socketEvent('service-logs:subscribe', {
    permission: 'containers:read',
    schema: serviceLogsSubscribeSchema,
    limit: { name: 'logs', kind: SERVICE_LOGS },
    handler: ({ payload, socket, scope, alive }) =>
      subscribeServiceLogs(payload, { socket, scope, kind: SERVICE_LOGS, alive }),
  }),
  'service-logs:unsubscribe': socketEvent(
    'service-logs:unsubscribe',
    release(SERVICE_LOGS, 'containers:read'),
  ),
} satisfies SocketEventTable;

/** Registers every client event of the contract on a connected socket; its scope closes on disconnect. */
export function registerHandlers(socket: BerthSocket, hubs: Hubs): void {
  const scope = hubs.registry.scope(socket.id);
  socket.on('disconnect', () => {
    void hubs.registry.disposeOwner(socket.id);
  });
  registerSocketEvents(socket, socketEvents, hubs, scope);
}
