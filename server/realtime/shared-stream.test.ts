import { describe, expect, it } from 'vitest';
import { SharedStreams } from '@/server/realtime/shared-stream';

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
