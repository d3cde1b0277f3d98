import { describe, expect, it } from 'vitest';
import {
  EnvironmentStreamsEnded,
  envKey,
  isEnvironmentStreamsEnded,
  SharedStreams,
  splitEnvKey,
} from '@/server/realtime/shared-stream';

function fakeUpstreams() {
  const opened: string[] = [];
  const closed: string[] = [];
  const emitters = new Map<string, { emit: (n: number) => void; end: (e?: Error) => void }>();
  const streams = new SharedStreams<number>((key) => (emit, end) => {
    opened.push(key);
    emitters.set(key, { emit, end });
    return { close: () => void closed.push(key) };
  });
  return { streams, opened, closed, emitters };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('SharedStreams', () => {
  it('opens one upstream for many subscribers of a key and fans every item out to all of them', async () => {
    const { streams, opened, emitters } = fakeUpstreams();
    const a: number[] = [];
    const b: number[] = [];
    streams.subscribe('c1', (n) => a.push(n));
    streams.subscribe('c1', (n) => b.push(n));
    await tick();
    emitters.get('c1')?.emit(1);
    emitters.get('c1')?.emit(2);
    expect(opened).toEqual(['c1']);
    expect(a).toEqual([1, 2]);
    expect(b).toEqual([1, 2]);
  });

  it('closes the upstream when the last subscriber leaves, not before', async () => {
    const { streams, closed } = fakeUpstreams();
    const offA = streams.subscribe('c1', () => {});
    const offB = streams.subscribe('c1', () => {});
    offA();
    offA();
    await tick();
    expect(closed).toEqual([]);
    offB();
    await tick();
    expect(closed).toEqual(['c1']);
    expect(streams.size).toBe(0);
  });

  it('tells every subscriber when the upstream ends, and opens a new one for the next', async () => {
    const { streams, opened, emitters } = fakeUpstreams();
    const ends: (string | undefined)[] = [];
    streams.subscribe(
      'c1',
      () => {},
      (e) => ends.push(e?.message),
    );
    streams.subscribe(
      'c1',
      () => {},
      (e) => ends.push(e?.message),
    );
    await tick();
    emitters.get('c1')?.end(new Error('container removed'));
    expect(ends).toEqual(['container removed', 'container removed']);
    streams.subscribe('c1', () => {});
    expect(opened).toEqual(['c1', 'c1']);
  });

  it('reports a failure to open as the end of the stream', async () => {
    const streams = new SharedStreams<number>(() => () => Promise.reject(new Error('no such container')));
    const ends: string[] = [];
    streams.subscribe(
      'gone',
      () => {},
      (e) => ends.push(e?.message ?? ''),
    );
    await tick();
    await tick();
    expect(ends).toEqual(['no such container']);
    expect(streams.size).toBe(0);
  });

  it("ends one engine's upstreams on request, each subscriber told once, the other engine's untouched", async () => {
    const { streams, opened, closed } = fakeUpstreams();
    const ends: string[] = [];
    const onEnd = (who: string) => (e?: Error) =>
      ends.push(`${who}:${isEnvironmentStreamsEnded(e) ? e.message : 'other'}`);
    streams.subscribe(envKey('prod', 'c1'), () => {}, onEnd('a'));
    streams.subscribe(envKey('prod', 'c1'), () => {}, onEnd('b'));
    streams.subscribe(envKey('prod', 'c2'), () => {}, onEnd('c'));
    const offOther = streams.subscribe(envKey('dev', 'c1'), () => {}, onEnd('d'));
    await tick();
    const ofProd = (key: string) => splitEnvKey(key).env === 'prod';
    expect(streams.endWhere(ofProd, new EnvironmentStreamsEnded('prod moved'))).toBe(2);
    await tick();
    expect(ends.sort()).toEqual(['a:prod moved', 'b:prod moved', 'c:prod moved']);
    expect(closed.sort()).toEqual([envKey('prod', 'c1'), envKey('prod', 'c2')].sort());
    expect(streams.size).toBe(1);
    expect(streams.endWhere(ofProd, new EnvironmentStreamsEnded('again'))).toBe(0);
    // A new subscriber after the end opens a fresh upstream (on the new address).
    streams.subscribe(envKey('prod', 'c1'), () => {});
    expect(opened.filter((k) => k === envKey('prod', 'c1'))).toHaveLength(2);
    offOther();
  });

  it('keeps keys apart', async () => {
    const { streams, emitters } = fakeUpstreams();
    const a: number[] = [];
    streams.subscribe('c1', (n) => a.push(n));
    streams.subscribe('c2', () => {});
    await tick();
    emitters.get('c2')?.emit(9);
    expect(a).toEqual([]);
  });
});
