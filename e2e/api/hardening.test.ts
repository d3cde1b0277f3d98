import { io } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { SOCKET_PATH } from '@/lib/realtime/contract';
import { adminCookie, api, BASE_URL, type ErrorEnvelope, userSession } from '../support/api';
import { startServer } from '../support/server';

/*
 * Issue 18's probes that broke, each kept closed: malformed percent-encoding, unknown API paths, a cookie change
 * without Origin, the first visit of a fresh install.
 */
const BAD_COOKIE = 'berth_session=%E0%A4%A';

async function timed<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, limit]);
  } finally {
    clearTimeout(timer);
  }
}

function handshake(headers: Record<string, string>): Promise<string> {
  const socket = io(BASE_URL, {
    path: SOCKET_PATH,
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    extraHeaders: headers,
  });
  return new Promise<string>((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (err: Error) => resolve(err.message));
  }).finally(() => socket.close());
}

describe('malformed percent-encoding', () => {
  it('in the session cookie is no credential: 401 at once, health stays 200, the handshake is refused', async () => {
    const list = await timed(
      api<ErrorEnvelope>('/api/containers', { as: 'anonymous', headers: { cookie: BAD_COOKIE } }),
      5_000,
    );
    expect(list.status).toBe(401);
    expect(list.body.error.code).toBe('unauthorized');
    const health = await timed(
      api('/api/health', { as: 'anonymous', headers: { cookie: BAD_COOKIE } }),
      5_000,
    );
    expect(health.status).toBe(200);
    expect(await timed(handshake({ cookie: BAD_COOKIE }), 5_000)).toBe('unauthorized');
  });

  it('in a path answers 400 in the envelope, for anyone', async () => {
    for (const as of ['admin', 'anonymous'] as const) {
      for (const path of ['/api/containers/%ff', '/containers/%E0%A4%A', '/api/%']) {
        const res = await timed(api<ErrorEnvelope>(path, { as }), 5_000);
        expect(res.status, `${as} ${path}`).toBe(400);
        expect(res.body.error).toMatchObject({ code: 'bad_request', status: 400 });
      }
    }
  });
});

describe('an /api path no route has', () => {
  it('answers 404 in the JSON envelope to a user and 401 to an anonymous caller', async () => {
    const missing = await api<ErrorEnvelope>('/api/no-such-thing/here');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/json');
    expect(missing.body.error).toMatchObject({ code: 'not_found', status: 404 });
    expect(missing.body.error.message).toContain('/api/no-such-thing/here');
    const deleted = await api<ErrorEnvelope>('/api/no-such-thing', { method: 'DELETE' });
    expect(deleted.status).toBe(404);
    expect((await api('/api/no-such-thing', { as: 'anonymous' })).status).toBe(401);
  });
});

describe('a change made with the session cookie', () => {
  it('is refused without Origin, unless the browser says same-origin; a token needs none', async () => {
    const { cookie } = await userSession('admin', 'origin-less-admin');
    const bare = { cookie } as Record<string, string>;
    const refused = await api<ErrorEnvelope>('/api/settings', {
      method: 'PUT',
      as: 'anonymous',
      headers: bare,
      json: { auditRetentionDays: 77 },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden_origin');
    expect((await api<{ auditRetentionDays: number }>('/api/settings')).body.auditRetentionDays).not.toBe(77);

    const sameSite = await api('/api/auth/logout', {
      method: 'POST',
      as: 'anonymous',
      headers: { ...bare, 'sec-fetch-site': 'same-origin' },
    });
    expect(sameSite.status).toBe(204);

    const admin = await adminCookie();
    const token = await api<{ id: number; token: string }>('/api/tokens', {
      method: 'POST',
      json: { name: 'origin-less' },
      as: { cookie: admin },
    });
    expect(token.status).toBe(201);
    const byToken = await api('/api/settings', {
      method: 'PUT',
      as: { token: token.body.token },
      json: { auditRetentionDays: 90 },
    });
    expect(byToken.status).toBe(200);
    await api(`/api/tokens/${token.body.id}`, { method: 'DELETE' });
  });
});

describe('the first visit of a fresh install', () => {
  const servers: { stop: () => Promise<void> }[] = [];
  afterAll(async () => {
    for (const s of servers) await s.stop();
  });

  it('goes to the setup page, which asks for the token in the log, not to the login page', async () => {
    const server = await startServer();
    servers.push(server);
    const res = await fetch(`${server.url}/containers`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/setup');
    expect(server.output()).toMatch(/setup token: \S+/);
  });
});
