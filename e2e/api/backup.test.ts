import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as OTPAuth from 'otpauth';
import { afterAll, describe, expect, it } from 'vitest';
import type { StagedRestore } from '@/lib/backup/types';
import type { RegistryView } from '@/lib/registries/types';
import { api, type ErrorEnvelope, login } from '../support/api';
import { type StartedServer, startServer } from '../support/server';

/*
 * Backup on one server, restore into another: the restored server, once restarted, has the users and the
 * registry of the first, and the registry password decrypts when the key came along; without it, it says so.
 * The servers run one at a time (on BERTH_TEST_SERVER_PORT when given).
 */

const ADMIN = { BERTH_ADMIN_USER: 'admin', BERTH_ADMIN_PASSWORD: 'tidal-lantern-quartz-48' };
const CAROL = { username: 'carol', password: 'maple-orbit-saddle-93' };
/** With two-factor authentication: its TOTP secret is one of the secrets at rest a key-less restore loses. */
const DAVE = { username: 'dave', password: 'cobalt-fennel-harbor-27' };
const dave = { totp: null as OTPAuth.TOTP | null, recovery: [] as string[] };
const port = process.env.BERTH_TEST_SERVER_PORT ? Number(process.env.BERTH_TEST_SERVER_PORT) : undefined;

const running: StartedServer[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const s of running) await s.stop();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function start(dataDir?: string): Promise<StartedServer> {
  const server = await startServer({ env: ADMIN, dataDir, port });
  running.push(server);
  return server;
}

async function adminCookieOf(server: StartedServer): Promise<string> {
  const r = await login(ADMIN.BERTH_ADMIN_USER, ADMIN.BERTH_ADMIN_PASSWORD, server.url);
  if (!r.cookie) throw new Error(`admin login failed: ${r.status}`);
  return r.cookie;
}

async function download(server: StartedServer, cookie: string, includeKey: boolean): Promise<Buffer> {
  const res = await fetch(`${server.url}/api/system/backup${includeKey ? '?includeKey=1' : ''}`, {
    headers: { cookie },
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/x-tar');
  expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="berth-backup-.*\.tar"/);
  return Buffer.from(await res.arrayBuffer());
}

async function restore(server: StartedServer, cookie: string, archive: Buffer) {
  const res = await fetch(`${server.url}/api/system/restore`, {
    method: 'POST',
    headers: { cookie, origin: server.url, 'content-type': 'application/x-tar' },
    body: new Uint8Array(archive),
  });
  return { status: res.status, body: (await res.json()) as StagedRestore & ErrorEnvelope };
}

/** Restores `archive` into a fresh server, restarts it on the same data dir and logs Carol in there. */
async function restoredServer(archive: Buffer) {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'berth-restore-'));
  dirs.push(dataDir);
  const fresh = await start(dataDir);
  const cookie = await adminCookieOf(fresh);
  expect((await login(CAROL.username, CAROL.password, fresh.url)).status).toBe(401);
  const staged = await restore(fresh, cookie, archive);
  expect(staged.status).toBe(200);
  const pending = await api<{ pending: { schemaVersion: number } | null }>('/api/system/restore', {
    base: fresh.url,
    as: { cookie },
  });
  expect(pending.body.pending?.schemaVersion).toBe(staged.body.manifest.schemaVersion);
  await fresh.stop();
  const again = await start(dataDir);
  expect(again.output()).toMatch(/restored the backup of/);
  const carol = await login(CAROL.username, CAROL.password, again.url);
  expect(carol.status).toBe(200);
  return { staged: staged.body, server: again, carol: carol.cookie as string };
}

