import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The modules read BERTH_DATA_DIR when first imported: point it at a scratch dir before importing them.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-passkeys-'));
process.env.BERTH_DATA_DIR = dir;
const { deletePasskey, listPasskeys, loginWithPasskey, relyingParty, renamePasskey, registerPasskey } =
  await import('@/server/auth/passkeys');
const { createUser, getUser, toSessionUser } = await import('@/server/auth/users');
const { authorize } = await import('@/server/auth/guard');
const { updateSettings } = await import('@/server/settings/store');
const { queryAudit } = await import('@/server/audit/log');
const { closeDatabase, db } = await import('@/server/db');

let ann = 0;
let bob = 0;
let annKey = 0;

beforeAll(() => {
  ann = createUser({ username: 'ann', passwordHash: 'x', role: 'operator' }).id;
  bob = createUser({ username: 'bob', passwordHash: 'x', role: 'operator' }).id;
  annKey = Number(
    db()
      .prepare(
        `INSERT INTO passkeys (user_id, credential_id, public_key, counter, name, created_at)
         VALUES (?, 'cred-ann', X'00', 0, 'laptop', 1)`,
      )
      .run(ann).lastInsertRowid,
  );
});
afterAll(() => {
  closeDatabase();
  fs.rmSync(dir, { recursive: true, force: true });
});

const req = (headers: Record<string, string>) => new Request('http://internal/api/x', { headers });

describe('relying party', () => {
  it('is the Origin the browser sent, with its host name as RP ID', () => {
    expect(relyingParty(req({ host: 'localhost:3290', origin: 'http://localhost:3290' }), false)).toEqual({
      origin: 'http://localhost:3290',
      rpID: 'localhost',
    });
  });

  it('is this host when no Origin came (a script), with the scheme the request arrived on', () => {
    expect(relyingParty(req({ host: 'berth.example:8443' }), true)).toEqual({
      origin: 'https://berth.example:8443',
      rpID: 'berth.example',
    });
  });

  it('refuses an origin that is neither this host nor trusted', () => {
    expect(() => relyingParty(req({ host: 'localhost:3290', origin: 'https://evil.example' }), true)).toThrow(
      /Cross-origin/,
    );
  });

  it('refuses an IP address, which WebAuthn does not take as an RP ID, saying what to do', () => {
    for (const host of ['127.0.0.1:3290', '[::1]:3290']) {
      expect(() => relyingParty(req({ host, origin: `http://${host}` }), false)).toThrow(/host name/);
    }
  });
});

describe('passkeys of a user', () => {
  it('lists, renames and removes only the owner’s passkeys', () => {
    expect(listPasskeys(ann).map((p) => p.name)).toEqual(['laptop']);
    expect(listPasskeys(bob)).toEqual([]);
    expect(renamePasskey(bob, annKey, 'mine now')).toBeUndefined();
    expect(deletePasskey(bob, annKey)).toBe(false);
    expect(renamePasskey(ann, annKey, 'work laptop')?.name).toBe('work laptop');
    expect(listPasskeys(ann)).toHaveLength(1);
  });

  it('counts as the second factor an admin requires', () => {
    updateSettings({ require2fa: true });
    try {
      const annUser = toSessionUser(getUser(ann) as NonNullable<ReturnType<typeof getUser>>);
      const bobUser = toSessionUser(getUser(bob) as NonNullable<ReturnType<typeof getUser>>);
      expect(annUser.hasPasskey).toBe(true);
      const principal = (user: typeof annUser) =>
        ({ kind: 'user', user, via: 'session', sessionHash: 'h' }) as const;
      expect(() => authorize(principal(annUser), 'containers:read')).not.toThrow();
      expect(() => authorize(principal(bobUser), 'containers:read')).toThrow(/Two-factor/);
    } finally {
      updateSettings({ require2fa: false });
    }
  });

  it('refuses a registration no options were asked for', async () => {
    await expect(
      registerPasskey(bob, 'key', {
        id: 'x',
        rawId: 'x',
        type: 'public-key',
        response: { clientDataJSON: 'x', attestationObject: 'x' },
        clientExtensionResults: {},
      }),
    ).rejects.toThrow(/No passkey registration is waiting/);
  });
});

describe('sign-in with a passkey', () => {
  const answer = {
    id: 'cred-ann',
    rawId: 'cred-ann',
    type: 'public-key' as const,
    response: { clientDataJSON: 'e30', authenticatorData: 'AA', signature: 'AA' },
    clientExtensionResults: {},
  };
  const meta = { ip: '10.9.9.9', userAgent: null, secure: false };

  it('refuses an answer without a pending challenge, and audits it as a passkey sign-in', async () => {
    await expect(loginWithPasskey(null, answer, meta)).rejects.toMatchObject({ status: 401 });
    await expect(loginWithPasskey('berth_passkey=made-up', answer, meta)).rejects.toMatchObject({
      status: 401,
    });
    const entries = queryAudit({ action: 'auth.login', limit: 5 });
    expect(entries[0]).toMatchObject({
      target: 'ann (passkey)',
      result: 'error',
      error: 'no pending challenge',
    });
  });
});
