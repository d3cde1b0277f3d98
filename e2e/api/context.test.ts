import { afterAll, describe, expect, it } from 'vitest';
import { adminCookie, api, BASE_URL } from '../support/api';
import { connectSocket, openSockets } from '../support/socket';

/*
 * The custom server (socket.io, the gate) and Next.js's route bundles each load their own copy of server/*.
 * These tests fail if state were split between the copies: the settings cache, the realtime hubs.
 */
interface Streams {
  context: { id: string; createdAt: number };
  subscriptions: number;
  engineStreams: { events: number };
}
const streams = async () => (await api<Streams>('/api/system/streams')).body;

const PROXY = 'https://berth-proxy.example.test';

async function handshake(cookie: string, origin: string): Promise<boolean> {
  const { io } = await import('socket.io-client');
  const socket = io(BASE_URL, {
    path: '/socket.io',
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    extraHeaders: { cookie, origin },
  });
  try {
    return await new Promise<boolean>((resolve) => {
      socket.once('connect', () => resolve(true));
      socket.once('connect_error', () => resolve(false));
    });
  } finally {
    socket.disconnect();
  }
}

afterAll(async () => {
  for (const s of openSockets) s.disconnect();
  await api('/api/settings', { method: 'PUT', json: { trustedOrigins: [] } });
});

describe('one server context for routes and sockets', () => {
  it('route handlers see the subscriptions the socket server holds, in one context', async () => {
    const before = await streams();
    const socket = await connectSocket(await adminCookie());
    await new Promise<void>((resolve) => socket.emit('events:subscribe', () => resolve()));
    const during = await streams();
    expect(during.context.id).toBe(before.context.id);
    expect(during.subscriptions).toBe(before.subscriptions + 1);
    expect(during.engineStreams.events).toBeGreaterThanOrEqual(1);
    socket.disconnect();
    for (let i = 0; i < 50 && (await streams()).subscriptions !== before.subscriptions; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect((await streams()).subscriptions).toBe(before.subscriptions);
  });

  it('a trusted origin saved through a route is honoured at once by the socket handshake', async () => {
    const cookie = await adminCookie();
    expect(await handshake(cookie, PROXY)).toBe(false);
    const saved = await api('/api/settings', { method: 'PUT', json: { trustedOrigins: [PROXY] } });
    expect(saved.status).toBe(200);
    expect(await handshake(cookie, PROXY)).toBe(true);
    await api('/api/settings', { method: 'PUT', json: { trustedOrigins: [] } });
    expect(await handshake(cookie, PROXY)).toBe(false);
  });
});
