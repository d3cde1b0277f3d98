import { readFileSync } from 'node:fs';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_EVENTS, SOCKET_PATH } from '@/lib/realtime/contract';
import { adminCookie, api, BASE_URL, type ErrorEnvelope, userSession } from '../support/api';
import { countTestContainers, engine, removeTestContainers, TEST_IMAGE, TEST_LABEL } from '../support/engine';
import { API_DIR, enumerateRoutes, type Method, urlOf } from '../support/routes';

/**
 * The guard, walked from the source tree: every /api route file and every socket.io event. A route or event
 * added later is covered without editing this file, and one that skips the guard makes it fail.
 */

/** The only (method, path) pairs an anonymous caller may reach. Everything else must answer 401. */
const PUBLIC = [
  'GET /api/health',
  'GET /api/auth/status',
  'POST /api/auth/login',
  'POST /api/auth/setup',
  // Passkey sign-in: options (a challenge), then the authenticator's answer.
  'POST /api/auth/passkeys/login/options',
  'POST /api/auth/passkeys/login/verify',
  // OIDC single sign-on: the login page's buttons, the start (a redirect to the provider) and its way back.
  'GET /api/auth/oidc/providers',
  'GET /api/auth/oidc/berth-guard-test/start',
  'GET /api/auth/oidc/berth-guard-test/callback',
];

/** Placeholder values for dynamic segments: any value will do, the guard must answer before the handler. */
const SEGMENT_VALUES: Record<string, string> = { id: 'berth-guard-test', action: 'start' };
const FOREIGN_ORIGIN = 'http://evil.example';

interface Endpoint {
  method: Method;
  url: string;
  file: string;
  /** The `permission:` of the route() call the handler is built with, or null when there is none. */
  permission: string | null;
  key: string;
}

/** The shared route table (e2e/support/routes.ts), with the placeholder values filled in. */
function enumerateEndpoints(): Endpoint[] {
  return enumerateRoutes().map(({ method, file, permission, segments }) => {
    const url = urlOf(segments, (name) => SEGMENT_VALUES[name] ?? name);
    return { method, url, file, permission, key: `${method} ${url}` };
  });
}

const ENDPOINTS = enumerateEndpoints();
const GUARDED = ENDPOINTS.filter((e) => !PUBLIC.includes(e.key));
const MUTATIONS = ENDPOINTS.filter((e) => e.method !== 'GET');

function expectEnvelope(body: unknown, status: number, code: string): void {
  expect(body, JSON.stringify(body)).toMatchObject({ error: { status, code, message: expect.any(String) } });
}

