import { describe, expect, it } from 'vitest';
import { ListCache } from '@/server/docker/list-cache';

function setup(opts: { maxAgeMs?: number; changed?: (since: number) => boolean | Promise<boolean> } = {}) {
  let clock = 1_000;
  const probes: number[] = [];
  const cache = new ListCache<string>({
    maxAgeMs: opts.maxAgeMs ?? 3000,
    now: () => clock,
    changedSince: async (since) => {
      probes.push(since);
      return (opts.changed ?? (() => false))(since);
    },
  });
  let calls = 0;
  const fetch = async () => `answer ${++calls}`;
  return { cache, fetch, probes, tick: (ms: number) => (clock += ms), calls: () => calls };
}

describe('ListCache', () => {
  it('serves a second call from the cache when the engine logged no event since the first', async () => {
    const t = setup();
    expect(await t.cache.get('k', t.fetch)).toBe('answer 1');
    t.tick(500);
    expect(await t.cache.get('k', t.fetch)).toBe('answer 1');
    expect(t.calls()).toBe(1);
    // The probe asked about events since the first answer was fetched.
    expect(t.probes).toEqual([1_000]);
    expect([t.cache.hits, t.cache.misses]).toEqual([1, 1]);
  });

  it('asks the engine again when an event was logged since', async () => {
    let changed = false;
    const t = setup({ changed: () => changed });
    await t.cache.get('k', t.fetch);
    changed = true;
    expect(await t.cache.get('k', t.fetch)).toBe('answer 2');
    changed = false;
    t.tick(10);
    expect(await t.cache.get('k', t.fetch)).toBe('answer 2');
    expect(t.probes.at(-1)).toBe(1_000);
  });

  it('asks the engine again once the answer is older than maxAgeMs, without probing', async () => {
    const t = setup({ maxAgeMs: 3000 });
    await t.cache.get('k', t.fetch);
    t.tick(3000);
    expect(await t.cache.get('k', t.fetch)).toBe('answer 2');
    expect(t.probes).toEqual([]);
  });

  it('falls back to the engine when the probe fails', async () => {
    const t = setup({
      changed: () => {
        throw new Error('engine unreachable');
      },
    });
    await t.cache.get('k', t.fetch);
    expect(await t.cache.get('k', t.fetch)).toBe('answer 2');
  });

  it('does not cache a failed fetch, and rethrows it', async () => {
    const t = setup();
    await expect(
      t.cache.get('k', async () => {
        throw new Error('connect ENOENT');
      }),
    ).rejects.toThrow('ENOENT');
    expect(await t.cache.get('k', t.fetch)).toBe('answer 1');
  });

  it('keeps queries apart', async () => {
    const t = setup();
    expect(await t.cache.get('a', t.fetch)).toBe('answer 1');
    expect(await t.cache.get('b', t.fetch)).toBe('answer 2');
    expect(await t.cache.get('a', t.fetch)).toBe('answer 1');
  });

  it('never lets an older, slower fetch replace a newer answer', async () => {
    const t = setup();
    let release: (v: string) => void = () => {};
    const slow = t.cache.get('k', () => new Promise<string>((r) => (release = r)));
    t.tick(100);
    expect(await t.cache.get('k', t.fetch)).toBe('answer 1');
    release('old answer');
    expect(await slow).toBe('old answer');
    t.tick(10);
    expect(await t.cache.get('k', t.fetch)).toBe('answer 1');
  });

  it('drops the oldest query beyond maxEntries', async () => {
    let clock = 0;
    let calls = 0;
    const cache = new ListCache<number>({
      maxAgeMs: 10_000,
      maxEntries: 2,
      now: () => clock,
      changedSince: async () => false,
    });
    const fetch = async () => ++calls;
    await cache.get('a', fetch);
    await cache.get('b', fetch);
    await cache.get('c', fetch);
    clock += 1;
    expect(await cache.get('b', fetch)).toBe(2);
    expect(await cache.get('a', fetch)).toBe(4);
  });
});
