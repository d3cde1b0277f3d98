import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EngineEventMessage } from '@/server/realtime/engine-events';
import {
  type EventsSubscribe,
  followRunning,
  RESUBSCRIBE_MS,
  type RunningContainer,
} from '@/server/realtime/follow-running';

/** A fake events hub: the test sends messages and ends the upstream; subscriptions are counted. */
function fakeHub() {
  const subs: { key: string; onItem: (m: EngineEventMessage) => void; onEnd?: () => void; off: boolean }[] =
    [];
  const subscribe: EventsSubscribe = (key, onItem, onEnd) => {
    const sub = { key, onItem, onEnd, off: false };
    subs.push(sub);
    return () => {
      sub.off = true;
    };
  };
  const live = () => subs.filter((s) => !s.off);
  return {
    subs,
    live,
    subscribe,
    send: (m: EngineEventMessage) => {
      for (const s of live()) s.onItem(m);
    },
    end: () => {
      for (const s of live()) {
        s.off = true;
        s.onEnd?.();
      }
    },
  };
}

const web: RunningContainer = { id: 'c1', name: 'web', labels: { tier: 'front' } };
const start = (id: string, attributes: Record<string, string>): EngineEventMessage => ({
  kind: 'event',
  event: { type: 'container', action: 'start', id, name: null, timeNano: '1', attributes },
});
const flush = () => new Promise((r) => setImmediate(r));

afterEach(() => {
  vi.useRealTimers();
});

describe('followRunning', () => {
  it('lists what runs once subscribed, then names each started container before passing the message on', async () => {
    const hub = fakeHub();
    const calls: string[] = [];
    const list = vi.fn(async () => [web]);
    followRunning('e1', {
      signal: new AbortController().signal,
      subscribe: hub.subscribe,
      list,
      onRunning: (running) => {
        calls.push(`running ${running.map((c) => c.name).join(',')}`);
      },
      onStart: (c) => calls.push(`start ${c.id} ${c.name} ${c.labels.tier}`),
      onMessage: (m) => calls.push(`message ${m.kind}`),
    });
    expect(hub.live().map((s) => s.key)).toEqual(['e1\u0000engine']);
    await flush();
    expect(list).toHaveBeenCalledWith('e1');
    hub.send(start('c2', { name: 'api', tier: 'back' }));
    hub.send({
      kind: 'event',
      event: { type: 'image', action: 'pull', id: 'busybox', name: null, timeNano: '2', attributes: {} },
    });
    hub.send({
      kind: 'event',
      event: { type: 'container', action: 'die', id: 'c2', name: null, timeNano: '2', attributes: {} },
    });
    expect(calls).toEqual([
      'running web',
      'start c2 api back',
      'message event',
      'message event',
      'message event',
    ]);
  });

  it('lists again on a resync and when asked, and not at all while nothing running is wanted', async () => {
    const hub = fakeHub();
    let wanted = true;
    const seen: RunningContainer[][] = [];
    const list = vi.fn(async () => [web]);
    const follow = followRunning('local', {
      signal: new AbortController().signal,
      subscribe: hub.subscribe,
      list,
      wantsRunning: () => wanted,
      onRunning: (running) => {
        seen.push(running);
      },
      onStart: () => {},
    });
    await flush();
    hub.send({ kind: 'resync' });
    await flush();
    expect(list).toHaveBeenCalledTimes(2);
    wanted = false;
    await follow.rescan();
    expect(list).toHaveBeenCalledTimes(2);
    expect(seen).toEqual([[web], [web], []]);
  });

  it('tells a failed listing to onError and hands nothing on', async () => {
    const hub = fakeHub();
    const onRunning = vi.fn();
    const onError = vi.fn();
    followRunning('local', {
      signal: new AbortController().signal,
      subscribe: hub.subscribe,
      list: async () => {
        throw new Error('engine unreachable');
      },
      onRunning,
      onError,
      onStart: () => {},
    });
    await flush();
    expect(onError).toHaveBeenCalledWith(new Error('engine unreachable'));
    expect(onRunning).not.toHaveBeenCalled();
  });

  it('listens again after the upstream ended, and lists again; stops for good when aborted', async () => {
    vi.useFakeTimers();
    const hub = fakeHub();
    const list = vi.fn(async () => [web]);
    const stop = new AbortController();
    followRunning('local', {
      signal: stop.signal,
      subscribe: hub.subscribe,
      list,
      onRunning: () => {},
      onStart: () => {},
    });
    hub.end();
    expect(hub.live()).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(RESUBSCRIBE_MS - 1);
    expect(hub.live()).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(hub.live()).toHaveLength(1);
    expect(list).toHaveBeenCalledTimes(2);
    hub.end();
    stop.abort();
    await vi.advanceTimersByTimeAsync(RESUBSCRIBE_MS * 2);
    expect(hub.subs).toHaveLength(2);
    expect(list).toHaveBeenCalledTimes(2);
  });

  it('unsubscribes when aborted', () => {
    const hub = fakeHub();
    const stop = new AbortController();
    followRunning('local', {
      signal: stop.signal,
      subscribe: hub.subscribe,
      list: async () => [],
      onRunning: () => {},
      onStart: () => {},
    });
    expect(hub.live()).toHaveLength(1);
    stop.abort();
    expect(hub.live()).toHaveLength(0);
  });
});
