import type { Socket } from 'socket.io';
import type { z } from 'zod';
import type { Permission } from '@/lib/auth/roles';
import { LOCAL_ENVIRONMENT } from '@/lib/environments/types';
import {
  type AckError,
  type AckResult,
  type ClientEvent,
  type ClientEvents,
  type ClientToServerEvents,
  envSchema,
  type ServerToClientEvents,
  type SocketData,
} from '@/lib/realtime/contract';
import { recordAudit } from '@/server/audit/log';
import { authenticate, authorize, type Principal, type UserPrincipal } from '@/server/auth/guard';
import { withEnvironment } from '@/server/docker/client';
import { environmentExists } from '@/server/environments/store';
import { HttpError, toHttpError } from '@/server/http/errors';
import { parseWith } from '@/server/http/route';
import type { Hubs } from '@/server/realtime/handlers';
import { reserveSocketSlot, type SocketLimit, socketsOf } from '@/server/realtime/limits';
import type { OwnerScope } from '@/server/realtime/registry';

export type BerthSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;

/** What a handler returns once it has acknowledged early with `ctx.ack` (and went on working). */
export class Acked {
  readonly acked = true;
}
const ACKED = new Acked();

/** What a handler returns on success: the ack's result, or nothing for the events that only act. */
// biome-ignore lint/suspicious/noConfusingVoidType: the handler of an event that only acts is a void function.
type Reply<R> = R extends null ? void : R;
type PayloadOf<S> = S extends z.ZodType ? z.output<S> : undefined;
type Payload<K extends ClientEvent> = ClientEvents[K]['payload'];
type ResultOf<K extends ClientEvent> = ClientEvents[K]['result'];

export interface SocketContext<P, R> {
  /** The payload, parsed with the event's schema: its output type, defaults applied. */
  payload: P;
  principal: UserPrincipal;
  socket: BerthSocket;
  hubs: Hubs;
  /** Everything this socket owns: add each stream, session or job here, and nowhere else. */
  scope: OwnerScope;
  ip: string;
  /** Acknowledges now, before the handler is done (a subscription's id goes out before its backlog). */
  ack: (result: Reply<R>) => Acked;
  /**
   * Throws when the socket disconnected during the last await. Called after every await that comes before
   * opening an engine stream or process, so nothing is opened for a socket that is gone.
   */
  alive: () => void;
}

export interface SocketEventSpec<K extends ClientEvent> {
  event: K;
  permission: Permission;
  /** Absent for events without a payload (the client sends only the ack). */
  schema: z.ZodType<unknown, Payload<K>> | undefined;
  /**
   * The audit action for a malformed payload (or a refusal at its limit) of a user allowed to send the event, for events whose handler
   * audits what it does (the target is read from the raw payload's `containerId` or `reference`).
   */
  auditRefusal?: string;
  /** A per-user bound on what the event opens: a slot is taken before the handler runs (see `dispatch`). */
  limit?: SocketLimit;
  run: (ctx: SocketContext<unknown, ResultOf<K>>) => Promise<Reply<ResultOf<K>> | Acked>;
}

/**
 * One socket event, as `route()` is one HTTP route: its name in the contract, its permission, the zod schema
 * of its payload (the handler's payload type is inferred from it, and its input must be the contract's
 * payload), and the handler, whose result is what the contract's ack carries. Authentication,
 * authorization, parsing and the ack/error convention are the dispatcher's (`registerSocketEvents`).
 */
export function socketEvent<
  K extends ClientEvent,
  S extends z.ZodType<unknown, Payload<K>> | undefined = undefined,
>(
  event: K,
  spec: {
    permission: Permission;
    schema?: S;
    auditRefusal?: string;
    limit?: SocketLimit;
    handler: (
      ctx: SocketContext<PayloadOf<S>, ResultOf<K>>,
    ) => Promise<Reply<ResultOf<K>> | Acked> | Reply<ResultOf<K>> | Acked;
  },
): SocketEventSpec<K> {
  return {
    event,
    permission: spec.permission,
    schema: spec.schema,
    ...(spec.auditRefusal ? { auditRefusal: spec.auditRefusal } : {}),
    ...(spec.limit ? { limit: spec.limit } : {}),
    // The dispatcher parsed the payload with `spec.schema` before calling: it is that schema's output.
    run: async (ctx) => spec.handler(ctx as SocketContext<PayloadOf<S>, ResultOf<K>>),
  };
}

/** The table every client event of the contract has exactly one entry in, under its own name. */
export type SocketEventTable = { [K in ClientEvent]: SocketEventSpec<K> };

/** What `ctx.alive()` throws for a socket that disconnected: nothing is left to answer, but audits say it. */
export class SocketGone extends HttpError {
  constructor() {
    super(409, 'conflict', 'The socket disconnected');
  }
}

function failure(err: unknown): AckError {
  const e = toHttpError(err);
  return {
    ok: false,
    error: e.message,
    code: e.code,
    ...(e.fields ? { fields: e.fields } : {}),
    ...(e.limit ? { limit: e.limit } : {}),
  };
}

function success(result: unknown): AckResult<unknown> {
  return { ok: true, ...(typeof result === 'object' ? result : {}) };
}

/**
 * The environment a raw payload names (absent: `local`), or why it cannot be served: a malformed id is a 400
 * naming `payload.env`, an unknown one a 404 naming it. Read from the raw payload so that every event's own
 * schema stays as it is.
 */
