import http from 'node:http';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SOCKET_PATH } from '@/lib/realtime/contract';
import { ADMIN_PASSWORD, ADMIN_USER, type ApiResult, api, type ErrorEnvelope } from '../support/api';
import { type StartedServer, startServer } from '../support/server';

/**
 * Issue 18 hardening of logins and API tokens, on a server of this file's own (its failed logins and revoked
 * tokens stay there). Two clients on one machine are told apart by their source address: the server listens on
 * 127.0.0.1, loopback accepts any 127.x source, and Berth takes the client IP from the socket.
 */

const RUN = Date.now().toString(36);
const OWNER = '127.0.0.1';
const STRANGER = '127.0.0.2';
const BURSTER = '127.0.0.3';
const TRY_AGAIN = /try again in (\d+) s/;

let server: StartedServer;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startServer({ env: { BERTH_ADMIN_USER: ADMIN_USER, BERTH_ADMIN_PASSWORD: ADMIN_PASSWORD } });
}, 120_000);

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await server?.stop();
}, 60_000);

interface Answer {
  status: number;
  cookie: string | null;
  body: { error?: { code: string; message: string } } | null;
}

/** POST /api/auth/login from a given local (source) address. */
function loginFrom(localAddress: string, username: string, password: string): Promise<Answer> {
  const url = new URL('/api/auth/login', server.url);
  const payload = JSON.stringify({ username, password });
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        localAddress,
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          const setCookie = res.headers['set-cookie']?.[0];
          let body: Answer['body'] = null;
          try {
            body = text ? JSON.parse(text) : null;
          } catch {
            // not JSON
          }
          resolve({ status: res.statusCode ?? 0, cookie: setCookie?.split(';')[0] ?? null, body });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** GET a path with a bearer token from a given local address. */
function getWithToken(localAddress: string, path: string, token: string): Promise<number> {
  const url = new URL(path, server.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        localAddress,
        agent: false,
        headers: { authorization: `Bearer ${token}` },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const waitSeconds = (answer: Answer): number => {
  const match = TRY_AGAIN.exec(answer.body?.error?.message ?? '');
  expect(match, JSON.stringify(answer.body)).not.toBeNull();
  return Number(match?.[1]);
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function as<T = unknown>(path: string, init: Parameters<typeof api>[1] = {}): Promise<ApiResult<T>> {
  return api<T>(path, { base: server.url, ...init });
}

interface TokenView {
  id: number;
  name: string;
  lastUsedAt: number | null;
  lastUsedIp: string | null;
  keep: boolean;
}

async function createUser(prefix: string): Promise<{ id: number; username: string; password: string }> {
  const username = `${prefix}-${RUN}`;
  const password = `pw-${prefix}-berth-2026`;
  const res = await as<{ id: number }>('/api/users', {
    method: 'POST',
    json: { username, password, role: 'operator' },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id, username, password };
}

async function sessionOf(user: { username: string; password: string }): Promise<string> {
  const res = await loginFrom(OWNER, user.username, user.password);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  if (!res.cookie) throw new Error('no session cookie');
  return res.cookie;
}

async function mint(cookie: string, name: string, keep?: boolean): Promise<TokenView & { token: string }> {
  const res = await as<TokenView & { token: string }>('/api/tokens', {
    method: 'POST',
    as: { cookie },
    json: keep === undefined ? { name } : { name, keep },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const works = async (token: string) => (await as('/api/auth/me', { as: { token } })).status === 200;

async function tokenSocket(token: string): Promise<Socket> {
  const socket = io(server.url, {
    path: SOCKET_PATH,
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    extraHeaders: { authorization: `Bearer ${token}` },
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

function disconnection(socket: Socket, ms = 3_000): Promise<string | null> {
  if (!socket.connected) return Promise.resolve('already disconnected');
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), ms);
    socket.once('disconnect', (reason: string) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

// ---------------------------------------------------------------------------------------------- login throttling

describe('login throttling per account and address', () => {
  it('lets the owner in with the right password after a stranger failed 30 times from another address', async () => {
    const answers: number[] = [];
    for (let i = 0; i < 30; i++) {
      const res = await loginFrom(STRANGER, ADMIN_USER, `stranger-guess-${i}-berth`);
      answers.push(res.status);
      expect([401, 429], JSON.stringify(res.body)).toContain(res.status);
    }
    // The stranger was slowed down (most guesses refused unchecked)...
    expect(answers.filter((s) => s === 429).length).toBeGreaterThan(20);
    // ...and the owner, from their own address, still gets in at once.
    const owner = await loginFrom(OWNER, ADMIN_USER, ADMIN_PASSWORD);
    expect(owner.status, JSON.stringify(owner.body)).toBe(200);
    expect(owner.cookie).not.toBeNull();
    // The stranger, even with the right password, must wait.
    const stranger = await loginFrom(STRANGER, ADMIN_USER, ADMIN_PASSWORD);
    expect(stranger.status).toBe(429);
    expect(stranger.body?.error?.code).toBe('too_many_requests');
  });

  it('makes a failing address wait ever longer between guesses', async () => {
    const name = `backoff-${RUN}`; // an unknown name is throttled like any other
    const statuses: number[] = [];
    let first: Answer | null = null;
    for (let i = 0; i < 6; i++) {
      const res = await loginFrom(STRANGER, name, `guess-${i}-berth`);
      statuses.push(res.status);
      if (res.status === 429) first = res;
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[5]).toBe(429);
    if (!first) throw new Error('no 429');
    const waits = [waitSeconds(first)];
    for (let round = 0; round < 2; round++) {
      await sleep((waits.at(-1) ?? 1) * 1000 + 200);
      const checked = await loginFrom(STRANGER, name, `after-wait-${round}-berth`);
      expect(checked.status, `round ${round}`).toBe(401);
      const refused = await loginFrom(STRANGER, name, `too-soon-${round}-berth`);
      expect(refused.status, `round ${round}`).toBe(429);
      waits.push(waitSeconds(refused));
    }
    expect(waits[1]).toBeGreaterThan(waits[0] ?? 0);
    expect(waits[2]).toBeGreaterThan(waits[1] ?? 0);
  });

  it('checks only a few passwords of a parallel burst from one address, and not the owner out', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 30 }, (_, i) => loginFrom(BURSTER, ADMIN_USER, `parallel-guess-${i}-berth`)),
    );
    const checked = attempts.filter((res) => res.status === 401).length;
    const refused = attempts.filter((res) => res.status === 429).length;
    expect(checked + refused).toBe(30);
    expect(checked, `${checked} of 30 parallel guesses had their password checked`).toBeLessThanOrEqual(6);
    expect((await loginFrom(OWNER, ADMIN_USER, ADMIN_PASSWORD)).status).toBe(200);
  });
});

// ---------------------------------------------------------------------------------------------- API tokens

describe('API tokens and their owner’s decisions', () => {
  it('cannot mint tokens, nor mark themselves to keep: only a session can', async () => {
    const user = await createUser('minter');
    const cookie = await sessionOf(user);
    const first = await mint(cookie, 'first');
    const bred = await as<ErrorEnvelope>('/api/tokens', {
      method: 'POST',
      as: { token: first.token },
      json: { name: 'bred' },
    });
    expect(bred.status).toBe(403);
    expect(bred.body.error.message).toMatch(/session/i);
    const kept = await as<ErrorEnvelope>(`/api/tokens/${first.id}`, {
      method: 'PATCH',
      as: { token: first.token },
      json: { keep: true },
    });
    expect(kept.status).toBe(403);
    const list = await as<TokenView[]>('/api/tokens', { as: { cookie } });
    expect(list.body.map((t) => t.name)).toEqual(['first']);
    expect(list.body[0]?.keep).toBe(false);
  });

  it('shows each token’s last use, with the client address', async () => {
    const user = await createUser('lastuse');
    const cookie = await sessionOf(user);
    const minted = await mint(cookie, 'used');
    expect(minted).toMatchObject({ lastUsedAt: null, lastUsedIp: null });
    const before = Date.now();
    expect(await getWithToken(STRANGER, '/api/auth/me', minted.token)).toBe(200);
    const list = await as<TokenView[]>('/api/tokens', { as: { cookie } });
    const used = list.body.find((t) => t.id === minted.id);
    expect(used?.lastUsedIp).toBe(STRANGER);
    expect(used?.lastUsedAt).toBeGreaterThanOrEqual(before - 1000);
  });

  it('are revoked by "log out everywhere" unless kept, and a revoked token’s socket drops', async () => {
    const user = await createUser('logoutall');
    const cookie = await sessionOf(user);
    const plain = await mint(cookie, 'plain');
    const keptAtBirth = await mint(cookie, 'kept-at-birth', true);
    const keptLater = await mint(cookie, 'kept-later');
    const marked = await as<TokenView>(`/api/tokens/${keptLater.id}`, {
      method: 'PATCH',
      as: { cookie },
      json: { keep: true },
    });
    expect(marked.status, JSON.stringify(marked.body)).toBe(200);
    expect(marked.body.keep).toBe(true);
    const socket = await tokenSocket(plain.token);
    const dropped = disconnection(socket);

    const out = await as('/api/auth/logout-all', { method: 'POST', as: { cookie } });
    expect(out.status).toBe(204);
    expect(await dropped).not.toBeNull();
    expect(await works(plain.token)).toBe(false);
    expect(await works(keptAtBirth.token)).toBe(true);
    expect(await works(keptLater.token)).toBe(true);
    const list = await as<TokenView[]>('/api/tokens', { as: { cookie: await sessionOf(user) } });
    expect(list.body.map((t) => t.name).sort()).toEqual(['kept-at-birth', 'kept-later']);
  });

  it('are revoked by a password change unless kept', async () => {
    const user = await createUser('pwchange');
    const cookie = await sessionOf(user);
    const plain = await mint(cookie, 'plain');
    const kept = await mint(cookie, 'kept', true);
    const changed = await as('/api/auth/password', {
      method: 'POST',
      as: { cookie },
      json: { current: user.password, next: `${user.password}-renewed` },
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(await works(plain.token)).toBe(false);
    expect(await works(kept.token)).toBe(true);
  });

  it('are revoked by an admin password reset or disabling, unless kept', async () => {
    const user = await createUser('adminreset');
    const cookie = await sessionOf(user);
    const plain = await mint(cookie, 'plain');
    const kept = await mint(cookie, 'kept', true);
    const reset = await as(`/api/users/${user.id}/password`, {
      method: 'POST',
      json: { password: 'reset-by-admin-berth-2026' },
    });
    expect(reset.status, JSON.stringify(reset.body)).toBe(200);
    expect(await works(plain.token)).toBe(false);
    expect(await works(kept.token)).toBe(true);

    const second = await mint(await sessionOf({ ...user, password: 'reset-by-admin-berth-2026' }), 'second');
    const disable = await as(`/api/users/${user.id}`, { method: 'PATCH', json: { disabled: true } });
    expect(disable.status, JSON.stringify(disable.body)).toBe(200);
    const enable = await as(`/api/users/${user.id}`, { method: 'PATCH', json: { disabled: false } });
    expect(enable.status).toBe(200);
    // Re-enabling does not revive a revoked token; the kept one works again.
    expect(await works(second.token)).toBe(false);
    expect(await works(kept.token)).toBe(true);
  });
});
