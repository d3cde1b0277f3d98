import { describe, expect, it } from 'vitest';
import { PasskeyChallenges, registrationKey } from '@/server/auth/passkey-challenges';

const entry = (challenge: string) => ({
  challenge,
  rpID: 'localhost',
  origin: 'http://localhost:3000',
  userId: null,
});

describe('passkey challenges', () => {
  it('gives a challenge back once: a second take (a replay) finds nothing', () => {
    const store = new PasskeyChallenges();
    const key = store.put(entry('c1'));
    expect(store.take(key)).toEqual(entry('c1'));
    expect(store.take(key)).toBeUndefined();
  });

  it('makes unguessable distinct keys for sign-in challenges', () => {
    const store = new PasskeyChallenges();
    const a = store.put(entry('a'));
    const b = store.put(entry('b'));
    expect(a).not.toBe(b);
    expect(a.length).toBeGreaterThanOrEqual(32);
    expect(store.take('not-a-key')).toBeUndefined();
  });

  it('refuses an expired challenge, and sweeps expired ones on the next put', () => {
    const store = new PasskeyChallenges(1000);
    const key = store.put(entry('old'), undefined, 0);
    expect(store.take(key, 1000)).toBeUndefined();
    store.put(entry('x'), undefined, 0);
    store.put(entry('y'), undefined, 5000);
    expect(store.size).toBe(1);
  });

  it('keeps one registration per user: a new one replaces the last', () => {
    const store = new PasskeyChallenges();
    store.put({ ...entry('first'), userId: 7 }, registrationKey(7));
    store.put({ ...entry('second'), userId: 7 }, registrationKey(7));
    expect(store.size).toBe(1);
    expect(store.take(registrationKey(7))?.challenge).toBe('second');
  });

  it('drops the oldest past its bound, so public sign-in options cannot fill memory', () => {
    const store = new PasskeyChallenges(60_000, 3);
    const [a, , , d] = ['a', 'b', 'c', 'd'].map((c) => store.put(entry(c)));
    expect(store.size).toBe(3);
    expect(store.take(a as string)).toBeUndefined();
    expect(store.take(d as string)?.challenge).toBe('d');
  });
});
