import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ADMIN_PASSWORD, ADMIN_USER, login } from './api';
import { engine } from './engine';
import { type StartedServer, startServer } from './server';

export interface EngineCable {
  /** DOCKER_HOST for a server that should reach the engine through the cable. */
  dockerHost: string;
  /** As if the engine stopped: open connections (the event stream) drop and new ones are refused. */
  unplug: () => Promise<void>;
  plug: () => Promise<void>;
  close: () => Promise<void>;
}

/**
 * The real engine behind a unix socket of the test's own, which the test can unplug and plug back in: the
 * shared dockerd cannot be stopped, but a server reaching it through this cable sees it go away and return.
 */
export async function engineCable(): Promise<EngineCable> {
  const dir = await mkdtemp(path.join(tmpdir(), 'berth-cable-'));
  const socketPath = path.join(dir, 'engine.sock');
  const modem = engine.modem as {
    socketPath?: string | (() => Promise<string>);
    host?: string;
    port?: number;
  };
  // docker-modem resolves its default socket lazily, through a function.
  const enginePath = typeof modem.socketPath === 'function' ? await modem.socketPath() : modem.socketPath;
  const target: net.NetConnectOpts = enginePath
    ? { path: enginePath }
    : { host: modem.host ?? '127.0.0.1', port: Number(modem.port ?? 2375) };
  const open = new Set<net.Socket>();
  let server: net.Server | null = null;

  const plug = async () => {
    if (server) return;
    await rm(socketPath, { force: true });
    const listening = net.createServer((client) => {
      const upstream = net.connect(target);
      open.add(client);
      open.add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        open.delete(client);
        open.delete(upstream);
      };
      for (const s of [client, upstream]) {
        s.on('error', drop);
        s.on('close', drop);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      listening.once('error', reject);
      listening.listen(socketPath, () => resolve());
    });
    server = listening;
  };

  const unplug = async () => {
    const listening = server;
    server = null;
    for (const s of open) s.destroy();
    open.clear();
    if (listening) await new Promise<void>((resolve) => listening.close(() => resolve()));
    await rm(socketPath, { force: true });
  };

  await plug();
  return {
    dockerHost: `unix://${socketPath}`,
    unplug,
    plug,
    close: async () => {
      await unplug();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A Berth server of its own that reaches the engine through a cable, and the test admin's session on it. */
export async function serverBehindCable(): Promise<{
  cable: EngineCable;
  server: StartedServer;
  cookie: string;
}> {
  const cable = await engineCable();
  const server = await startServer({
    env: {
      DOCKER_HOST: cable.dockerHost,
      BERTH_ADMIN_USER: ADMIN_USER,
      BERTH_ADMIN_PASSWORD: ADMIN_PASSWORD,
    },
  });
  const session = await login(ADMIN_USER, ADMIN_PASSWORD, server.url);
  if (!session.cookie) throw new Error(`login failed: ${session.status}`);
  return { cable, server, cookie: session.cookie };
}
