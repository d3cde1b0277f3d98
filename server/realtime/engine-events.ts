import type { Health } from '@/lib/engine/types';
import type { EngineEvent } from '@/lib/events/types';
import { health } from '@/server/docker/engine';
import { followEvents } from '@/server/docker/events';
import type { FollowedStream } from '@/server/docker/json-lines';
import type { Opener } from '@/server/realtime/shared-stream';

export type EngineEventMessage =
  | { kind: 'event'; event: EngineEvent }
  | { kind: 'resync' }
  | { kind: 'status'; status: Health['engine'] };

/** "seconds.nanoseconds", the form the engine's `since` takes. */
function sinceOf(timeNano: string): string {
  const padded = timeNano.padStart(10, '0');
  return `${padded.slice(0, -9) || '0'}.${padded.slice(-9)}`;
}

/**
 * The engine's event stream, kept open: when it drops (engine restart), it reconnects with `since` the last
 * event seen and tells listeners to re-list, because the daemon keeps only its last 256 events and the gap
 * may have lost some. It also tells them when the engine's reachability changes (the stream dropped or could
 * not connect, then connected again), so an open tab learns it without polling /api/health.
 */
export function engineEventsOpener(): Opener<EngineEventMessage> {
  return (emit) => {
    let closed = false;
    let current: FollowedStream | null = null;
    let last: string | null = null;
    let delay = 500;
    let timer: NodeJS.Timeout | null = null;
    /** What the stream last told of the engine; null until the first connect (subscribers ask health then). */
    let reachable: boolean | null = null;
    let checks = 0;

    /** Asks the engine itself: a dropped stream alone does not prove it is gone. The latest check wins. */
    const checkStatus = async () => {
      const check = ++checks;
      const status = (await health()).engine;
      if (closed || check !== checks || status.reachable === reachable) return;
      reachable = status.reachable;
      emit({ kind: 'status', status });
    };

    const connect = async (isReconnect: boolean) => {
      if (closed) return;
      try {
        const stream = await followEvents(last ? sinceOf(last) : null, (event) => {
          last = event.timeNano;
          emit({ kind: 'event', event });
        });
        if (closed) {
          stream.close();
          return;
        }
        current = stream;
        delay = 500;
        if (isReconnect) emit({ kind: 'resync' });
        if (reachable === false) void checkStatus();
        else {
          checks++; // a check started before this connect is out of date
          reachable = true;
        }
        const retry = () => {
          if (current === stream) current = null;
          void checkStatus();
          schedule();
        };
        stream.done.then(retry, retry);
      } catch {
        if (reachable === null) reachable = false;
        else if (reachable) void checkStatus();
        schedule();
      }
    };
    const schedule = () => {
      if (closed || timer) return;
      timer = setTimeout(() => {
        timer = null;
        void connect(true);
      }, delay);
      delay = Math.min(delay * 2, 10_000);
    };

    void connect(false);
    return {
      close: () => {
        closed = true;
        if (timer) clearTimeout(timer);
        current?.close();
      },
    };
  };
}
