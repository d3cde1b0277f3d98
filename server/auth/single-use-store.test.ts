import { describe, expect, it } from 'vitest';
import { SingleUseStore } from '@/server/auth/single-use-store';

const item = (name: string) => ({ name });

describe('single-use store', () => {
  it('gives an entry back once: a second take (a replay) finds nothing', () => {
    const store = new SingleUseStore<{ name: string }>(1000, 10);
    const key = store.put(item('a'), undefined, 0);
    expect(store.take(key, 1)).toEqual(item('a'));
    expect(store.take(key, 1)).toBeUndefined();
    expect(store.take('not-a-key', 1)).toBeUndefined();
  });

  it('makes distinct random keys of the asked length', () => {
    const store = new SingleUseStore<{ name: string }>(1000, 10, 24);
    const a = store.put(item('a'));
    const b = store.put(item('b'));
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[\w-]{32}$/);
    expect(new SingleUseStore<{ name: string }>(1000, 10).put(item('c'))).toMatch(/^[\w-]{43}$/);
  });

  it('refuses an entry at its expiry, and sweeps expired ones on the next put', () => {
    const store = new SingleUseStore<{ name: string }>(1000, 10);
    const key = store.put(item('old'), undefined, 0);
    expect(store.take(key, 999)).toEqual(item('old'));
    const late = store.put(item('late'), undefined, 0);
    expect(store.take(late, 1000)).toBeUndefined();
    store.put(item('x'), undefined, 0);
    store.put(item('y'), undefined, 5000);
    expect(store.size).toBe(1);
  });

  it('replaces the entry under a given key and moves it last', () => {
    const store = new SingleUseStore<{ name: string }>(60_000, 2);
    store.put(item('first'), 'k', 0);
    const other = store.put(item('other'), undefined, 0);
    store.put(item('second'), 'k', 0);
    expect(store.size).toBe(2);
    store.put(item('third'), undefined, 0); // past the bound: the oldest is `other` now, not `k`
    expect(store.take(other, 0)).toBeUndefined();
    expect(store.take('k', 0)).toEqual(item('second'));
  });

  it('drops the oldest past its bound', () => {
    const store = new SingleUseStore<{ name: string }>(60_000, 3);
    const [a, , , d] = ['a', 'b', 'c', 'd'].map((n) => store.put(item(n)));
    expect(store.size).toBe(3);
    expect(store.take(a as string)).toBeUndefined();
    expect(store.take(d as string)).toEqual(item('d'));
  });
});
