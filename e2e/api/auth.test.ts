import * as OTPAuth from 'otpauth';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '@/lib/audit/types';
import { SOCKET_PATH } from '@/lib/realtime/contract';
import { DEFAULT_SECURITY_SETTINGS } from '@/lib/settings/security';
import { ADMIN_PASSWORD, ADMIN_USER, type ApiResult, api, type ErrorEnvelope, login } from '../support/api';
import {
  countTestContainers,
  engine,
  removeTestContainers,
  TEST_IMAGE,
  TEST_LABEL,
  uniqueName,
} from '../support/engine';
import { type StartedServer, startServer } from '../support/server';

/**
 * Authentication end to end, on servers of this file's own: a first run, an admin from the environment, and
 * one server for sessions, two-factor, throttling, passwords and the audit trail. Their failed logins and
 * settings changes stay there, away from the shared server other test files (and their login limits) use.
 */

const RUN = Date.now().toString(36);
const INVALID = 'Invalid username or password';
const SETUP_TOKEN_LINE = /one-time setup token: (\S+)/;

interface Me {
  user: { id: number; username: string; role: string; totpEnabled: boolean };
  permissions: string[];
}

interface TestUser {
  id: number;
  username: string;
  password: string;
}

let firstRun: StartedServer;
let fromEnv: StartedServer;
let weakEnv: StartedServer;
let main: StartedServer;
let spray: StartedServer;
let burst: StartedServer;
const sockets: Socket[] = [];
const spawned: StartedServer[] = [];

beforeAll(async () => {
  const admin = { BERTH_ADMIN_USER: ADMIN_USER, BERTH_ADMIN_PASSWORD: ADMIN_PASSWORD };
  const envs: Record<string, string>[] = [
    {},
    { BERTH_ADMIN_USER: 'owner', BERTH_ADMIN_PASSWORD: 'bootstrap-secret-2026' },
    { BERTH_ADMIN_PASSWORD: 'short' },
    admin,
    admin,
    admin,
  ];
  // All at once, and every one that did start is stopped in afterAll even if another failed to.
  const results = await Promise.allSettled(
    envs.map(async (env) => {
      const server = await startServer({ env });
      spawned.push(server);
      return server;
    }),
  );
  const [a, b, c, d, e, f] = results.map((result) => {
    if (result.status === 'rejected') throw result.reason;
    return result.value;
  });
  if (!a || !b || !c || !d || !e || !f) throw new Error('a test server did not start');
  [firstRun, fromEnv, weakEnv, main, spray, burst] = [a, b, c, d, e, f];
}, 120_000);

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await removeTestContainers();
  await Promise.all(spawned.map((server) => server.stop()));
}, 60_000);

// ---------------------------------------------------------------------------------------------- helpers

/** As the admin of the main server (the default caller of api(), on that server). */
function mainApi<T = unknown>(path: string, init: Parameters<typeof api>[1] = {}): Promise<ApiResult<T>> {
  return api<T>(path, { base: main.url, ...init });
}

async function createUser(role: 'viewer' | 'operator' | 'admin', prefix: string): Promise<TestUser> {
  const username = `${prefix}-${RUN}`;
  const password = `pw-${prefix}-berth-2026`;
  const res = await mainApi<{ id: number }>('/api/users', {
    method: 'POST',
    json: { username, password, role },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id, username, password };
}

async function sessionOf(user: TestUser, base = main.url): Promise<string> {
  const res = await login(user.username, user.password, base);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  if (!res.cookie) throw new Error('no session cookie');
  return res.cookie;
}

async function meStatus(cookie: string, base = main.url): Promise<number> {
  return (await api('/api/auth/me', { base, as: { cookie } })).status;
}

/** A connected socket with these credential headers; fails the test if the handshake is refused. */
async function connectedSocket(headers: Record<string, string>, base = main.url): Promise<Socket> {
  const socket = io(base, {
    path: SOCKET_PATH,
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    extraHeaders: headers,
  });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('socket did not connect within 5 s')), 5_000);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('connect_error', (err: Error) => {
      clearTimeout(timer);
      reject(err);
    });
  });
  return socket;
}

