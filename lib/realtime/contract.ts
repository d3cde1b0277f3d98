import { z } from 'zod';
import type { LogLine } from '@/lib/containers/types';
import type { Health } from '@/lib/engine/types';
import type { EngineEvent } from '@/lib/events/types';
import type { AttachStart, ExecAck, ExecInput, ExecResize, ExecStart } from '@/lib/exec/types';
import type { ApiErrorCode, FieldError } from '@/lib/http/envelope';
import type { BuildRequest, BuildResult } from '@/lib/images/build';
import type { ProgressSnapshot } from '@/lib/images/progress';
import type { LimitInfo } from '@/lib/settings/limits';
import type { StackRun } from '@/lib/stacks/schemas';
import type { StackActionResult } from '@/lib/stacks/types';
import type { StatsSample } from '@/lib/stats/compute';
import type { OverviewSnapshot } from '@/lib/stats/overview';

/**
 * The socket.io contract shared by browser and server. Every payload the server receives is parsed with its
 * zod schema (the payload types below are inferred from them), and every event goes through one dispatcher
 * (server/realtime/socket-event.ts) with the same guard as the HTTP routes.
 *
 * Acks, the same for every event: a client may end any emit with an ack. Success acks `{ ok: true, ...result }`
 * (`result` below; only `{ ok: true }` where it is null). A malformed payload (the error names the field, as
 * `payload.containerId: ...`), a permission denial or an engine error acks `{ ok: false, error, code }`; when
 * the client sent no ack, the same failure comes as one `event:error` naming the event instead.
 */
export interface AckError {
  ok: false;
  error: string;
  code: ApiErrorCode;
  fields?: FieldError[];
  /** With code `limit`: which per-user bound refused, its value and the setting that raises it. */
  limit?: LimitInfo;
}
export type AckResult<T> = ({ ok: true } & (T extends null ? unknown : T)) | AckError;
export type Ack<T = null> = (result: AckResult<T>) => void;

/**
 * The environment (engine) an event is about: any client payload that reaches an engine may name it; absent
 * means `local`. The dispatcher reads it from the raw payload, so every event's own schema stays as it is.
 */
export const envSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'Not an environment id')
  .optional();
export interface EnvScoped {
  env?: string;
}
/** `env` on a payload, or the whole payload of an event that had none (`engine:status`, `events:subscribe`…). */
type WithEnv<P> = P extends undefined ? EnvScoped | undefined : P & EnvScoped;

export const logsSubscribeSchema = z.object({
  containerId: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/, 'Not a container id or name'),
  /** Lines of backlog; ignored when `since` is given (a reconnect resumes from the last line seen). */
  tail: z.union([z.number().int().min(0).max(10_000_000), z.literal('all')]).default(500),
  since: z
    .string()
    .regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:\d\d)$/, 'Not an RFC 3339 time')
    .optional(),
});
export type LogsSubscribe = z.input<typeof logsSubscribeSchema>;

/** `docker service logs --follow`: a Swarm service's tasks merged, each line naming its task (`LogLine.task`). */
export const serviceLogsSubscribeSchema = z.object({
  serviceId: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/, 'Not a service id or name'),
  tail: z.union([z.number().int().min(0).max(100_000), z.literal('all')]).default(200),
  since: z
    .string()
    .regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:\d\d)$/, 'Not an RFC 3339 time')
    .optional(),
  /** Another environment's engine (a swarm manager); the current one when absent. */
  env: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,31}$/)
    .optional(),
});
export type ServiceLogsSubscribe = z.input<typeof serviceLogsSubscribeSchema>;

export const statsSubscribeSchema = z.object({
  containerId: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/, 'Not a container id or name'),
});
export type StatsSubscribe = z.input<typeof statsSubscribeSchema>;

/** Pull or push: the reference is normalised on the server (bad ones are refused with the reason). */
export const imageTransferSchema = z.object({
  reference: z.string().min(1, 'An image reference is required').max(512),
  registryId: z.number().int().positive().optional(),
});
export type ImageTransfer = z.input<typeof imageTransferSchema>;

export const subscriptionIdSchema = z.object({ id: z.string().min(1).max(64) });
export type SubscriptionId = z.input<typeof subscriptionIdSchema>;

export interface ServerToClientEvents {
  /**
   * To events subscribers, when the engine becomes reachable or unreachable. These three name the
   * environment: one socket may watch several engines.
   */
  'engine:status': (status: Health['engine'] & { env: string }) => void;
  'engine:event': (event: EngineEvent & { env: string }) => void;
  /** The engine stream was re-established: events may have been missed, re-list everything. */
  'engine:resync': (e: { env: string }) => void;
  'logs:lines': (batch: { id: string; lines: LogLine[] }) => void;
  'logs:end': (e: { id: string; reason: string }) => void;
  'exec:output': (e: { id: string; data: string }) => void;
  'stats:sample': (e: { id: string; sample: StatsSample }) => void;
  'stats:end': (e: { id: string; reason: string }) => void;
  'overview:snapshot': (e: { id: string; snapshot: OverviewSnapshot }) => void;
  'exec:exit': (e: { id: string; exitCode: number | null; message?: string }) => void;
  /** A failure of a request the client sent without an ack (see the ack convention above). */
  'event:error': (e: { event: ClientEvent } & Omit<AckError, 'ok'>) => void;
  /** Pull/push progress, throttled; the last one for an id has `state` other than running. */
  'image:progress': (e: { id: string; snapshot: ProgressSnapshot }) => void;
  'build:output': (e: { id: string; lines: string[] }) => void;
  'build:end': (e: { id: string; result: BuildResult }) => void;
  /** What Compose prints while a stack action runs (stdout and stderr lines, in order, batched). */
  'stack:output': (e: { id: string; lines: string[] }) => void;
  'stack:end': (e: { id: string; result: StackActionResult }) => void;
}

