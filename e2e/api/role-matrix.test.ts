import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, isRole, PERMISSIONS, type Permission, ROLES, type Role, roleFor } from '@/lib/auth/roles';
import { SOCKET_PATH } from '@/lib/realtime/contract';
import { socketEvents } from '@/server/realtime/handlers';
import { api, BASE_URL, userSession } from '../support/api';
import { rawRequest } from '../support/raw-http';
import { enumerateRoutes, type RouteEntry, urlOf } from '../support/routes';

/**
 * The role matrix, generated from the tables (issue 18): every route × method of app/api with its handler's
 * `permission:`, and every socket event with its entry's permission, against anonymous, viewer, operator and
 * admin. The expected answer is computed from lib/auth/roles.ts: anonymous 401; a role without the
 * permission 403 `forbidden`; a role with it neither 401 nor 403. Requests carry ids and bodies that fail
 * validation or name nothing, so an allowed request changes nothing (a 400 or 404 is its expected answer).
 */

const RUN = Date.now().toString(36);
/** Matches no container, volume, network or image, and is not a number (numeric ids fail their schema). */
const NO_SUCH_ID = 'berth-matrix-no-such-object';
const INVALID_BODY = JSON.stringify('berth-matrix: not a valid body');

/** Uploads read the body themselves: sent without one, they refuse with 400 before anything is stored. */
const UPLOADS = new Set([
  'POST /api/images/load',
  'POST /api/images/import',
  'POST /api/images/build/context',
  'PUT /api/containers/[id]/archive',
  'PUT /api/volumes/[name]/archive',
]);
/** End the caller's session(s): sent with a session of their own, never one the matrix goes on using. */
const ENDS_SESSION = new Set(['POST /api/auth/logout', 'POST /api/auth/logout-all']);

const ROUTES = enumerateRoutes();
type Caller = 'anonymous' | Role;
const CALLERS: Caller[] = ['anonymous', ...ROLES];

function expected(permission: string, caller: Caller): 'success-or-validation' | 401 | 403 {
  if (permission === 'public') return 'success-or-validation';
  if (caller === 'anonymous') return 401;
  return can(caller, permission as Permission) ? 'success-or-validation' : 403;
}

const sessions = {} as Record<Role, string>;

/**
 * A query its schema refuses, for the routes that would otherwise act on an empty body: an empty import
 * could still make an image.
 */
const INVALID_QUERY: Record<string, string> = { 'POST /api/images/import': '?reference=not%20a%20reference' };