/** Resolves with the disconnect reason, or null when the socket is still connected after `ms`. */
function disconnection(socket: Socket, ms = 2_000): Promise<string | null> {
  if (!socket.connected) return Promise.resolve('already disconnected');
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), ms);
    socket.once('disconnect', (reason: string) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

/** Emits an event and waits for its ack: the ack's payload, or 'no ack' after `ms`. */
function emitWithAck(socket: Socket, event: string, ms: number): Promise<unknown> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('no ack'), ms);
    socket.emit(event, (payload: unknown) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

async function auditEntries(query: Record<string, string>): Promise<AuditEntry[]> {
  const res = await mainApi<AuditEntry[]>(`/api/audit?${new URLSearchParams(query)}`);
  expect(res.status).toBe(200);
  return res.body;
}

function totpFor(secret: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({
    secret: OTPAuth.Secret.fromBase32(secret),
    digits: 6,
    period: 30,
    algorithm: 'SHA1',
  });
}

// ---------------------------------------------------------------------------------------------- first run

describe('first run without an admin', () => {
  const username = 'first-owner';
  const password = 'lighthouse-keeper-passphrase-1';
  let token = '';

  it('reports that setup is required and prints a one-time setup token to the log', async () => {
    const status = await api<{ setupRequired: boolean }>('/api/auth/status', {
      base: firstRun.url,
      as: 'anonymous',
    });
    expect(status.body).toEqual({ setupRequired: true });
    const match = SETUP_TOKEN_LINE.exec(firstRun.output());
    expect(match, firstRun.output()).not.toBeNull();
    token = match?.[1] ?? '';
    expect(token.length).toBeGreaterThanOrEqual(20);
  });

  it('keeps the rest of the API closed while setup is pending', async () => {
    const res = await api<ErrorEnvelope>('/api/containers', { base: firstRun.url, as: 'anonymous' });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthorized');
  });

  it('refuses a wrong setup token with 403 and stays in setup', async () => {
    const res = await api<ErrorEnvelope>('/api/auth/setup', {
      base: firstRun.url,
      as: 'anonymous',
      method: 'POST',
      json: { token: `${token}x`, username, password },
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
    expect(res.headers.get('set-cookie')).toBeNull();
    const status = await api('/api/auth/status', { base: firstRun.url, as: 'anonymous' });
    expect(status.body).toEqual({ setupRequired: true });
  });

  it('refuses a weak password with the right token, naming the field, and stays in setup', async () => {
    const res = await api<ErrorEnvelope>('/api/auth/setup', {
      base: firstRun.url,
      as: 'anonymous',
      method: 'POST',
      json: { token, username, password: 'short' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields?.map((f) => f.path)).toContain('body.password');
    const status = await api('/api/auth/status', { base: firstRun.url, as: 'anonymous' });
    expect(status.body).toEqual({ setupRequired: true });
  });

  it('creates the admin with the right token and logs them in', async () => {
    const res = await api<{ user: { username: string; role: string } }>('/api/auth/setup', {
      base: firstRun.url,
      as: 'anonymous',
      method: 'POST',
      json: { token, username, password },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.user).toMatchObject({ username, role: 'admin' });
    const cookie = res.headers.get('set-cookie')?.split(';')[0] ?? '';
    expect(cookie).toMatch(/^berth_session=.+/);
    const me = await api<Me>('/api/auth/me', { base: firstRun.url, as: { cookie } });
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ username, role: 'admin' });
    const status = await api('/api/auth/status', { base: firstRun.url, as: 'anonymous' });
    expect(status.body).toEqual({ setupRequired: false });
  });

  it('refuses a second setup with 409, even with the same token', async () => {
    const res = await api<ErrorEnvelope>('/api/auth/setup', {
      base: firstRun.url,
      as: 'anonymous',
      method: 'POST',
      json: { token, username: 'second-owner', password: 'another-keeper-passphrase-2' },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('conflict');
    const second = await login('second-owner', 'another-keeper-passphrase-2', firstRun.url);
    expect(second.status).toBe(401);
  });
});

describe('an admin from BERTH_ADMIN_PASSWORD', () => {
  it('is created at start, and no setup token is printed', async () => {
    expect(fromEnv.output()).toContain('created the admin account "owner" from BERTH_ADMIN_PASSWORD');
    expect(fromEnv.output()).not.toMatch(SETUP_TOKEN_LINE);
    const status = await api('/api/auth/status', { base: fromEnv.url, as: 'anonymous' });
    expect(status.body).toEqual({ setupRequired: false });
    const res = await login('owner', 'bootstrap-secret-2026', fromEnv.url);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ user: { username: 'owner', role: 'admin' } });
  });

  it('is not created from a weak password: the server falls back to a setup token', async () => {
    expect(weakEnv.output()).toContain('BERTH_ADMIN_PASSWORD was not used');
    expect(weakEnv.output()).toMatch(SETUP_TOKEN_LINE);
    const status = await api('/api/auth/status', { base: weakEnv.url, as: 'anonymous' });
    expect(status.body).toEqual({ setupRequired: true });
  });
});

// ---------------------------------------------------------------------------------------------- sessions

describe('session revocation', () => {
  it('ends one session on logout and all of them on logout-all, with their sockets', async () => {
    const user = await createUser('operator', 'sessions');
    const first = await sessionOf(user);
    const second = await sessionOf(user);
    expect(first).not.toBe(second);
    const firstSocket = await connectedSocket({ cookie: first });
    const secondSocket = await connectedSocket({ cookie: second });

    const firstGone = disconnection(firstSocket);
    const logout = await mainApi('/api/auth/logout', { method: 'POST', as: { cookie: first } });
    expect(logout.status).toBe(204);
    expect(logout.headers.get('set-cookie')).toMatch(/berth_session=;.*Max-Age=0/);
    expect(await meStatus(first)).toBe(401);
    expect(await meStatus(second)).toBe(200);
    expect(await firstGone).toBe('io server disconnect');
    expect(secondSocket.connected).toBe(true);

    const secondGone = disconnection(secondSocket);
    const all = await mainApi('/api/auth/logout-all', { method: 'POST', as: { cookie: second } });
    expect(all.status).toBe(204);
    expect(await meStatus(second)).toBe(401);
    expect(await secondGone).toBe('io server disconnect');
  });
});

describe('disabling a user', () => {
  it('ends their sessions, API tokens and sockets at once, and refuses their login', async () => {
    const user = await createUser('operator', 'disabled');
    const cookie = await sessionOf(user);
    const token = await mainApi<{ token: string }>('/api/tokens', {
      method: 'POST',
      as: { cookie },
      json: { name: 'disabled-test' },
    });
    expect(token.status).toBe(201);
    const socket = await connectedSocket({ cookie });
    expect(await meStatus(cookie)).toBe(200);

    const gone = disconnection(socket);
    const patch = await mainApi(`/api/users/${user.id}`, { method: 'PATCH', json: { disabled: true } });
    expect(patch.status).toBe(200);
    expect(await meStatus(cookie)).toBe(401);
    expect((await mainApi('/api/containers', { as: { token: token.body.token } })).status).toBe(401);
    expect(await gone).toBe('io server disconnect');

    const again = await login(user.username, user.password, main.url);
    expect(again.status).toBe(401);
    expect(again.cookie).toBeNull();
    expect(again.body).toMatchObject({ error: { code: 'unauthorized', message: INVALID } });

    // Enabling the account again does not bring the old session back: it was deleted, not hidden.
    const enable = await mainApi(`/api/users/${user.id}`, { method: 'PATCH', json: { disabled: false } });
    expect(enable.status).toBe(200);
    expect(await meStatus(cookie)).toBe(401);
    expect(await meStatus(await sessionOf(user))).toBe(200);
  });
});

describe('a socket opened with an API token', () => {
  it('works while the token is valid and answers no event once it is revoked', async () => {
    const user = await createUser('viewer', 'token-socket');
    const cookie = await sessionOf(user);
    const created = await mainApi<{ id: number; token: string }>('/api/tokens', {
      method: 'POST',
      as: { cookie },
      json: { name: 'socket' },
    });
    expect(created.status).toBe(201);
    const socket = await connectedSocket({ authorization: `Bearer ${created.body.token}` });
    expect(await emitWithAck(socket, 'engine:status', 5_000)).toMatchObject({
      ok: true,
      engine: { reachable: true },
    });

    const revoked = await mainApi(`/api/tokens/${created.body.id}`, { method: 'DELETE', as: { cookie } });
    expect(revoked.status).toBe(204);
    const gone = disconnection(socket, 3_000);
    // The next event is re-checked against the token, refused, and the socket is closed.
    expect(await emitWithAck(socket, 'engine:status', 1_000)).toBe('no ack');
    expect(await gone).not.toBeNull();
    expect(socket.connected).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------- TOTP

describe('two-factor authentication', () => {
  it('enrols with a code, then asks for one at login, refuses replays and takes each recovery code once', async () => {
    const user = await createUser('operator', 'totp');
    const cookie = await sessionOf(user);

    const setup = await mainApi<{ secret: string; uri: string }>('/api/auth/totp/setup', {
      method: 'POST',
      as: { cookie },
    });
    expect(setup.status).toBe(200);
    expect(setup.body.uri).toMatch(/^otpauth:\/\/totp\//);
    const totp = totpFor(setup.body.secret);

    const enrolCode = totp.generate();
    const enable = await mainApi<{ recoveryCodes: string[] }>('/api/auth/totp/enable', {
      method: 'POST',
      as: { cookie },
      json: { code: enrolCode },
    });
    expect(enable.status, JSON.stringify(enable.body)).toBe(200);
    const recovery = enable.body.recoveryCodes;
    expect(recovery).toHaveLength(10);
    const me = await mainApi<Me>('/api/auth/me', { as: { cookie } });
    expect(me.body.user.totpEnabled).toBe(true);

    // The right password alone: asked for the second factor, no session.
    const noCode = await login(user.username, user.password, main.url);
    expect(noCode.status).toBe(401);
    expect(noCode.cookie).toBeNull();
    expect(noCode.body).toMatchObject({ error: { code: 'totp_required' } });

    // A code valid for none of the periods the server accepts.
    const near = [-30_000, 0, 30_000, 60_000].map((d) => totp.generate({ timestamp: Date.now() + d }));
    let wrong = 0;
    while (near.includes(String(wrong).padStart(6, '0'))) wrong += 1;
    const wrongCode = await login(user.username, user.password, main.url, {
      totp: String(wrong).padStart(6, '0'),
    });
    expect(wrongCode.status).toBe(401);
    expect(wrongCode.cookie).toBeNull();

    // The code used to enrol was consumed: it cannot log in.
    const replayEnrol = await login(user.username, user.password, main.url, { totp: enrolCode });
    expect(replayEnrol.status).toBe(401);

    const nextCode = totp.generate({ timestamp: Date.now() + 30_000 });
    const ok = await login(user.username, user.password, main.url, { totp: nextCode });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.cookie).toMatch(/^berth_session=/);

    const replay = await login(user.username, user.password, main.url, { totp: nextCode });
    expect(replay.status).toBe(401);
    expect(replay.cookie).toBeNull();

    const viaRecovery = await login(user.username, user.password, main.url, {
      recoveryCode: recovery[0] ?? '',
    });
    expect(viaRecovery.status, JSON.stringify(viaRecovery.body)).toBe(200);
    const reused = await login(user.username, user.password, main.url, { recoveryCode: recovery[0] ?? '' });
    expect(reused.status).toBe(401);
    expect(reused.cookie).toBeNull();
    // Another recovery code still works.
    const other = await login(user.username, user.password, main.url, { recoveryCode: recovery[1] ?? '' });
    expect(other.status).toBe(200);
  });

  it('does not let a wrong password through with a valid code', async () => {
    const user = await createUser('viewer', 'totp-pw');
    const cookie = await sessionOf(user);
    const setup = await mainApi<{ secret: string }>('/api/auth/totp/setup', {
      method: 'POST',
      as: { cookie },
    });
    const totp = totpFor(setup.body.secret);
    const enable = await mainApi('/api/auth/totp/enable', {
      method: 'POST',
      as: { cookie },
      json: { code: totp.generate() },
    });
    expect(enable.status).toBe(200);
    const res = await login(user.username, 'not-the-password-1', main.url, {
      totp: totp.generate({ timestamp: Date.now() + 30_000 }),
    });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: { message: INVALID } });
  });
});

// ---------------------------------------------------------------------------------------------- throttling

describe('login throttling', () => {
  it('answers an unknown user and a wrong password with the same 401 and message', async () => {
    const known = await createUser('viewer', 'same-answer');
    const unknown = await login(`nobody-${RUN}`, 'whatever-password-1', main.url);
    const wrong = await login(known.username, 'whatever-password-1', main.url);
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.body).toEqual({ error: { message: INVALID, code: 'unauthorized', status: 401 } });
  });

  it('makes an address wait after 5 failures on one account, even with the right password, and no other account', async () => {
    const user = await createUser('viewer', 'throttled');
    const bystander = await createUser('viewer', 'bystander');
    for (let i = 0; i < 5; i++) {
      const res = await login(user.username, `wrong-password-${i}`, main.url);
      expect(res.status, `attempt ${i + 1}`).toBe(401);
    }
    const locked = await login(user.username, user.password, main.url);
    expect(locked.status).toBe(429);
    expect(locked.cookie).toBeNull();
    expect(locked.body).toMatchObject({ error: { code: 'too_many_requests', status: 429 } });
    expect((locked.body as ErrorEnvelope).error.message).toMatch(/try again in \d+ s/);
    // The account name is matched case-insensitively, so changing its case does not reset the count.
    const upper = await login(user.username.toUpperCase(), user.password, main.url);
    expect(upper.status).toBe(429);
    // The wait is per account: another user on the same address still logs in.
    expect((await login(bystander.username, bystander.password, main.url)).status).toBe(200);
  });

  it('checks no more than a few passwords of one account from a burst of parallel guesses', async () => {
    // The counters must hold under concurrency too: requests that arrive while earlier guesses are still being
    // verified must not each get a free password check.
    const attempts = await Promise.all(
      Array.from({ length: 30 }, (_, i) => login(ADMIN_USER, `parallel-guess-${i}-berth`, burst.url)),
    );
    const checked = attempts.filter((res) => res.status === 401).length;
    const refused = attempts.filter((res) => res.status === 429).length;
    expect(checked + refused).toBe(30);
    expect(checked, `${checked} of 30 parallel guesses had their password checked`).toBeLessThanOrEqual(6);
    // The backoff outlives the burst: of two more guesses (the first may come after a short wait ran out), one
    // is refused.
    const more = [
      (await login(ADMIN_USER, 'one-more-guess-berth', burst.url)).status,
      (await login(ADMIN_USER, 'two-more-guesses-berth', burst.url)).status,
    ];
    expect(more).toContain(429);
  });

  it('locks an address out after 30 failures spread over many names', async () => {
    for (let i = 0; i < 30; i++) {
      const res = await login(`spray-${i}-${RUN}`, 'sprayed-password-1', spray.url);
      expect(res.status, `attempt ${i + 1}`).toBe(401);
    }
    const locked = await login(ADMIN_USER, ADMIN_PASSWORD, spray.url);
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({ error: { code: 'too_many_requests' } });
  });
});

// ---------------------------------------------------------------------------------------------- passwords

describe('changing one’s password', () => {
  it('needs the current password and a strong new one, then ends the sessions', async () => {
    const user = await createUser('operator', 'passwd');
    const cookie = await sessionOf(user);
    const other = await sessionOf(user);
    const next = `new-${user.password}-changed`;

    const wrongCurrent = await mainApi<ErrorEnvelope>('/api/auth/password', {
      method: 'POST',
      as: { cookie },
      json: { current: 'not-the-password-1', next },
    });
    expect(wrongCurrent.status).toBe(400);
    expect(wrongCurrent.body.error.fields?.map((f) => f.path)).toEqual(['body.current']);

    const weak = await mainApi<ErrorEnvelope>('/api/auth/password', {
      method: 'POST',
      as: { cookie },
      json: { current: user.password, next: 'short' },
    });
    expect(weak.status).toBe(400);
    expect(weak.body.error.fields?.map((f) => f.path)).toEqual(['body.next']);
    // Neither refusal changed anything.
    expect(await meStatus(cookie)).toBe(200);

    const done = await mainApi('/api/auth/password', {
      method: 'POST',
      as: { cookie },
      json: { current: user.password, next },
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(await meStatus(cookie)).toBe(401);
    expect(await meStatus(other)).toBe(401);
    expect((await login(user.username, user.password, main.url)).status).toBe(401);
    const fresh = await login(user.username, next, main.url);
    expect(fresh.status).toBe(200);
  });
});

// ---------------------------------------------------------------------------------------------- audit

describe('the audit trail and the container policy', () => {
  let operator: TestUser;
  let operatorCookie = '';

  beforeAll(async () => {
    operator = await createUser('operator', 'audited');
    operatorCookie = await sessionOf(operator);
  });

  afterAll(async () => {
    await mainApi('/api/settings', { method: 'PUT', json: { security: DEFAULT_SECURITY_SETTINGS } });
  });

  const createAs = (cookie: string | 'admin', body: Record<string, unknown>) =>
    mainApi<{ id: string } & ErrorEnvelope>('/api/containers', {
      method: 'POST',
      as: cookie === 'admin' ? 'admin' : { cookie },
      json: body,
    });

  it('records a container create with the user, the result and the docker command', async () => {
    const name = uniqueName('audited');
    const res = await createAs(operatorCookie, {
      image: TEST_IMAGE,
      name,
      command: ['sleep', '3600'],
      labels: [TEST_LABEL],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const entries = await auditEntries({ action: 'container.create', user: operator.username });
    const entry = entries.find((e) => e.target === name);
    expect(entry, JSON.stringify(entries)).toBeDefined();
    expect(entry).toMatchObject({ username: operator.username, role: 'operator', result: 'ok', error: null });
    expect(entry?.command).toMatch(/^docker run /);
    expect(entry?.command).toContain(name);
    expect(entry?.ip).toBeTruthy();
  });

  it('refuses a privileged container for an operator, naming the setting, creates nothing and audits it', async () => {
    const before = await countTestContainers();
    const res = await createAs(operatorCookie, { image: TEST_IMAGE, privileged: true, labels: [TEST_LABEL] });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('policy');
    expect(res.body.error.message).toContain('allowPrivileged');
    expect(await countTestContainers()).toBe(before);
    const entries = await auditEntries({
      action: 'container.create',
      user: operator.username,
      result: 'error',
    });
    expect(entries.some((e) => e.error?.includes('allowPrivileged'))).toBe(true);
  });

  it('refuses a host bind mount for an operator, naming allowHostBindMounts', async () => {
    const before = await countTestContainers();
    const res = await createAs(operatorCookie, {
      image: TEST_IMAGE,
      volumes: ['/etc:/host-etc:ro'],
      labels: [TEST_LABEL],
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('policy');
    expect(res.body.error.message).toContain('allowHostBindMounts');
    expect(res.body.error.message).not.toContain('allowPrivileged');
    expect(await countTestContainers()).toBe(before);
  });

  it('lets the admin create a privileged container', async () => {
    const res = await createAs('admin', {
      image: TEST_IMAGE,
      privileged: true,
      labels: [TEST_LABEL],
      start: false,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect((await engine.getContainer(res.body.id).inspect()).HostConfig.Privileged).toBe(true);
  });

  it('lets the operator create one once the admin allows privileged containers, and nothing more', async () => {
    const put = await mainApi<{ security: typeof DEFAULT_SECURITY_SETTINGS }>('/api/settings', {
      method: 'PUT',
      json: { security: { ...DEFAULT_SECURITY_SETTINGS, allowPrivileged: true } },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.security.allowPrivileged).toBe(true);

    const res = await createAs(operatorCookie, {
      image: TEST_IMAGE,
      privileged: true,
      labels: [TEST_LABEL],
      start: false,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect((await engine.getContainer(res.body.id).inspect()).HostConfig.Privileged).toBe(true);

    const bind = await createAs(operatorCookie, {
      image: TEST_IMAGE,
      volumes: ['/etc:/host-etc:ro'],
      labels: [TEST_LABEL],
    });
    expect(bind.status).toBe(403);
    expect(bind.body.error.message).toContain('allowHostBindMounts');
  });

  it('records failed logins with the name that was tried', async () => {
    const tried = `ghost-${RUN}`;
    const res = await login(tried, 'some-password-123', main.url);
    expect(res.status).toBe(401);
    const unknown = await auditEntries({ action: 'auth.login', result: 'error', user: tried });
    expect(unknown).toHaveLength(1);
    expect(unknown[0]).toMatchObject({ username: tried, userId: null, target: tried, result: 'error' });

    const wrong = await login(operator.username, 'not-the-password-1', main.url);
    expect(wrong.status).toBe(401);
    const known = await auditEntries({ action: 'auth.login', result: 'error', user: operator.username });
    expect(known[0]).toMatchObject({ username: operator.username, userId: operator.id, result: 'error' });
  });
});