describe('backup and restore', () => {
  let withKey: Buffer;
  let withoutKey: Buffer;

  it('backs up a running server (admins only, audited), with and without the key', async () => {
    const source = await start();
    const cookie = await adminCookieOf(source);
    const user = await api('/api/users', {
      base: source.url,
      as: { cookie },
      method: 'POST',
      json: { ...CAROL, role: 'operator' },
    });
    expect(user.status).toBe(201);
    const registry = await api<RegistryView>('/api/registries', {
      base: source.url,
      as: { cookie },
      method: 'POST',
      // Nothing listens there: a login attempt reaches the engine only if the password decrypts.
      json: { name: 'private', url: 'http://127.0.0.1:9', username: 'ci', password: 'registry-secret-1' },
    });
    expect(registry.status).toBe(201);
    expect(
      (
        await api('/api/users', {
          base: source.url,
          as: { cookie },
          method: 'POST',
          json: { ...DAVE, role: 'viewer' },
        })
      ).status,
    ).toBe(201);
    const daveCookie = (await login(DAVE.username, DAVE.password, source.url)).cookie ?? '';
    const setup = await api<{ secret: string }>('/api/auth/totp/setup', {
      base: source.url,
      as: { cookie: daveCookie },
      method: 'POST',
    });
    dave.totp = new OTPAuth.TOTP({
      secret: OTPAuth.Secret.fromBase32(setup.body.secret),
      digits: 6,
      period: 30,
    });
    const enable = await api<{ recoveryCodes: string[] }>('/api/auth/totp/enable', {
      base: source.url,
      as: { cookie: daveCookie },
      method: 'POST',
      json: { code: dave.totp.generate() },
    });
    expect(enable.status, JSON.stringify(enable.body)).toBe(200);
    dave.recovery = enable.body.recoveryCodes;

    const carol = await login(CAROL.username, CAROL.password, source.url);
    const refused = await fetch(`${source.url}/api/system/backup`, {
      headers: { cookie: carol.cookie ?? '' },
    });
    expect(refused.status).toBe(403);
    expect((await fetch(`${source.url}/api/system/backup`)).status).toBe(401);

    withKey = await download(source, cookie, true);
    withoutKey = await download(source, cookie, false);
    // The key file is a 32-byte member: the archive with it is larger by at least a tar block.
    expect(withKey.length).toBeGreaterThan(withoutKey.length);

    const audit = await api<{ action: string; target: string; result: string }[]>(
      '/api/audit?action=system.backup',
      { base: source.url, as: { cookie } },
    );
    expect(audit.body.map((e) => e.target).sort()).toEqual(['with secret.key', 'without secret.key']);
    await source.stop();
  });

  it('restores a backup with its key into another install: users, registry and its password work', async () => {
    const { staged, server, carol } = await restoredServer(withKey);
    expect(staged.manifest.keyIncluded).toBe(true);
    expect(staged.unreadable).toEqual({ registries: 0, totp: 0 });
    // The two-factor secret came along with the key: a code from the same authenticator works (the next
    // period's: the enrolment's code was used, and codes are single-use).
    const daveIn = await login(DAVE.username, DAVE.password, server.url, {
      totp: dave.totp?.generate({ timestamp: Date.now() + 30_000 }) ?? '',
    });
    expect(daveIn.status, JSON.stringify(daveIn.body)).toBe(200);
    const list = await api<RegistryView[]>('/api/registries', { base: server.url, as: { cookie: carol } });
    expect(list.status).toBe(200);
    const registry = list.body.find((r) => r.name === 'private');
    expect(registry).toMatchObject({ username: 'ci', hasPassword: true });
    // The password decrypts: the engine is asked, and finds nothing listening.
    const check = await api<ErrorEnvelope>(`/api/registries/${registry?.id}/login`, {
      base: server.url,
      as: { cookie: carol },
      method: 'POST',
    });
    expect(check.status).toBe(502);
    expect(check.body.error.message).not.toMatch(/cannot be decrypted/);
    await server.stop();
  });

  it('restores one without its key, saying the secrets cannot be read, and registry use says so too', async () => {
    const { staged, server, carol } = await restoredServer(withoutKey);
    expect(staged.manifest.keyIncluded).toBe(false);
    expect(staged.unreadable).toEqual({ registries: 1, totp: 1 });
    // No code can work now: the login says why (not "wrong code") and a recovery code still signs in.
    const withCode = await login(DAVE.username, DAVE.password, server.url, {
      totp: dave.totp?.generate() ?? '',
    });
    expect(withCode.status).toBe(401);
    expect(withCode.cookie).toBeNull();
    const unreadable = (withCode.body as ErrorEnvelope).error;
    expect(unreadable.code).toBe('totp_unreadable');
    expect(unreadable.message).toMatch(/cannot be read with this install's key.*recovery code/);
    const withRecovery = await login(DAVE.username, DAVE.password, server.url, {
      recoveryCode: dave.recovery[0] ?? '',
    });
    expect(withRecovery.status, JSON.stringify(withRecovery.body)).toBe(200);
    const list = await api<RegistryView[]>('/api/registries', { base: server.url, as: { cookie: carol } });
    const registry = list.body.find((r) => r.name === 'private');
    const check = await api<ErrorEnvelope>(`/api/registries/${registry?.id}/login`, {
      base: server.url,
      as: { cookie: carol },
      method: 'POST',
    });
    expect(check.status).toBe(409);
    expect(check.body.error.message).toMatch(/registry "private" cannot be decrypted/);
    await server.stop();
  });

  it('refuses what is not a Berth backup and stages nothing', async () => {
    const server = await start();
    const cookie = await adminCookieOf(server);
    const bad = await restore(server, cookie, Buffer.from('not a tar archive at all '.repeat(100)));
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/Not a usable Berth backup/);
    // A truncated backup: the database member is cut short.
    const cut = await restore(server, cookie, withKey.subarray(0, 4096));
    expect(cut.status).toBe(400);
    const pending = await api<{ pending: unknown }>('/api/system/restore', {
      base: server.url,
      as: { cookie },
    });
    expect(pending.body.pending).toBeNull();
    await server.stop();
  });
});
