import { serverContext } from '@/server/context';
import { sharedInEnvironment } from '@/server/docker/client';
import { listContainers } from '@/server/docker/containers';
import type { EngineEventMessage } from '@/server/realtime/engine-events';
import { envKey } from '@/server/realtime/shared-stream';

/** A running container as the followers see it (from `docker ps`, or from a `start` event's attributes). */
export interface RunningContainer {
  id: string;
  name: string;
  labels: Record<string, string>;
}

/** What `subscribe` of the shared engine events hub is (server/realtime: `hubs.events`). */
export type EventsSubscribe = (
  key: string,
  onItem: (msg: EngineEventMessage) => void,
  onEnd?: (reason?: Error) => void,
) => () => void;

export interface FollowRunningOptions {
  /** The running containers: listed once subscribed, on a resync, when asked (`rescan`) and after a reconnect. */
  onRunning: (containers: RunningContainer[]) => void | Promise<void>;
  /** A container started (its `start` event); called before `onMessage` of the same message. */
  onStart: (container: RunningContainer) => void;
  /** Every message of the environment's engine events stream, for listeners that want more than `start`. */
  onMessage?: (msg: EngineEventMessage) => void;
  /** Listing failed (the engine unreachable): told here, the next scan tries again. */
  onError?: (err: unknown) => void;
  /** False while nothing running is wanted: a scan then answers [] without asking the engine. */
  wantsRunning?: () => boolean;
  /** Stops listening (and any pending re-subscribe). */
  signal: AbortSignal;
  /** For tests: the hub's subscribe and the listing (default: the shared hub, `docker ps` of the environment). */
  subscribe?: EventsSubscribe;
  list?: (env: string) => Promise<RunningContainer[]>;
}

export interface RunningFollow {
  /** Lists what runs now and hands it to `onRunning` (also without an events hub: unit tests, build). */
  rescan: () => Promise<void>;
}

/** After the shared upstream ended (it reconnects by itself): the wait before listening again. */
export const RESUBSCRIBE_MS = 2000;

async function listRunning(env: string): Promise<RunningContainer[]> {
  const running = await sharedInEnvironment(env, () => listContainers({ all: false, state: 'running' }));
  return running.map((c) => ({ id: c.id, name: c.name, labels: c.labels }));
}

/**
 * "What runs, then what starts" over the one shared events stream of an environment: the running containers are
 * listed once the subscription is made (so a container starting in between is seen by one or the other, or
 * both: handlers must be idempotent), then every `start` event names one more. A resync of the stream (events
 * may have been missed) lists again; an ended upstream is listened to again after RESUBSCRIBE_MS, and listed.
 */
export function followRunning(env: string, opts: FollowRunningOptions): RunningFollow {
  const list = opts.list ?? listRunning;
  const hub = opts.subscribe ? null : serverContext().hubs?.events;
  const subscribe = opts.subscribe ?? (hub ? hub.subscribe.bind(hub) : null);
  let off: (() => void) | null = null;
  let retry: NodeJS.Timeout | null = null;

  const rescan = async () => {
    if (opts.signal.aborted) return;
    let running: RunningContainer[] = [];
    if (opts.wantsRunning?.() ?? true) {
      try {
        running = await list(env);
      } catch (err) {
        opts.onError?.(err);
        return;
      }
      if (opts.signal.aborted) return;
    }
    await opts.onRunning(running);
  };

  const onItem = (msg: EngineEventMessage) => {
    if (msg.kind === 'resync') void rescan();
    else if (msg.kind === 'event' && msg.event.type === 'container' && msg.event.action === 'start')
      opts.onStart({
        id: msg.event.id,
        name: msg.event.attributes.name ?? msg.event.name ?? '',
        labels: msg.event.attributes,
      });
    opts.onMessage?.(msg);
  };

  const listen = () => {
    if (opts.signal.aborted) return;
    // No hub (no socket server): what runs is still listed; nothing starts later.
    off =
      subscribe?.(envKey(env, 'engine'), onItem, () => {
        off = null;
        if (opts.signal.aborted || retry) return;
        retry = setTimeout(() => {
          retry = null;
          listen();
        }, RESUBSCRIBE_MS);
        retry.unref();
      }) ?? null;
    void rescan();
  };

  opts.signal.addEventListener(
    'abort',
    () => {
      off?.();
      off = null;
      if (retry) clearTimeout(retry);
      retry = null;
    },
    { once: true },
  );
  listen();
  return { rescan };
}
