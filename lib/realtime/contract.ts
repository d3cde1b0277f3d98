import { z } from 'zod';
import type { LogLine } from '@/lib/containers/types';
import type { Health } from '@/lib/engine/types';
import type { EngineEvent } from '@/lib/events/types';
import type { AttachStart, ExecStart } from '@/lib/exec/types';
import type { BuildRequest, BuildResult } from '@/lib/images/build';
import type { ProgressSnapshot } from '@/lib/images/progress';
import type { StatsSample } from '@/lib/stats/compute';
import type { OverviewSnapshot } from '@/lib/stats/overview';

/**
 * The socket.io contract shared by browser and server. Every payload the server receives is parsed with the
 * zod schema below before use; every event goes through the same guard as the HTTP routes.
 */
export type Ack<T> = (result: ({ ok: true } & T) | { ok: false; error: string }) => void;

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

export const statsSubscribeSchema = z.object({
  containerId: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/, 'Not a container id or name'),
});

/** Pull or push: the reference is normalised on the server (bad ones are refused with the reason). */
export const imageTransferSchema = z.object({
  reference: z.string().min(1, 'An image reference is required').max(512),
  registryId: z.number().int().positive().optional(),
});
export type ImageTransfer = z.input<typeof imageTransferSchema>;

export const subscriptionIdSchema = z.object({ id: z.string().min(1).max(64) });

export interface ServerToClientEvents {
  /** To events subscribers, when the engine becomes reachable or unreachable. */
  'engine:status': (status: Health['engine']) => void;
  'engine:event': (event: EngineEvent) => void;
  /** The engine stream was re-established: events may have been missed, re-list everything. */
  'engine:resync': () => void;
  'logs:lines': (batch: { id: string; lines: LogLine[] }) => void;
  'logs:end': (e: { id: string; reason: string }) => void;
  'exec:output': (e: { id: string; data: string }) => void;
  'stats:sample': (e: { id: string; sample: StatsSample }) => void;
  'stats:end': (e: { id: string; reason: string }) => void;
  'overview:snapshot': (e: { id: string; snapshot: OverviewSnapshot }) => void;
  'exec:exit': (e: { id: string; exitCode: number | null; message?: string }) => void;
  'error:denied': (e: { message: string }) => void;
  /** Pull/push progress, throttled; the last one for an id has `state` other than running. */
  'image:progress': (e: { id: string; snapshot: ProgressSnapshot }) => void;
  'build:output': (e: { id: string; lines: string[] }) => void;
  'build:end': (e: { id: string; result: BuildResult }) => void;
}

export interface ClientToServerEvents {
  'engine:status': (ack: (status: Health['engine']) => void) => void;
  /** The ack carries the engine's status as of the subscription: later changes come as `engine:status`. */
  'events:subscribe': (ack: Ack<{ engine: Health['engine'] }>) => void;
  'logs:subscribe': (payload: LogsSubscribe, ack: Ack<{ id: string }>) => void;
  'logs:unsubscribe': (payload: { id: string }) => void;
  'exec:start': (payload: ExecStart, ack: Ack<{ id: string; command: string }>) => void;
  /** `docker attach`; the session then speaks the exec:* events (input, resize, ack, close, output, exit). */
  'attach:start': (
    payload: AttachStart,
    /** readOnly: the container's stdin is closed, or would close for good when the viewer leaves. */
    ack: Ack<{ id: string; command: string; readOnly?: boolean }>,
  ) => void;
  'exec:input': (payload: { id: string; data: string }) => void;
  'exec:resize': (payload: { id: string; cols: number; rows: number }) => void;
  /** Total bytes of output the terminal has written so far (flow control). */
  'exec:ack': (payload: { id: string; bytes: number }) => void;
  'exec:close': (payload: { id: string }) => void;
  'stats:subscribe': (payload: { containerId: string }, ack: Ack<{ id: string }>) => void;
  'stats:unsubscribe': (payload: { id: string }) => void;
  /** The stats overview of every running container (one shared sampler, not one stream each). */
  'overview:subscribe': (ack: Ack<{ id: string }>) => void;
  'overview:unsubscribe': (payload: { id: string }) => void;
  'image:pull': (payload: ImageTransfer, ack: Ack<ImageTransferStarted>) => void;
  'image:push': (payload: ImageTransfer, ack: Ack<ImageTransferStarted>) => void;
  /** Stops watching; the engine pull or push is cancelled once nobody watches it. */
  'image:cancel': (payload: { id: string }) => void;
  /** A build belongs to the socket that started it: cancel, disconnect or shutdown stop it. */
  'build:start': (payload: BuildRequest, ack: Ack<{ id: string; command: string }>) => void;
  'build:cancel': (payload: { id: string }) => void;
}

export interface ImageTransferStarted {
  id: string;
  /** The normalised reference, as the CLI prints it. */
  reference: string;
  command: string;
  snapshot: ProgressSnapshot;
}

/** Every event a client may send: the guard test walks this list, so a new event cannot skip it. */
export const CLIENT_EVENTS = [
  'engine:status',
  'events:subscribe',
  'logs:subscribe',
  'logs:unsubscribe',
  'exec:start',
  'attach:start',
  'exec:input',
  'exec:resize',
  'exec:ack',
  'exec:close',
  'stats:subscribe',
  'stats:unsubscribe',
  'overview:subscribe',
  'overview:unsubscribe',
  'image:pull',
  'image:push',
  'image:cancel',
  'build:start',
  'build:cancel',
] as const satisfies readonly (keyof ClientToServerEvents)[];

/** What the server keeps on each socket once the handshake is authenticated. */
export interface SocketData {
  userId: number;
  sessionHash: string | null;
  tokenId: number | null;
}

export const SOCKET_PATH = '/socket.io';
