import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The modules read BERTH_DATA_DIR when first imported: point it at a scratch dir before importing them.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-sessions-'));
process.env.BERTH_DATA_DIR = dir;
const { createSession, resolveSession, revokeSessionHash } = await import('@/server/auth/sessions');
const { createUser, revokeUser, updateUser } = await import('@/server/auth/users');
const { authEvents } = await import('@/server/auth/events');
const { closeDatabase } = await import('@/server/db');

const lifetimes = { idleMinutes: 30, absoluteHours: 8 };
const MIN = 60_000;
let userId = 0;

beforeAll(() => {
  userId = createUser({ username: 'sam', passwordHash: 'x', role: 'operator' }).id;
});
afterAll(() => {
  closeDatabase();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('sessions', () => {
  it('resolves a fresh session to its user', () => {
    const t0 = Date.UTC(2026, 0, 1);
    const s = createSession(userId, { ip: '127.0.0.1' }, lifetimes, t0);
    expect(resolveSession(s.id, lifetimes, t0 + MIN)?.user.username).toBe('sam');
    expect(resolveSession('not-a-session', lifetimes, t0)).toBeNull();
  });

  it('expires after the idle timeout, and activity pushes the timeout back', () => {
    const t0 = Date.UTC(2026, 0, 2);
    const s = createSession(userId, {}, lifetimes, t0);
    expect(resolveSession(s.id, lifetimes, t0 + 20 * MIN)).not.toBeNull(); // touches last_seen
    expect(resolveSession(s.id, lifetimes, t0 + 45 * MIN)).not.toBeNull(); // 25 min after the touch
    expect(resolveSession(s.id, lifetimes, t0 + 45 * MIN + 31 * MIN)).toBeNull();
    // Gone for good, not only refused once.
    expect(resolveSession(s.id, lifetimes, t0 + 46 * MIN)).toBeNull();
  });

  it('expires at the absolute lifetime however active it is', () => {
    const t0 = Date.UTC(2026, 0, 3);
    const s = createSession(userId, {}, lifetimes, t0);
    for (let m = 20; m < 8 * 60; m += 20)
      expect(resolveSession(s.id, lifetimes, t0 + m * MIN)).not.toBeNull();
    expect(resolveSession(s.id, lifetimes, t0 + 8 * 60 * MIN)).toBeNull();
  });

  it('ends at once when revoked, and tells live connections', () => {
    const now = Date.now();
    const s = createSession(userId, {}, lifetimes, now);
    const heard: string[] = [];
    authEvents().on('session-revoked', (h) => heard.push(h));
    revokeSessionHash(s.hash);
    expect(resolveSession(s.id, lifetimes, now)).toBeNull();
    expect(heard).toEqual([s.hash]);
  });

  it('refuses every session of a disabled user, and revoking a user ends them all', () => {
    const now = Date.now();
    const a = createSession(userId, {}, lifetimes, now);
    const b = createSession(userId, {}, lifetimes, now);
    updateUser(userId, { disabled: true });
    expect(resolveSession(a.id, lifetimes, now)).toBeNull();
    updateUser(userId, { disabled: false });
    expect(resolveSession(b.id, lifetimes, now)).toBeNull(); // disabling revoked them, re-enabling does not revive
    const c = createSession(userId, {}, lifetimes, now);
    revokeUser(userId);
    expect(resolveSession(c.id, lifetimes, now)).toBeNull();
  });
});