export function payloadEnvironment(raw: unknown): { env: string } | { error: HttpError } {
  const given = typeof raw === 'object' && raw !== null ? (raw as { env?: unknown }).env : undefined;
  const parsed = envSchema.safeParse(given);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? 'Invalid value';
    return {
      error: new HttpError(400, 'bad_request', `Invalid request: payload.env: ${message}`, [
        { path: 'payload.env', message },
      ]),
    };
  }
  const env = parsed.data ?? LOCAL_ENVIRONMENT;
  if (!environmentExists(env))
    return { error: new HttpError(404, 'not_found', `Environment ${env} not found`) };
  return { env };
}

function rawTarget(raw: unknown): string {
  if (typeof raw !== 'object' || raw === null) return '';
  const r = raw as { containerId?: unknown; reference?: unknown };
  return String(r.containerId ?? r.reference ?? '');
}

/**
 * Registers every event of `table` on a connected socket. The ack/error convention, the same for every
 * event: a trailing function argument is the ack; success acks `{ ok: true, ...result }`; a malformed payload
 * (naming the field), a permission denial or an engine error acks `{ ok: false, error, code, fields? }`, or,
 * when the client sent no ack (or the handler had already acknowledged), is emitted as one `event:error`.
 * An event with a `limit` is refused at the user's bound with `{ ok: false, error, code: 'limit', limit }`.
 * Every packet re-checks the session, so a logged-out or disabled user's socket is dropped at once.
 */
export function registerSocketEvents(
  socket: BerthSocket,
  table: SocketEventTable,
  hubs: Hubs,
  scope: OwnerScope,
): void {
  const ip = socket.handshake.address;
  for (const spec of Object.values(table) as SocketEventSpec<ClientEvent>[]) {
    const event = spec.event;
    // The contract's listener types differ per event; the dispatcher takes every one as raw arguments.
    (socket as unknown as Socket).on(event, (...args: unknown[]) => {
      void dispatch(event, spec, args);
    });
  }

  /**
   * Everything of an event, its authorization included (a user's role may differ per environment), runs in
   * the engine scope of the environment its payload names: engine calls, and errors naming the engine.
   */
  function dispatch(event: ClientEvent, spec: SocketEventSpec<ClientEvent>, args: unknown[]) {
    let target: ReturnType<typeof payloadEnvironment>;
    try {
      target = payloadEnvironment(typeof args[0] === 'function' ? undefined : args[0]);
    } catch (err) {
      // The store could not be read: answered as any failure is, never thrown out of the listener.
      target = { error: toHttpError(err) };
    }
    const env = 'env' in target ? target.env : LOCAL_ENVIRONMENT;
    return withEnvironment(env, () => dispatchIn(event, spec, args, 'error' in target ? target.error : null));
  }

  async function dispatchIn(
    event: ClientEvent,
    spec: SocketEventSpec<ClientEvent>,
    args: unknown[],
    envError: HttpError | null,
  ) {
    const last = args.at(-1);
    const ack = typeof last === 'function' ? (last as (result: AckResult<unknown>) => void) : null;
    let acked = false;
    // A slot of the event's limit, held from before the handler runs until it acknowledges (it has registered
    // what it opened in the scope, which counts from then on) or fails.
    let releaseSlot = () => {};
    const reply = (result: AckResult<unknown>) => {
      acked = true;
      releaseSlot();
      ack?.(result);
    };
    const fail = (err: unknown) => {
      const body = failure(err);
      if (body.code === 'internal') console.error(`[realtime] ${event}:`, err);
      if (ack && !acked) reply(body);
      else if (socket.connected) {
        const { ok: _ok, ...error } = body;
        socket.emit('event:error', { event, ...error });
      }
    };
    const h = socket.request.headers;
    let principal: Principal = { kind: 'anonymous' };
    let refusable = false;
    try {
      principal = authenticate({
        cookie: h.cookie,
        authorization: h.authorization,
        ip: socket.handshake.address,
      });
      if (principal.kind !== 'user') {
        socket.disconnect(true);
        return;
      }
      if (envError) throw envError;
      authorize(principal, spec.permission);
      refusable = true;
      const payload = spec.schema ? parseWith(spec.schema, args[0], 'payload') : undefined;
      refusable = false;
      if (spec.limit) {
        // A refusal at the limit is audited as a malformed payload is (the handler never ran).
        refusable = true;
        const owners = socketsOf(socket.nsp.sockets.values(), socket.data.userId);
        releaseSlot = reserveSocketSlot(hubs.registry, scope, owners, spec.limit);
        refusable = false;
      }
      const result = await spec.run({
        payload,
        principal,
        socket,
        hubs,
        scope,
        ip,
        ack: (r) => {
          if (!acked) reply(success(r));
          return ACKED;
        },
        alive: () => {
          if (scope.closed) throw new SocketGone();
        },
      });
      if (!acked && !(result instanceof Acked)) reply(success(result));
    } catch (err) {
      if (spec.auditRefusal && refusable && principal.kind === 'user') {
        recordAudit({
          user: principal.user,
          ip,
          action: spec.auditRefusal,
          target: rawTarget(args[0]),
          command: '',
          result: 'error',
          error: toHttpError(err).message,
        });
      }
      fail(err);
    } finally {
      releaseSlot();
    }
  }
}