describe('the route inventory', () => {
  it('finds the route files and their handlers', () => {
    expect(ENDPOINTS.length).toBeGreaterThan(20);
    expect(ENDPOINTS.map((e) => e.key)).toContain('DELETE /api/containers/berth-guard-test');
    expect(ENDPOINTS.map((e) => e.key)).toContain('POST /api/containers/berth-guard-test/start');
  });

  it('lists only public routes that exist, so a stale allow-list fails', () => {
    const keys = ENDPOINTS.map((e) => e.key);
    for (const entry of PUBLIC) expect(keys, `${entry} is in PUBLIC but not in app/api`).toContain(entry);
  });

  it('builds every handler with route() and a permission, and only the allow-listed ones are public', () => {
    for (const file of new Set(ENDPOINTS.map((e) => e.file))) {
      const source = readFileSync(path.join(API_DIR, file), 'utf8');
      // A handler exported any other way would escape the enumeration above.
      expect(source, `${file} exports a handler that is not a const`).not.toMatch(
        /export\s+(?:async\s+)?function\s+(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/,
      );
      expect(source, `${file} exports a HEAD or OPTIONS handler`).not.toMatch(
        /export\s+const\s+(?:HEAD|OPTIONS)\b/,
      );
    }
    for (const endpoint of ENDPOINTS) {
      expect(endpoint.permission, `${endpoint.key} is not built with route({ permission })`).not.toBeNull();
    }
    const declaredPublic = ENDPOINTS.filter((e) => e.permission === 'public').map((e) => e.key);
    expect(declaredPublic.sort()).toEqual([...PUBLIC].sort());
  });
});

describe('anonymous callers', () => {
  it.each(GUARDED.map((e) => [e.key, e] as const))('%s answers 401 with the error envelope', async (_, e) => {
    const res = await api<ErrorEnvelope>(e.url, {
      method: e.method,
      as: 'anonymous',
      ...(e.method === 'GET' || e.method === 'DELETE' ? {} : { json: {} }),
    });
    expect(res.status, `${e.key}: ${JSON.stringify(res.body)}`).toBe(401);
    expectEnvelope(res.body, 401, 'unauthorized');
  });

  it('gets 401 with a forged session cookie or an unknown API token on every guarded route', async () => {
    const callers = [
      { cookie: 'berth_session=forged-session-id-0000000000000000000000000' },
      { token: `berth_${'A'.repeat(43)}` },
      { token: 'not-a-berth-token' },
    ];
    for (const e of GUARDED) {
      for (const as of callers) {
        const res = await api<ErrorEnvelope>(e.url, { method: e.method, as });
        expect(res.status, `${e.key} as ${JSON.stringify(as)}`).toBe(401);
        expectEnvelope(res.body, 401, 'unauthorized');
      }
    }
  });

  it('reaches the public routes without credentials', async () => {
    const health = await api('/api/health', { as: 'anonymous' });
    expect(health.status).toBe(200);
    const status = await api<{ setupRequired: boolean }>('/api/auth/status', { as: 'anonymous' });
    expect(status.status).toBe(200);
    expect(status.body.setupRequired).toBe(false);
    // An empty body is refused by validation, not by the guard: no login is attempted, nothing is counted.
    const loginRes = await api<ErrorEnvelope>('/api/auth/login', {
      method: 'POST',
      as: 'anonymous',
      json: {},
    });
    expect(loginRes.status).toBe(400);
    expectEnvelope(loginRes.body, 400, 'bad_request');
    const setup = await api<ErrorEnvelope>('/api/auth/setup', { method: 'POST', as: 'anonymous', json: {} });
    expect(setup.status).toBe(400);
    expectEnvelope(setup.body, 400, 'bad_request');
    const passkey = await api<ErrorEnvelope>('/api/auth/passkeys/login/verify', {
      method: 'POST',
      as: 'anonymous',
      json: {},
    });
    expect(passkey.status).toBe(400);
    expectEnvelope(passkey.body, 400, 'bad_request');
  });

  it.each(['/', '/containers', '/users', '/settings'])(
    'are sent from page %s to /login?next=…',
    async (page) => {
      const res = await api(page, { as: 'anonymous' });
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent(page)}`);
    },
  );

  it('keeps the query string in next=', async () => {
    const res = await api('/containers?state=running', { as: 'anonymous' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(
      `/login?next=${encodeURIComponent('/containers?state=running')}`,
    );
  });

  it('can open the login page', async () => {
    const res = await api<string>('/login', { as: 'anonymous' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('can open the pages of a logged-in user once logged in', async () => {
    const res = await api('/containers', { as: 'admin' });
    expect(res.status).toBe(200);
  });
});

// ---------------------------------------------------------------------------------------------- socket.io

type Outcome = { connected: true } | { connected: false; message: string };

function openSocket(headers: Record<string, string> = {}): Socket {
  return io(BASE_URL, {
    path: SOCKET_PATH,
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    extraHeaders: headers,
  });
}

/** The first of connect / connect_error, or a failure after 5 s. */
function handshake(socket: Socket): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no connect or connect_error within 5 s')), 5_000);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve({ connected: true });
    });
    socket.once('connect_error', (err: Error) => {
      clearTimeout(timer);
      resolve({ connected: false, message: err.message });
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

describe('socket.io', () => {
  const sockets: Socket[] = [];
  const track = (socket: Socket) => {
    sockets.push(socket);
    return socket;
  };
  afterAll(() => {
    for (const socket of sockets) socket.close();
  });

  it('refuses an anonymous handshake, so no client event reaches the server', async () => {
    expect(CLIENT_EVENTS.length).toBeGreaterThan(0);
    const socket = track(openSocket());
    let everConnected = false;
    socket.on('connect', () => (everConnected = true));
    const outcome = await handshake(socket);
    expect(outcome).toEqual({ connected: false, message: 'unauthorized' });
    for (const event of CLIENT_EVENTS) {
      expect(await emitWithAck(socket, event, 1_000), `${event} was acknowledged`).toBe('no ack');
    }
    expect(everConnected).toBe(false);
    expect(socket.connected).toBe(false);
  });

  it('refuses a forged session cookie', async () => {
    const socket = track(openSocket({ cookie: 'berth_session=forged-session-id-0000000000000000000000000' }));
    expect(await handshake(socket)).toEqual({ connected: false, message: 'unauthorized' });
  });

  it('refuses a handshake from a foreign Origin even with a valid admin cookie', async () => {
    const cookie = await adminCookie();
    const socket = track(openSocket({ origin: FOREIGN_ORIGIN, cookie }));
    let everConnected = false;
    socket.on('connect', () => (everConnected = true));
    const outcome = await handshake(socket);
    expect(outcome.connected).toBe(false);
    for (const event of CLIENT_EVENTS) {
      expect(await emitWithAck(socket, event, 1_000), `${event} was acknowledged`).toBe('no ack');
    }
    expect(everConnected).toBe(false);
  });

  it('connects with a valid admin cookie and its own Origin, and answers engine:status', async () => {
    const cookie = await adminCookie();
    const variants: Record<string, string>[] = [{ cookie }, { cookie, origin: new URL(BASE_URL).origin }];
    for (const headers of variants) {
      const socket = track(openSocket(headers));
      expect(await handshake(socket)).toEqual({ connected: true });
      expect(await emitWithAck(socket, 'engine:status', 5_000)).toMatchObject({
        ok: true,
        engine: { reachable: true },
      });
      socket.close();
    }
  });
});

// ---------------------------------------------------------------------------------------------- CSRF

describe('a foreign Origin', () => {
  let cookie = '';
  beforeAll(async () => {
    await removeTestContainers();
    // A throwaway admin: if a mutation slipped through (logout-all…), only this account would suffer.
    cookie = (await userSession('admin', 'guard-origin-admin')).cookie;
  });
  afterAll(removeTestContainers);

  it('is refused 403 forbidden_origin on a container create, and the engine is unchanged', async () => {
    const before = await countTestContainers();
    const name = `berth-test-guard-csrf-${Date.now().toString(36)}`;
    const res = await api<ErrorEnvelope>('/api/containers', {
      method: 'POST',
      as: { cookie },
      headers: { origin: FOREIGN_ORIGIN },
      json: { image: TEST_IMAGE, name, labels: [TEST_LABEL], start: false },
    });
    expect(res.status).toBe(403);
    expectEnvelope(res.body, 403, 'forbidden_origin');
    expect(await countTestContainers()).toBe(before);
    await expect(engine.getContainer(name).inspect()).rejects.toMatchObject({ statusCode: 404 });
  });

  it('is refused on a container remove, and the container still exists', async () => {
    const container = await engine.createContainer({
      Image: TEST_IMAGE,
      Cmd: ['sleep', '3600'],
      Labels: { 'berth.test': '1' },
    });
    const res = await api<ErrorEnvelope>(`/api/containers/${container.id}?force=1`, {
      method: 'DELETE',
      as: { cookie },
      headers: { origin: FOREIGN_ORIGIN },
    });
    expect(res.status).toBe(403);
    expectEnvelope(res.body, 403, 'forbidden_origin');
    expect((await container.inspect()).Id).toBe(container.id);
  });

  it('is refused when it is the opaque origin "null" (sandboxed frames)', async () => {
    const name = `berth-test-guard-null-${Date.now().toString(36)}`;
    const res = await api<ErrorEnvelope>('/api/containers', {
      method: 'POST',
      as: { cookie },
      headers: { origin: 'null' },
      json: { image: TEST_IMAGE, name, labels: [TEST_LABEL], start: false },
    });
    expect(res.status).toBe(403);
    expectEnvelope(res.body, 403, 'forbidden_origin');
    await expect(engine.getContainer(name).inspect()).rejects.toMatchObject({ statusCode: 404 });
  });

  it('is not mistaken for this site when only the port differs', async () => {
    const url = new URL(BASE_URL);
    const origin = `${url.protocol}//${url.hostname}:${Number(url.port || 80) + 1}`;
    const res = await api<ErrorEnvelope>('/api/auth/logout', {
      method: 'POST',
      as: { cookie },
      headers: { origin },
    });
    expect(res.status).toBe(403);
    expectEnvelope(res.body, 403, 'forbidden_origin');
  });

  it.for(MUTATIONS.map((e) => [e.key, e] as const))('is refused on %s', async ([, e], { skip }) => {
    const res = await api<ErrorEnvelope>(e.url, {
      method: e.method,
      as: { cookie },
      headers: { origin: FOREIGN_ORIGIN },
      ...(e.method === 'DELETE' ? {} : { json: {} }),
    });
    // Every route() answer is JSON: Next.js's HTML 404 page means the route is in the source tree but not in
    // the build the server runs (anonymous callers are still refused by the outer gate above).
    skip(
      res.status === 404 && !!res.headers.get('content-type')?.includes('text/html'),
      `${e.key} is not in the running build`,
    );
    expect(res.status, `${e.key}: ${JSON.stringify(res.body).slice(0, 300)}`).toBe(403);
    expectEnvelope(res.body, 403, 'forbidden_origin');
  });

  it('left the throwaway admin logged in (no refused mutation ran)', async () => {
    const me = await api<{ user: { username: string } }>('/api/auth/me', { as: { cookie } });
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe('guard-origin-admin');
  });
});