/**
 * Every event a client may send: its payload (undefined: the client sends only the ack) and what the success
 * ack carries (null: nothing but `ok: true`; such events may be sent without an ack).
 */
interface ClientEventTable {
  'engine:status': { payload: undefined; result: { engine: Health['engine'] } };
  /** The ack carries the engine's status as of the subscription: later changes come as `engine:status`. */
  'events:subscribe': { payload: undefined; result: { id: string; engine: Health['engine'] } };
  /** Stops watching one engine's events (another environment now); a disconnect ends them all anyway. */
  'events:unsubscribe': { payload: SubscriptionId; result: null };
  'logs:subscribe': { payload: LogsSubscribe; result: { id: string } };
  'logs:unsubscribe': { payload: SubscriptionId; result: null };
  'exec:start': { payload: ExecStart; result: TerminalStarted };
  /** `docker attach`; the session then speaks the exec:* events (input, resize, ack, close, output, exit). */
  'attach:start': { payload: AttachStart; result: TerminalStarted };
  'exec:input': { payload: ExecInput; result: null };
  'exec:resize': { payload: ExecResize; result: null };
  /** Total bytes of output the terminal has written so far (flow control). */
  'exec:ack': { payload: ExecAck; result: null };
  'exec:close': { payload: SubscriptionId; result: null };
  'stats:subscribe': { payload: StatsSubscribe; result: { id: string } };
  'stats:unsubscribe': { payload: SubscriptionId; result: null };
  /** The stats overview of every running container (one shared sampler, not one stream each). */
  'overview:subscribe': { payload: undefined; result: { id: string } };
  'overview:unsubscribe': { payload: SubscriptionId; result: null };
  'image:pull': { payload: ImageTransfer; result: ImageTransferStarted };
  'image:push': { payload: ImageTransfer; result: ImageTransferStarted };
  /** Stops watching; the engine pull or push is cancelled once nobody watches it. */
  'image:cancel': { payload: SubscriptionId; result: null };
  /** A build belongs to the socket that started it: cancel, disconnect or shutdown stop it. */
  'build:start': { payload: BuildRequest; result: { id: string; command: string } };
  'build:cancel': { payload: SubscriptionId; result: null };
  /** A stack action (`docker compose …`) with live output; it belongs to the socket that started it. */
  'stack:run': { payload: StackRun; result: { id: string; command: string } };
  /** Stops the Compose process (SIGINT, as Ctrl-C in a terminal would). */
  'stack:cancel': { payload: SubscriptionId; result: null };
  /** A Swarm service's merged log, as `logs:lines` (each line's `task` set) ending with `logs:end`. */
  'service-logs:subscribe': { payload: ServiceLogsSubscribe; result: { id: string } };
  'service-logs:unsubscribe': { payload: SubscriptionId; result: null };
}
/**
 * The table above, each payload with its optional `env` (authorization is judged by the user's role in that
 * environment, so the by-id events carry it too). The events without a payload of their own take `{ env }`
 * or nothing (an ack-only call, as older callers send, is `local`).
 */
export type ClientEvents = {
  [K in keyof ClientEventTable]: {
    payload: WithEnv<ClientEventTable[K]['payload']>;
    result: ClientEventTable[K]['result'];
  };
};
export type ClientEvent = keyof ClientEvents;

type ClientSignature<E extends { payload: unknown; result: unknown }> = E['payload'] extends undefined
  ? (ack: Ack<E['result']>) => void
  : undefined extends E['payload']
    ? (...args: [ack: Ack<E['result']>] | [payload: NonNullable<E['payload']>, ack: Ack<E['result']>]) => void
    : E['result'] extends null
      ? (payload: E['payload'], ack?: Ack) => void
      : (payload: E['payload'], ack: Ack<E['result']>) => void;

export type ClientToServerEvents = { [K in ClientEvent]: ClientSignature<ClientEvents[K]> };

export interface TerminalStarted {
  id: string;
  command: string;
  /** attach only: the container's stdin is closed, or would close for good when the viewer leaves. */
  readOnly?: boolean;
}

export interface ImageTransferStarted {
  id: string;
  /** The normalised reference, as the CLI prints it. */
  reference: string;
  command: string;
  snapshot: ProgressSnapshot;
}

/** Every event a client may send, each once (checked against the contract both ways, by `satisfies`). */
const clientEventNames = {
  'engine:status': true,
  'events:subscribe': true,
  'events:unsubscribe': true,
  'logs:subscribe': true,
  'logs:unsubscribe': true,
  'exec:start': true,
  'attach:start': true,
  'exec:input': true,
  'exec:resize': true,
  'exec:ack': true,
  'exec:close': true,
  'stats:subscribe': true,
  'stats:unsubscribe': true,
  'overview:subscribe': true,
  'overview:unsubscribe': true,
  'image:pull': true,
  'image:push': true,
  'image:cancel': true,
  'build:start': true,
  'build:cancel': true,
  'stack:run': true,
  'stack:cancel': true,
  'service-logs:subscribe': true,
  'service-logs:unsubscribe': true,
} as const satisfies Record<ClientEvent, true>;

/** The guard test walks this list, so a new event cannot skip it. */
export const CLIENT_EVENTS = Object.keys(clientEventNames) as ClientEvent[];

/** What the server keeps on each socket once the handshake is authenticated. */
export interface SocketData {
  userId: number;
  sessionHash: string | null;
  tokenId: number | null;
}

export { SOCKET_PATH } from '@/lib/realtime/path';
