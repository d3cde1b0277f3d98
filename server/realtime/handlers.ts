import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io';
import type { Permission } from '@/lib/auth/roles';
import type { LogLine } from '@/lib/containers/types';
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
  type Ack,
  type ClientToServerEvents,
  logsSubscribeSchema,
  type ServerToClientEvents,
  type SocketData,
  statsSubscribeSchema,
  subscriptionIdSchema,
} from '@/lib/realtime/contract';
import type { StatsSample } from '@/lib/stats/compute';
import { recordAudit } from '@/server/audit/log';
import { asUser, authenticate, authorize, type UserPrincipal } from '@/server/auth/guard';
import { inspectContainer } from '@/server/docker/containers';
import { health } from '@/server/docker/engine';
import { type LogStream, openLogStream } from '@/server/docker/logs';
import { HttpError, toHttpError } from '@/server/http/errors';
import { parseWith } from '@/server/http/route';
import { AttachSession } from '@/server/realtime/attach';
import type { EngineEventMessage } from '@/server/realtime/engine-events';
import { ExecSession, execCreateBody } from '@/server/realtime/exec';
import { registerImageHandlers } from '@/server/realtime/image-handlers';
import type { OverviewSampler } from '@/server/realtime/overview';
import type { SubscriptionRegistry } from '@/server/realtime/registry';
import type { SharedStreams } from '@/server/realtime/shared-stream';
import type { TerminalEvents, TerminalSession } from '@/server/realtime/terminal-session';
import { enforceExecCreate } from '@/server/security/enforce';

export type BerthSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;

export interface Hubs {
  events: SharedStreams<EngineEventMessage>;
  logs: SharedStreams<LogLine>;
  stats: SharedStreams<StatsSample>;
  overview: OverviewSampler;
  registry: SubscriptionRegistry;
}

/** Batches live lines so a burst costs one message per flush, not one per line. */
const LOG_FLUSH_MS = 100;
const LOG_BATCH_MAX = 2_000;

function check(socket: BerthSocket, permission: Permission) {
  const h = socket.request.headers;
  return authorize(authenticate({ cookie: h.cookie, authorization: h.authorization }), permission);
}

function failure(err: unknown) {
  return { ok: false as const, error: toHttpError(err).message };
}

/** Registers every client event of the contract on a connected socket, each behind its permission. */
export function registerHandlers(socket: BerthSocket, hubs: Hubs): void {
  socket.on('engine:status', async (ack) => {
    if (typeof ack !== 'function') return;
    try {
      check(socket, 'engine:read');
      ack((await health()).engine);
    } catch (err) {
      socket.emit('error:denied', { message: toHttpError(err).message });
    }
  });

  socket.on('events:subscribe', async (ack) => {
    if (typeof ack !== 'function') return;
    try {
      check(socket, 'engine:read');
      const off = hubs.events.subscribe('engine', (msg) => {
        if (msg.kind === 'event') socket.emit('engine:event', msg.event);
        else if (msg.kind === 'status') socket.emit('engine:status', msg.status);
        else socket.emit('engine:resync');
      });
      hubs.registry.add(socket.id, off);
      // Asked after subscribing: a change from here on arrives as engine:status, so none falls in between.
      ack({ ok: true, engine: (await health()).engine });
    } catch (err) {
      ack(failure(err));
    }
  });

  const logSubs = new Map<string, () => Promise<void>>();
  socket.on('logs:subscribe', async (payload, ack) => {
    if (typeof ack !== 'function') return;
    try {
      check(socket, 'containers:read');
      const input = parseWith(logsSubscribeSchema, payload, 'payload');
      // One upstream per container, whether viewers name it by name, short id or full id.
      const containerId = (await inspectContainer(input.containerId)).Id;
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
        containerId,
        (line) => {
          pending.push(line);
          if (backlogDone && !timer) timer = setTimeout(flush, LOG_FLUSH_MS);
        },
        (reason) => {
          // A stopped container's follow stream ends at once: its backlog is still sent, then the end.
          ended = () => {
            flush();
            socket.emit('logs:end', { id, reason: reason ? toHttpError(reason).message : 'stream ended' });
            void release();
          };
          if (backlogDone) ended();
        },
      );
      let backlog: LogStream | null = null;
      const release = hubs.registry.add(socket.id, () => {
        if (timer) clearTimeout(timer);
        backlog?.close();
        off();
        logSubs.delete(id);
      });
      logSubs.set(id, release);
      ack({ ok: true, id });

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
      if (!logSubs.has(id)) backlog.close();
      await backlog.done.finally(() => paused?.off());
      sendBatch();
      backlogDone = true;
      if (ended) ended();
      else flush();
    } catch (err) {
      ack(failure(err));
    }
  });

  socket.on('logs:unsubscribe', (payload) => {
    const parsed = subscriptionIdSchema.safeParse(payload);
    if (parsed.success) void logSubs.get(parsed.data.id)?.();
  });

  registerExecHandlers(socket, hubs);
  registerImageHandlers(socket, hubs.registry);

  const statsSubs = new Map<string, () => Promise<void>>();
  socket.on('stats:subscribe', async (payload, ack) => {
    if (typeof ack !== 'function') return;
    try {
      check(socket, 'containers:read');
      const input = parseWith(statsSubscribeSchema, payload, 'payload');
      const containerId = (await inspectContainer(input.containerId)).Id;
      const id = randomUUID();
      const off = hubs.stats.subscribe(
        containerId,
        (sample) => socket.emit('stats:sample', { id, sample }),
        (reason) => {
          socket.emit('stats:end', { id, reason: reason ? toHttpError(reason).message : 'stream ended' });
          void release();
        },
      );
      const release = hubs.registry.add(socket.id, () => {
        off();
        statsSubs.delete(id);
      });
      statsSubs.set(id, release);
      ack({ ok: true, id });
    } catch (err) {
      ack(failure(err));
    }
  });
  socket.on('stats:unsubscribe', (payload) => {
    const parsed = subscriptionIdSchema.safeParse(payload);
    if (parsed.success) void statsSubs.get(parsed.data.id)?.();
  });

  const overviewSubs = new Map<string, () => Promise<void>>();
  socket.on('overview:subscribe', (ack) => {
    if (typeof ack !== 'function') return;
    try {
      check(socket, 'containers:read');
      const id = randomUUID();
      // The id goes out before the first snapshot, which the sampler may hand over at once.
      ack({ ok: true, id });
      const off = hubs.overview.subscribe((snapshot) => socket.emit('overview:snapshot', { id, snapshot }));
      const release = hubs.registry.add(socket.id, () => {
        off();
        overviewSubs.delete(id);
      });
      overviewSubs.set(id, release);
    } catch (err) {
      ack(failure(err));
    }
  });
  socket.on('overview:unsubscribe', (payload) => {
    const parsed = subscriptionIdSchema.safeParse(payload);
    if (parsed.success) void overviewSubs.get(parsed.data.id)?.();
  });
}

