import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The modules read BERTH_DATA_DIR when first imported: point it at a scratch dir before importing them.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-api-tokens-'));
process.env.BERTH_DATA_DIR = dir;
const { assertSessionForTokens, createApiToken, listApiTokens, resolveApiToken, setApiTokenKeep } =
  await import('@/server/auth/api-tokens');
const { createUser, revokeUser, updateUser } = await import('@/server/auth/users');
const { authEvents } = await import('@/server/auth/events');
const { closeDatabase } = await import('@/server/db');
const { HttpError } = await import('@/server/http/errors');

const MIN = 60_000;
let userId = 0;
let otherId = 0;

beforeAll(() => {
  userId = createUser({ username: 'tess', passwordHash: 'x', role: 'operator' }).id;
  otherId = createUser({ username: 'otto', passwordHash: 'x', role: 'viewer' }).id;
});
afterAll(() => {
  closeDatabase();
  fs.rmSync(dir, { recursive: true, force: true });
});

function revokedDuring(action: () => void): number[] {
  const heard: number[] = [];
  const listener = (id: number) => heard.push(id);
  authEvents().on('token-revoked', listener);
  try {
    action();
  } finally {
    authEvents().off('token-revoked', listener);
  }
  return heard.sort((a, b) => a - b);
}

describe('API tokens', () => {
  it('record their last use, time and client address, at most once a minute', () => {
    const { token, view } = createApiToken(userId, 'ci', null);
    expect(view).toMatchObject({ lastUsedAt: null, lastUsedIp: null, keep: false });
    const t0 = Date.UTC(2026, 0, 1);
    expect(resolveApiToken(token, t0, '10.0.0.7')?.user.id).toBe(userId);
    const used = () => listApiTokens(userId).find((v) => v.id === view.id);
    expect(used()).toMatchObject({ lastUsedAt: t0, lastUsedIp: '10.0.0.7' });
    // Within the minute: no write, the first use stays.
    resolveApiToken(token, t0 + 30_000, '10.0.0.8');
    expect(used()).toMatchObject({ lastUsedAt: t0, lastUsedIp: '10.0.0.7' });
    resolveApiToken(token, t0 + 2 * MIN, '10.0.0.8');
    expect(used()).toMatchObject({ lastUsedAt: t0 + 2 * MIN, lastUsedIp: '10.0.0.8' });
    // A use whose address is unknown keeps the last known one.
    resolveApiToken(token, t0 + 4 * MIN);
    expect(used()).toMatchObject({ lastUsedAt: t0 + 4 * MIN, lastUsedIp: '10.0.0.8' });
  });

  it('are revoked with their user\u2019s sessions, except those marked to keep, and say so to live sockets', () => {
    const dropped = createApiToken(userId, 'dropped', null);
    const kept = createApiToken(userId, 'kept', null, true);
    const toggled = createApiToken(userId, 'toggled', null);
    const bystander = createApiToken(otherId, 'bystander', null);
    expect(setApiTokenKeep(userId, toggled.view.id, true)?.keep).toBe(true);
    // Someone else's token cannot be marked.
    expect(setApiTokenKeep(otherId, kept.view.id, false)).toBeNull();

    const before = listApiTokens(userId)
      .filter((v) => !v.keep)
      .map((v) => v.id);
    const heard = revokedDuring(() => revokeUser(userId));
    expect(heard).toEqual(before.sort((a, b) => a - b));
    expect(heard).toContain(dropped.view.id);
    expect(resolveApiToken(dropped.token)).toBeNull();
    expect(resolveApiToken(kept.token)?.user.id).toBe(userId);
    expect(resolveApiToken(toggled.token)?.user.id).toBe(userId);
    expect(resolveApiToken(bystander.token)?.user.id).toBe(otherId);
    expect(
      listApiTokens(userId)
        .map((v) => v.name)
        .sort(),
    ).toEqual(['kept', 'toggled']);

    // Unmarked again, it goes with the next revocation.
    setApiTokenKeep(userId, toggled.view.id, false);
    expect(revokedDuring(() => revokeUser(userId))).toEqual([toggled.view.id]);
    expect(resolveApiToken(toggled.token)).toBeNull();
  });

  it('of a disabled user are revoked unless kept, and a kept one still does nothing while disabled', () => {
    const plain = createApiToken(otherId, 'plain', null);
    const kept = createApiToken(otherId, 'kept', null, true);
    const heard = revokedDuring(() => updateUser(otherId, { disabled: true }));
    expect(heard).toContain(plain.view.id);
    expect(heard).not.toContain(kept.view.id);
    expect(resolveApiToken(kept.token)).toBeNull();
    updateUser(otherId, { disabled: false });
    expect(resolveApiToken(plain.token)).toBeNull();
    expect(resolveApiToken(kept.token)?.user.id).toBe(otherId);
  });

  it('are managed from a session only', () => {
    const user = { id: userId, username: 'tess', role: 'operator' as const, totpEnabled: false };
    expect(() => assertSessionForTokens({ kind: 'user', via: 'session' })).not.toThrow();
    let refused: unknown;
    try {
      assertSessionForTokens({ kind: 'user', via: 'token', ...{ user, tokenId: 1 } });
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(HttpError);
    expect(refused).toMatchObject({ status: 403, code: 'forbidden' });
  });
});