async function send(route: RouteEntry, cookie: string | null, prefix = '') {
  const plain = urlOf(route.segments, () => NO_SUCH_ID) + (INVALID_QUERY[route.pattern] ?? '');
  // `/api/environments/{env}/<rest>` is `/api/<rest>` on that environment.
  const path = prefix ? plain.replace(/^\/api\//, `${prefix}/`) : plain;
  const upload = UPLOADS.has(route.pattern);
  const withBody = route.method !== 'GET' && route.method !== 'DELETE' && !upload;
  return rawRequest(BASE_URL, {
    method: route.method,
    path,
    headers: {
      ...(cookie ? { cookie, origin: new URL(BASE_URL).origin } : {}),
      ...(withBody ? { 'content-type': 'application/json' } : {}),
    },
    ...(withBody ? { body: INVALID_BODY } : {}),
  });
}

describe('the role matrix of the routes', () => {
  beforeAll(async () => {
    for (const role of ROLES) sessions[role] = (await userSession(role, `matrix-${role}`)).cookie;
  });

  it('reads a known permission for every handler, and the roles are the ones of lib/auth/roles.ts', () => {
    expect(ROUTES.length).toBeGreaterThan(40);
    for (const route of ROUTES) {
      expect(
        [...PERMISSIONS, 'public'],
        `${route.pattern} (${route.file}) has no known permission`,
      ).toContain(route.permission);
    }
    expect(ROLES.every(isRole)).toBe(true);
  });

  const cases = ROUTES.flatMap((route) => CALLERS.map((caller) => [route.pattern, caller, route] as const));
  it.each(cases)('%s as %s', async (pattern, caller, route) => {
    const permission = route.permission ?? 'missing';
    let cookie: string | null = caller === 'anonymous' ? null : sessions[caller];
    if (caller !== 'anonymous' && ENDS_SESSION.has(pattern)) {
      // Its own user for logout-all: every session of that user ends.
      cookie = (await userSession(caller, `matrix-${caller}-end`)).cookie;
    }
    const answer = await send(route, cookie);
    const detail = `${pattern} (${permission}) as ${caller}: ${answer.status} ${answer.body.slice(0, 300)}`;
    const want = expected(permission, caller);
    if (want === 'success-or-validation') {
      expect([401, 403], detail).not.toContain(answer.status);
      expect(answer.status, detail).toBeLessThan(500);
    } else {
      expect(answer.status, detail).toBe(want);
      expect(JSON.parse(answer.body), detail).toMatchObject({
        error: { status: want, code: want === 401 ? 'unauthorized' : 'forbidden' },
      });
    }
  });

  it('left every session of the matrix logged in (no refused or invalid request ended one)', async () => {
    for (const role of ROLES) {
      const me = await rawRequest(BASE_URL, {
        method: 'GET',
        path: '/api/auth/me',
        headers: { cookie: sessions[role] },
      });
      expect(me.status, `${role}: ${me.body}`).toBe(200);
    }
  });
});

/**
 * `/metrics` (app/metrics/route.ts) is outside app/api and has a credential of its own, the scrape token: no
 * session of any role opens it. Off (404) or on (401 without the token), it answers every caller the same.
 */
describe('the role matrix of /metrics', () => {
  beforeAll(async () => {
    for (const role of ROLES) sessions[role] ??= (await userSession(role, `matrix-${role}`)).cookie;
  });

  it('answers anonymous, viewer, operator and admin sessions alike, never with the metrics', async () => {
    const answers = new Set<number>();
    for (const caller of CALLERS) {
      const cookie = caller === 'anonymous' ? null : sessions[caller];
      const answer = await rawRequest(BASE_URL, {
        method: 'GET',
        path: '/metrics',
        headers: cookie ? { cookie } : {},
      });
      expect([401, 404], `${caller}: ${answer.status}`).toContain(answer.status);
      expect(answer.body).not.toContain('container_cpu_usage_seconds_total');
      answers.add(answer.status);
    }
    expect(answers.size).toBe(1);
  });
});

// ------------------------------------------------------------------------------------- per environment

/**
 * The same routes reached on another environment (`/api/environments/{env}/…`) by users whose team has a role
 * there: engine permissions follow the role on that environment, the rest (users, settings, audit, registries)
 * the role everywhere. The environment is the local engine under another id, so every route can answer.
 */
describe('the role matrix per environment', () => {
  const ENV = `matrix-${RUN}`;
  /** Operator everywhere through a team that is viewer on ENV; viewer everywhere, admin on ENV. */
  const users = {
    lowered: { role: 'operator' as Role, environmentRoles: { [ENV]: 'viewer' as Role } },
    raised: { role: 'viewer' as Role, environmentRoles: { [ENV]: 'admin' as Role } },
  };
  const cookies = {} as Record<keyof typeof users, string>;
  const teamIds: number[] = [];

  beforeAll(async () => {
    const env = await api('/api/environments', {
      method: 'POST',
      json: { id: ENV, name: `Matrix ${RUN}`, address: 'unix:///var/run/docker.sock' },
    });
    expect(env.status, JSON.stringify(env.body)).toBe(201);
    for (const [name, shape] of Object.entries(users) as [keyof typeof users, (typeof users)['raised']][]) {
      const session = await userSession('viewer', `matrix-env-${name}-${RUN}`);
      cookies[name] = session.cookie;
      const known = await api<{ id: number; username: string }[]>('/api/users');
      const id = known.body.find((u) => u.username === session.username)?.id;
      const team = await api<{ id: number }>('/api/teams', {
        method: 'POST',
        json: { name: `matrix-env-${name}-${RUN}`, role: shape.role },
      });
      teamIds.push(team.body.id);
      const patched = await api(`/api/teams/${team.body.id}`, {
        method: 'PATCH',
        json: { memberIds: [id], environmentRoles: shape.environmentRoles },
      });
      expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    }
  });
  afterAll(async () => {
    for (const id of teamIds) await api(`/api/teams/${id}`, { method: 'DELETE' });
    await api(`/api/environments/${ENV}`, { method: 'DELETE' });
  });

  // The environments' own routes are not rewritten, stacks are local-only, and /api/auth ends sessions.
  const scoped = ROUTES.filter((r) => !/^[A-Z]+ \/api\/(environments|stacks|auth)(\/|$)/.test(r.pattern));
  const cases = scoped.flatMap((route) =>
    (Object.keys(users) as (keyof typeof users)[]).map((who) => [route.pattern, who, route] as const),
  );
  it.each(cases)('%s on the environment as the %s user', async (pattern, who, route) => {
    const permission = (route.permission ?? 'missing') as Permission | 'public';
    const answer = await send(route, cookies[who], `/api/environments/${ENV}`);
    const role = permission === 'public' ? 'viewer' : roleFor(users[who], permission, ENV);
    const detail = `${pattern} (${permission}) on ${ENV} as ${who} (${role} there): ${answer.status} ${answer.body.slice(0, 300)}`;
    if (permission === 'public' || can(role, permission)) {
      expect([401, 403], detail).not.toContain(answer.status);
      expect(answer.status, detail).toBeLessThan(500);
    } else {
      expect(answer.status, detail).toBe(403);
      expect(JSON.parse(answer.body), detail).toMatchObject({ error: { status: 403, code: 'forbidden' } });
    }
  });
});

// -------------------------------------------------------------------------------------- socket events

function connect(cookie: string): Promise<Socket> {
  const socket = io(BASE_URL, {
    path: SOCKET_PATH,
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    extraHeaders: { cookie },
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

function emitWithAck(socket: Socket, event: string, args: unknown[]): Promise<unknown> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('no ack'), 10_000);
    socket.emit(event, ...args, (payload: unknown) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

describe('the role matrix of the socket events', () => {
  const sockets = {} as Record<Role, Socket>;
  beforeAll(async () => {
    for (const role of ROLES) {
      const cookie = (await userSession(role, `matrix-${role}`)).cookie;
      sockets[role] = await connect(cookie);
    }
  });
  afterAll(() => {
    for (const socket of Object.values(sockets)) socket.close();
  });

  it('refuses an anonymous handshake, so no event of the table is reachable without a session', async () => {
    const socket = io(BASE_URL, {
      path: SOCKET_PATH,
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
    });
    const message = await new Promise<string>((resolve) => {
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', (err: Error) => resolve(err.message));
    });
    socket.close();
    expect(message).toBe('unauthorized');
  });

  const table = Object.values(socketEvents);
  const cases = table.flatMap((spec) => ROLES.map((role) => [spec.event, role, spec] as const));
  it.each(cases)('%s as %s', async (event, role, spec) => {
    // Events with a payload get one their schema refuses; the others only subscribe or read, as allowed.
    const args = spec.schema ? [`berth-matrix-${RUN}: not a payload`] : [];
    const ack = (await emitWithAck(sockets[role], event, args)) as { ok: boolean; code?: string };
    const detail = `${event} (${spec.permission}) as ${role}: ${JSON.stringify(ack)}`;
    expect(ack, detail).toMatchObject({ ok: expect.any(Boolean) });
    if (can(role, spec.permission)) {
      expect(['forbidden', 'unauthorized'], detail).not.toContain(ack.code);
      if (spec.schema) expect(ack, detail).toMatchObject({ ok: false, code: 'bad_request' });
      else expect(ack.ok, detail).toBe(true);
    } else {
      expect(ack, detail).toMatchObject({ ok: false, code: 'forbidden' });
    }
    expect(sockets[role].connected, detail).toBe(true);
  });
});