/** Interactive terminals (exec and attach): each session belongs to its socket and ends with it. */
function registerExecHandlers(socket: BerthSocket, hubs: Hubs): void {
  const sessions = new Map<string, TerminalSession>();
  const ip = socket.handshake.address;

  /**
   * Opens one terminal session: permission, a running container, audit of start and end, disposal with the
   * socket. `prepare` checks the input and returns the CLI line and the session; nothing is sent to the
   * browser before the ack that tells it the session id (a fast command's output and exit wait, in order).
   */
  async function open(
    kind: 'exec' | 'attach',
    payload: unknown,
    ack: Ack<{ id: string; command: string; readOnly?: boolean }>,
    prepare: (
      principal: UserPrincipal,
      info: Awaited<ReturnType<typeof inspectContainer>>,
      events: TerminalEvents,
      name: string,
    ) => { command: string; session: TerminalSession; start: () => Promise<void> },
  ) {
    let principal: UserPrincipal | null = null;
    let command = '';
    try {
      principal = asUser(check(socket, 'containers:exec'));
      const { containerId } = parseWith(attachStartSchema.pick({ containerId: true }), payload, 'payload');
      const info = await inspectContainer(containerId);
      const name = info.Name.replace(/^\//, '');
      if (!info.State.Running) throw new HttpError(409, 'conflict', `Container ${name} is not running`);
      const user = principal.user;
      let announce: () => void = () => {};
      const announced = new Promise<void>((resolve) => {
        announce = resolve;
      });
      let session: TerminalSession | null = null;
      const disposer = () => session?.close() ?? Promise.resolve();
      const prepared = prepare(
        principal,
        info,
        {
          output: (data) =>
            void announced.then(() => session && socket.emit('exec:output', { id: session.id, data })),
          exit: (exitCode, message) => {
            const id = session?.id ?? '';
            void announced.then(() =>
              socket.emit('exec:exit', { id, exitCode, ...(message ? { message } : {}) }),
            );
            sessions.delete(id);
            void hubs.registry.release(socket.id, disposer);
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
      // Registered once started: a failed start leaves nothing to dispose.
      hubs.registry.add(socket.id, disposer);
      sessions.set(session.id, session);
      recordAudit({ user, ip, action: `${kind}.start`, target: name, command, result: 'ok' });
      ack({ ok: true, id: session.id, command, ...(session.acceptsInput ? {} : { readOnly: true }) });
      announce();
    } catch (err) {
      if (principal) {
        recordAudit({
          user: principal.user,
          ip,
          action: `${kind}.start`,
          target: String((payload as { containerId?: unknown })?.containerId ?? ''),
          command,
          result: 'error',
          error: toHttpError(err).message,
        });
      }
      ack(failure(err));
    }
  }

  socket.on('exec:start', async (payload, ack) => {
    if (typeof ack !== 'function') return;
    await open('exec', payload, ack, (principal, info, events, name) => {
      const input = parseWith(execStartSchema, payload, 'payload');
      const body = execCreateBody({ ...input, containerId: info.Id });
      enforceExecCreate(principal, body);
      const session = new ExecSession({ ...input, containerId: info.Id }, events);
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
    });
  });

  socket.on('attach:start', async (payload, ack) => {
    if (typeof ack !== 'function') return;
    await open('attach', payload, ack, (_principal, info, events, name) => {
      const input = parseWith(attachStartSchema, payload, 'payload');
      const session = new AttachSession(info.Id, input, events);
      return {
        command: renderAttachCommand(name),
        session,
        start: () => session.start(),
      };
    });
  });

  socket.on('exec:input', (payload) => {
    const parsed = execInputSchema.safeParse(payload);
    if (parsed.success) sessions.get(parsed.data.id)?.write(parsed.data.data);
  });
  socket.on('exec:resize', (payload) => {
    const parsed = execResizeSchema.safeParse(payload);
    if (parsed.success)
      void sessions
        .get(parsed.data.id)
        ?.resize(parsed.data.cols, parsed.data.rows)
        .catch(() => {});
  });
  socket.on('exec:ack', (payload) => {
    const parsed = execAckSchema.safeParse(payload);
    if (parsed.success) sessions.get(parsed.data.id)?.ack(parsed.data.bytes);
  });
  socket.on('exec:close', (payload) => {
    const parsed = subscriptionIdSchema.safeParse(payload);
    if (parsed.success) void sessions.get(parsed.data.id)?.close();
  });
}
