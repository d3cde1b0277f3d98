import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '@/lib/events/types';
import { applyRows, DELTA_CHUNK, EVENT_LOG_SIZE, LiveList, listChanges } from '@/server/docker/live-list';

let nano = 1_000_000_000_000_000_000n;
function ev(type: string, action: string, id: string, attributes: Record<string, string> = {}): EngineEvent {
  nano += 1000n;
  return { type, action, id, name: null, timeNano: String(nano), attributes };
}

interface Row {
  id: string;
  v: number;
}

describe('listChanges', () => {
  it('names the containers whose rows an event changes, and ignores exec and top', () => {
    const c = listChanges([
      ev('container', 'create', 'a'),
      ev('container', 'rename', 'b'),
      ev('container', 'health_status: healthy', 'c'),
      ev('container', 'exec_start: sh', 'd'),
      ev('container', 'exec_die', 'd'),
      ev('container', 'top', 'e'),
      ev('volume', 'mount', 'v1', { container: 'f' }),
    ]);
    expect([...c.ids].sort()).toEqual(['a', 'b', 'c']);
    expect(c.relist).toBe(false);
  });

  it('takes the container of a network connect or disconnect', () => {
    const c = listChanges([
      ev('network', 'connect', 'net1', { container: 'x' }),
      ev('network', 'create', 'net2'),
    ]);
    expect([...c.ids]).toEqual(['x']);
    expect(c.relist).toBe(false);
  });

  it('re-lists on an image tag change or a daemon event, not on a push', () => {
    expect(listChanges([ev('image', 'untag', 'sha256:1')]).relist).toBe(true);
    expect(listChanges([ev('image', 'tag', 'sha256:1')]).relist).toBe(true);
    expect(listChanges([ev('daemon', 'reload', 'd')]).relist).toBe(true);
    expect(listChanges([ev('image', 'push', 'sha256:1')]).relist).toBe(false);
  });
});

describe('applyRows', () => {
  const list: Row[] = [
    { id: 'c', v: 1 },
    { id: 'b', v: 1 },
    { id: 'a', v: 1 },
  ];
  it('replaces changed rows in place, drops gone ones, puts new ones first', () => {
    const out = applyRows(list, new Set(['b', 'a', 'd']), [
      { id: 'd', v: 2 },
      { id: 'b', v: 2 },
    ]);
    expect(out).toEqual([
      { id: 'd', v: 2 },
      { id: 'c', v: 1 },
      { id: 'b', v: 2 },
    ]);
    // A new version is a new array; the old one is untouched.
    expect(out).not.toBe(list);
    expect(list.map((r) => r.v)).toEqual([1, 1, 1]);
  });

  it('keeps a row untouched when its id is not among the changed', () => {
    expect(applyRows(list, new Set(['x']), [])).toEqual(list);
  });
});

function setup() {
  let clock = 10_000;
  let engine: Row[] = [
    { id: 'a', v: 1 },
    { id: 'b', v: 1 },
  ];
  let log: EngineEvent[] = [];
  const calls = { all: 0, rows: [] as string[][], probes: [] as number[] };
  const live = new LiveList<Row>({
    minAgeMs: 3000,
    now: () => clock,
    eventsSince: async (since) => {
      calls.probes.push(since);
      return log;
    },
    fetchAll: async () => {
      calls.all++;
      return engine.map((r) => ({ ...r }));
    },
    fetchRows: async (ids) => {
      calls.rows.push([...ids].sort());
      return engine.filter((r) => ids.includes(r.id)).map((r) => ({ ...r }));
    },
  });
  return {
    live,
    calls,
    tick: (ms: number) => (clock += ms),
    set: (rows: Row[]) => (engine = rows),
    log: (events: EngineEvent[]) => (log = events),
  };
}

