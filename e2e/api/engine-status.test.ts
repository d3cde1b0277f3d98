import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Health } from '@/lib/engine/types';
import { api } from '../support/api';
import { engine, waitFor } from '../support/engine';
import { type EngineCable, serverBehindCable } from '../support/engine-cable';
import type { StartedServer } from '../support/server';
import { type ClientSocket, connectSocket, openSockets } from '../support/socket';

/**
 * The engine's reachability pushed to open tabs, so they need not poll /api/health: a server of this file's
 * own reaches the real engine through a cable the test unplugs (the engine "stops") and plugs back in.
 */
let cable: EngineCable;
let server: StartedServer;
let cookie: string;

beforeAll(async () => {
  ({ cable, server, cookie } = await serverBehindCable());
}, 90_000);

afterAll(async () => {
  for (const s of openSockets) s.disconnect();
  await server?.stop();
  await cable?.close();
});

function subscribe(socket: ClientSocket): Promise<Health['engine']> {
  return new Promise((resolve, reject) =>
    socket.emit('events:subscribe', (res) => (res.ok ? resolve(res.engine) : reject(new Error(res.error)))),
  );
}

describe('the engine status over socket.io', () => {
  it('comes with the events subscription, and every change of it follows as engine:status', async () => {
    const version = (await engine.version()).Version;
    const socket = await connectSocket(cookie, server.url);
    const statuses: Health['engine'][] = [];
    let resyncs = 0;
    socket.on('engine:status', (s) => statuses.push(s));
    socket.on('engine:resync', () => resyncs++);
    expect(await subscribe(socket)).toEqual({ reachable: true, version, address: cable.dockerHost });

    await cable.unplug();
    const down = await waitFor(async () => statuses.find((s) => !s.reachable), 10_000);
    expect(down).toEqual({
      reachable: false,
      version: null,
      address: cable.dockerHost,
      problem: 'unreachable',
      // One socket may watch several engines: each status names its own.
      env: 'local',
    });
    // A tab that subscribes now hears it from the ack, and /api/health agrees.
    expect(await subscribe(await connectSocket(cookie, server.url))).toMatchObject({ reachable: false });
    expect((await api<Health>('/api/health', { base: server.url, as: 'anonymous' })).body.ok).toBe(false);

    await cable.plug();
    // The event stream retries with a growing delay, at most 10 s apart.
    const up = await waitFor(async () => (statuses.at(-1)?.reachable ? statuses.at(-1) : undefined), 20_000);
    expect(up).toEqual({ reachable: true, version, address: cable.dockerHost, env: 'local' });
    expect(resyncs).toBeGreaterThanOrEqual(1);
    // One message per change, not one per retry.
    expect(statuses.map((s) => s.reachable)).toEqual([false, true]);
  }, 60_000);
});