describe('LiveList', () => {
  it('lists once, then serves the same array while the engine logs nothing', async () => {
    const t = setup();
    const first = await t.live.get();
    t.tick(100);
    expect(await t.live.get()).toBe(first);
    expect(t.calls.all).toBe(1);
    expect(t.calls.probes).toEqual([10_000]);
    expect([t.live.hits, t.live.misses, t.live.deltas]).toEqual([1, 1, 0]);
  });

  it('applies a change with one filtered call for the containers it touched, not a re-list', async () => {
    const t = setup();
    await t.live.get();
    t.tick(100);
    t.set([
      { id: 'c', v: 1 },
      { id: 'a', v: 2 },
    ]);
    t.log([ev('container', 'create', 'c'), ev('container', 'rename', 'a'), ev('container', 'destroy', 'b')]);
    expect(await t.live.get()).toEqual([
      { id: 'c', v: 1 },
      { id: 'a', v: 2 },
    ]);
    expect(t.calls.all).toBe(1);
    expect(t.calls.rows).toEqual([['a', 'b', 'c']]);
    // The next probe overlaps the last one: events already applied are not fetched again.
    t.tick(100);
    const again = await t.live.get();
    expect(await t.live.get()).toBe(again);
    expect(t.calls.rows).toHaveLength(1);
    expect(t.calls.probes.slice(-2)).toEqual([10_100, 10_200]);
  });

  it('re-lists when the event log may have lost events, or an image changed', async () => {
    const t = setup();
    await t.live.get();
    t.log(Array.from({ length: EVENT_LOG_SIZE }, (_, i) => ev('container', 'start', `x${i}`)));
    await t.live.get();
    expect(t.calls.all).toBe(2);
    t.log([ev('image', 'untag', 'sha256:1')]);
    await t.live.get();
    expect(t.calls.all).toBe(3);
    expect(t.calls.rows).toHaveLength(0);
  });

  it('shares one read between concurrent callers, and later callers wait for a read that began after them', async () => {
    const t = setup();
    await t.live.get();
    const probes = t.calls.probes.length;
    const answers = await Promise.all(Array.from({ length: 50 }, () => t.live.get()));
    // The first caller starts a read; the other 49 arrived while it ran and share the next one.
    expect(t.calls.probes.length - probes).toBe(2);
    expect(new Set(answers).size).toBe(1);
  });

  it('refreshes the age texts with a background re-list once minAge has passed, serving meanwhile', async () => {
    const t = setup();
    const first = await t.live.get();
    t.tick(3500);
    expect(await t.live.get()).toBe(first);
    await new Promise((r) => setTimeout(r, 0));
    expect(t.calls.all).toBe(2);
    expect(await t.live.get()).not.toBe(first);
  });

  it('falls back to a re-list when the probe fails, so an unreachable engine reports itself', async () => {
    const t = setup();
    await t.live.get();
    const failing = new LiveList<Row>({
      minAgeMs: 3000,
      eventsSince: async () => {
        throw new Error('probe');
      },
      fetchAll: async () => {
        throw new Error('engine down');
      },
      fetchRows: async () => [],
    });
    await expect(failing.get()).rejects.toThrow('engine down');
  });
});

describe('LiveList during a flood', () => {
  /** An engine whose event log keeps its last EVENT_LOG_SIZE events, with a followed stream of all of them. */
  function flood(withStream: boolean) {
    let rows: Row[] = [];
    const log: EngineEvent[] = [];
    const listeners = new Set<(e: EngineEvent) => void>();
    let streams = 0;
    const calls = { all: 0, rows: [] as number[] };
    const live = new LiveList<Row>({
      minAgeMs: 60_000,
      eventsSince: async () => log.slice(-EVENT_LOG_SIZE),
      fetchAll: async () => {
        calls.all++;
        return rows.map((r) => ({ ...r }));
      },
      fetchRows: async (ids) => {
        calls.rows.push(ids.length);
        return rows.filter((r) => ids.includes(r.id)).map((r) => ({ ...r }));
      },
      followIdleMs: 50,
      ...(withStream
        ? {
            follow: async (onEvent: (e: EngineEvent) => void) => {
              streams++;
              listeners.add(onEvent);
              let end = () => {};
              const done = new Promise<void>((resolve) => (end = resolve));
              return {
                done,
                close: () => {
                  listeners.delete(onEvent);
                  end();
                },
              };
            },
          }
        : {}),
    });
    const create = (n: number) => {
      for (let i = 0; i < n; i++) {
        const id = `c${rows.length}`;
        rows = [{ id, v: 1 }, ...rows];
        const e = ev('container', 'create', id);
        log.push(e);
        for (const l of listeners) l(e);
      }
    };
    return { live, calls, create, streams: () => streams, listeners };
  }

  it('applies more changes than the event log holds from the followed stream, not a re-list', async () => {
    const t = flood(true);
    await t.live.get();
    // The stream connects after the first read's list began; the next read (a delta) starts from its mark.
    t.create(10);
    await t.live.get();
    expect(t.calls.all).toBe(1);
    t.calls.rows = [];
    t.create(3 * EVENT_LOG_SIZE);
    const list = await t.live.get();
    expect(list).toHaveLength(10 + 3 * EVENT_LOG_SIZE);
    expect(t.calls.all).toBe(1);
    expect(t.live.streamed).toBe(1);
    // 768 changed ids: filtered calls of DELTA_CHUNK ids, not one call with all of them.
    expect(t.calls.rows).toEqual([
      DELTA_CHUNK,
      DELTA_CHUNK,
      DELTA_CHUNK,
      3 * EVENT_LOG_SIZE - 3 * DELTA_CHUNK,
    ]);
    expect(t.streams()).toBe(1);
    t.live.stop();
  });

  it('re-lists when no stream vouches for the lost events, and closes the stream once reads stop', async () => {
    const plain = flood(false);
    await plain.live.get();
    plain.create(EVENT_LOG_SIZE + 1);
    expect(await plain.live.get()).toHaveLength(EVENT_LOG_SIZE + 1);
    expect(plain.calls.all).toBe(2);

    const t = flood(true);
    await t.live.get();
    expect(t.listeners.size).toBe(1);
    await new Promise((r) => setTimeout(r, 120));
    expect(t.listeners.size).toBe(0);
    // Reopened by the next read; a window from before it opened is not vouched for.
    t.create(EVENT_LOG_SIZE + 1);
    expect(await t.live.get()).toHaveLength(EVENT_LOG_SIZE + 1);
    expect(t.calls.all).toBe(2);
    expect(t.streams()).toBe(2);
    t.live.stop();
  });
});
