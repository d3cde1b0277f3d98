import fs from 'node:fs';
import net from 'node:net';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnvironmentStatus, EnvironmentView } from '@/lib/environments/types';
import type { AckResult } from '@/lib/realtime/contract';
import { adminCookie, api, userSession } from '../support/api';
import { engine as local, TEST_IMAGE, uniqueName, waitFor } from '../support/engine';
import { type ClientSocket, connectSocket, openSockets } from '../support/socket';

/**
 * The socket per environment: logs, stats, exec and events of a container on the extra engine e1 (see
 * scripts/test-engines.sh), one shared upstream per container per engine, and an unreachable engine that
 * answers at once without slowing the others.
 */
const LABEL = 'berth.test.rtenv';
const run = Date.now().toString(36).slice(-5);
const ID = { e1: `rt-e1-${run}`, relay: `rt-rl-${run}`, dead: `rt-dead-${run}` };

function e1Address(): string {
  const list = JSON.parse(fs.readFileSync('/run/berth-engines/engines.json', 'utf8')) as {
    name: string;
    tcp: string;
  }[];
  const found = list.find((e) => e.name === 'e1');
  if (!found) throw new Error('engine e1 is not up: bash scripts/test-engines.sh status');
  return found.tcp;
}
const e1Url = new URL(e1Address().replace(/^tcp:/, 'http:'));
const e1 = new Docker({ host: e1Url.hostname, port: Number(e1Url.port) });

/**
 * A TCP relay in front of e1 that sees every request line: it counts the open connections whose last request
 * was a log follow of one container, which is how many engine log streams Berth holds open for it.
 */
class Relay {
  private readonly server: net.Server;
  private readonly conns = new Set<{ client: net.Socket; upstream: net.Socket; last: string }>();
  port = 0;

  constructor() {
    this.server = net.createServer((client) => {
      const upstream = net.connect(Number(e1Url.port), e1Url.hostname);
      const conn = { client, upstream, last: '' };
      this.conns.add(conn);
      client.on('data', (chunk: Buffer) => {
        const line = /^(GET|POST|PUT|DELETE|HEAD) [^\r\n]*/m.exec(chunk.toString('latin1'));
        if (line) conn.last = line[0];
      });
      client.pipe(upstream).pipe(client);
      const end = () => {
        this.conns.delete(conn);
        client.destroy();
        upstream.destroy();
      };
      client.on('error', end).on('close', end);
      upstream.on('error', end).on('close', end);
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  follows(containerId: string): number {
    return [...this.conns].filter(
      (c) => c.last.includes(`/containers/${containerId}/logs?`) && /follow=(true|1)/.test(c.last),
    ).length;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      for (const c of this.conns) {
        c.client.destroy();
        c.upstream.destroy();
      }
    });
  }
}

async function removeOurs(): Promise<void> {
  const filters = JSON.stringify({ label: [`${LABEL}=1`] });
  for (const client of [e1, local]) {
    const list = await client.listContainers({ all: true, filters }).catch(() => []);
    await Promise.allSettled(list.map((c) => client.getContainer(c.Id).remove({ force: true })));
  }
  const envs = await api<EnvironmentView[]>('/api/environments');
  if (envs.status === 200)
    await Promise.all(
      envs.body
        .filter((e) => e.id.startsWith('rt-') && e.id.endsWith(`-${run}`))
        .map((e) => api(`/api/environments/${e.id}`, { method: 'DELETE' })),
    );
}

async function counter(client: Docker, name: string): Promise<Docker.Container> {
  const container = await client.createContainer({
    Image: TEST_IMAGE,
    name,
    Cmd: ['sh', '-c', 'i=0; while true; do echo line-$i; i=$((i+1)); sleep 0.2; done'],
    Labels: { [LABEL]: '1' },
    HostConfig: { NetworkMode: 'none' },
  });
  await container.start();
  return container;
}

function emit<R>(send: (ack: (res: AckResult<R>) => void) => void): Promise<AckResult<R>> {
  return new Promise((resolve) => send(resolve));
}

function subscribeLogs(socket: ClientSocket, containerId: string, env: string) {
  const lines: string[] = [];
  let id = '';
  socket.on('logs:lines', (batch) => {
    if (batch.id === id) lines.push(...batch.lines.map((l) => l.text));
  });
  const ready = emit<{ id: string }>((ack) =>
    socket.emit('logs:subscribe', { containerId, tail: 5, env }, ack),
  ).then((res) => {
    if (res.ok) id = res.id;
    return res;
  });
  return { lines, ready };
}

let cookie = '';
let relay: Relay;
let container: Docker.Container;
let containerName = '';

beforeAll(async () => {
  cookie = await adminCookie();
  await removeOurs();
  relay = new Relay();
  await relay.listen();
  const add = (id: string, address: string) =>
    api('/api/environments', { method: 'POST', json: { id, name: id, address } });
  for (const [id, address] of [
    [ID.e1, e1Address()],
    [ID.relay, `tcp://127.0.0.1:${relay.port}`],
  ] as const) {
    const made = await add(id, address);
    expect(made.status, JSON.stringify(made.body)).toBe(201);
  }
  // An engine that was there when saved, then went away: a relay of its own that closes at once.
  const doomed = new Relay();
  await doomed.listen();
  const dead = await add(ID.dead, `tcp://127.0.0.1:${doomed.port}`);
  expect(dead.status, JSON.stringify(dead.body)).toBe(201);
  await doomed.close();
  containerName = uniqueName('rtenv-count');
  container = await counter(e1, containerName);
}, 60_000);

afterAll(async () => {
  for (const s of openSockets) s.disconnect();
  await removeOurs();
  await relay?.close();
});

describe('socket events per environment', () => {
  it('streams the logs of a container on e1, and the local engine does not know it', async () => {
    const socket = await connectSocket(cookie);
    const sub = subscribeLogs(socket, containerName, ID.e1);
    expect(await sub.ready).toMatchObject({ ok: true });
    await waitFor(async () => sub.lines.length >= 8, 10_000);
    expect(sub.lines.every((l) => /^line-\d+$/.test(l))).toBe(true);

    const onLocal = await emit((ack) => socket.emit('logs:subscribe', { containerId: containerName }, ack));
    expect(onLocal).toMatchObject({ ok: false, code: 'not_found' });
  });

  it('refuses an unknown environment and a malformed one, naming them', async () => {
    const socket = await connectSocket(cookie);
    const unknown = await emit((ack) =>
      socket.emit('logs:subscribe', { containerId: containerName, env: `nope-${run}` }, ack),
    );
    expect(unknown).toMatchObject({ ok: false, code: 'not_found' });
    expect(!unknown.ok && unknown.error).toContain(`nope-${run}`);
    const bad = await emit((ack) =>
      socket.emit('events:subscribe', { env: 'Not An Env' }, (res) => ack(res as AckResult<unknown>)),
    );
    expect(bad).toMatchObject({ ok: false, code: 'bad_request' });
    expect(!bad.ok && bad.error).toContain('payload.env');
  });

  it('shares one engine log stream per container between two sockets, and closes it when both leave', async () => {
    const id = (await container.inspect()).Id;
    const a = await connectSocket(cookie);
    const b = await connectSocket(cookie);
    expect(relay.follows(id)).toBe(0);
    const first = subscribeLogs(a, id, ID.relay);
    expect(await first.ready).toMatchObject({ ok: true });
    await waitFor(async () => relay.follows(id) === 1);
    const second = subscribeLogs(b, containerName, ID.relay);
    expect(await second.ready).toMatchObject({ ok: true });
    await waitFor(async () => second.lines.length >= 3 && first.lines.length >= 3);
    // Both watch it live, and the engine serves one follow.
    await new Promise((r) => setTimeout(r, 500));
    expect(relay.follows(id)).toBe(1);
    a.disconnect();
    await new Promise((r) => setTimeout(r, 500));
    expect(relay.follows(id)).toBe(1);
    b.disconnect();
    await waitFor(async () => relay.follows(id) === 0);
  });

  it('samples the stats of a container on e1', async () => {
    const socket = await connectSocket(cookie);
    let id = '';
    const samples: unknown[] = [];
    socket.on('stats:sample', (e) => {
      if (e.id === id) samples.push(e.sample);
    });
    const res = await emit<{ id: string }>((ack) =>
      socket.emit('stats:subscribe', { containerId: containerName, env: ID.e1 }, ack),
    );
    expect(res).toMatchObject({ ok: true });
    if (res.ok) id = res.id;
    await waitFor(async () => samples.length >= 2, 15_000);
  });

  it('runs an exec in the container on e1, and a viewer may not', async () => {
    const socket = await connectSocket(cookie);
    let output = '';
    let sessionId = '';
    const exited = new Promise<number | null>((resolve) => {
      socket.on('exec:output', (e) => {
        if (e.id === sessionId) output += e.data;
      });
      socket.on('exec:exit', (e) => {
        if (e.id === sessionId) resolve(e.exitCode);
      });
    });
    // The id is taken in the ack itself: output may come in the same read, before a promise resolves.
    const res = await emit<{ id: string; command: string }>((ack) =>
      socket.emit(
        'exec:start',
        { containerId: containerName, command: ['cat', '/etc/hostname'], cols: 80, rows: 24, env: ID.e1 },
        (r) => {
          if (r.ok) sessionId = r.id;
          ack(r);
        },
      ),
    );
    expect(res, JSON.stringify(res)).toMatchObject({ ok: true });
    expect(await exited).toBe(0);
    const hostname = (await container.inspect()).Config.Hostname;
    expect(output.trim()).toBe(hostname);
    // Not the local engine's hostname: e1's container has its own.
    expect(hostname).toMatch(/^[0-9a-f]{12}$/);

    const viewer = await userSession('viewer', 'test-rtenv-viewer');
    const vs = await connectSocket(viewer.cookie);
    const refused = await emit((ack) =>
      vs.emit(
        'exec:start',
        { containerId: containerName, command: ['hostname'], cols: 80, rows: 24, env: ID.e1 },
        (r) => ack(r as AckResult<unknown>),
      ),
    );
    expect(refused).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it("follows e1's events, naming e1, and none of the local engine's", async () => {
    const socket = await connectSocket(cookie);
    const seen: { env: string; id: string; action: string }[] = [];
    socket.on('engine:event', (e) => seen.push({ env: e.env, id: e.id, action: e.action }));
    const res = await emit<{ id: string; engine: { reachable: boolean } }>((ack) =>
      socket.emit('events:subscribe', { env: ID.e1 }, ack),
    );
    expect(res).toMatchObject({ ok: true, engine: { reachable: true } });
    const onE1 = await counter(e1, uniqueName('rtenv-ev'));
    const onLocal = await counter(local, uniqueName('rtenv-local'));
    await waitFor(async () => seen.some((e) => e.id === onE1.id && e.action === 'start'), 10_000);
    expect(seen.find((e) => e.id === onE1.id)?.env).toBe(ID.e1);
    await new Promise((r) => setTimeout(r, 1000));
    expect(seen.filter((e) => e.id === onLocal.id)).toEqual([]);
    expect(seen.every((e) => e.env === ID.e1)).toBe(true);

    // Watched now: the environments page tells the newest event without asking the engine.
    const statuses = await api<EnvironmentStatus[]>('/api/environments/status');
    const status = statuses.body.find((s) => s.id === ID.e1);
    expect(status?.lastEvent).toMatchObject({ type: 'container' });
    expect(Date.parse(status?.lastEvent?.time ?? '')).toBeGreaterThan(Date.now() - 60_000);
  });

  it("samples e1's overview, with e1's containers only", async () => {
    const socket = await connectSocket(cookie);
    let id = '';
    const names: string[][] = [];
    socket.on('overview:snapshot', (e) => {
      if (e.id === id) names.push(e.snapshot.rows.map((r) => r.name));
    });
    const res = await emit<{ id: string }>((ack) => socket.emit('overview:subscribe', { env: ID.e1 }, ack));
    expect(res).toMatchObject({ ok: true });
    if (res.ok) id = res.id;
    await waitFor(async () => names.length >= 1, 15_000);
    expect(names[0]).toContain(containerName);
    const localNames = (await local.listContainers()).map((c) => c.Names[0]?.replace(/^\//, ''));
    expect(names[0]?.filter((n) => localNames.includes(n))).toEqual([]);
  });

  it("stops following an engine's events on events:unsubscribe (another environment now)", async () => {
    const socket = await connectSocket(cookie);
    const events = async () =>
      (await api<{ engineStreams: { events: number } }>('/api/system/streams')).body.engineStreams.events;
    const before = await events();
    const res = await emit<{ id: string }>((ack) => socket.emit('events:subscribe', { env: ID.relay }, ack));
    expect(res).toMatchObject({ ok: true });
    expect(await events()).toBe(before + 1);
    if (res.ok) await emit((ack) => socket.emit('events:unsubscribe', { id: res.id, env: ID.relay }, ack));
    await waitFor(async () => (await events()) === before);
    socket.disconnect();
  });

  it('ends the streams of an environment that is re-addressed or removed; its events follow the new address', async () => {
    const moving = `rt-mv-${run}`;
    const made = await api('/api/environments', {
      method: 'POST',
      json: { id: moving, name: moving, address: `tcp://127.0.0.1:${relay.port}` },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const id = (await container.inspect()).Id;
    const socket = await connectSocket(cookie);
    const ended: { id: string; reason: string }[] = [];
    socket.on('logs:end', (e) => ended.push(e));
    const seen: { env: string; id: string; action: string }[] = [];
    socket.on('engine:event', (e) => seen.push({ env: e.env, id: e.id, action: e.action }));
    const resyncs: string[] = [];
    socket.on('engine:resync', (e) => resyncs.push(e.env));
    const events = await emit((ack) => socket.emit('events:subscribe', { env: moving }, ack));
    expect(events).toMatchObject({ ok: true });

    // Through the relay: re-addressing the environment straight to e1 must drop the follow held there.
    const viaRelay = subscribeLogs(socket, id, moving);
    const first = await viaRelay.ready;
    expect(first).toMatchObject({ ok: true });
    await waitFor(async () => relay.follows(id) === 1);
    const moved = await api(`/api/environments/${moving}`, {
      method: 'PATCH',
      json: { address: e1Address() },
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    await waitFor(async () => ended.some((e) => first.ok && e.id === first.id));
    expect(ended.find((e) => first.ok && e.id === first.id)?.reason).toContain(
      'now points at another engine',
    );
    await waitFor(async () => relay.follows(id) === 0);
    await waitFor(async () => resyncs.includes(moving));

    // The events subscription goes on, now on the new address.
    const after = await counter(e1, uniqueName('rtenv-mv'));
    await waitFor(async () => seen.some((e) => e.id === after.id && e.action === 'start'), 10_000);
    expect(seen.find((e) => e.id === after.id)?.env).toBe(moving);

    // Removing it ends what is open on it, saying so.
    const direct = subscribeLogs(socket, id, moving);
    const second = await direct.ready;
    expect(second).toMatchObject({ ok: true });
    await waitFor(async () => direct.lines.length >= 1);
    const removed = await api(`/api/environments/${moving}`, { method: 'DELETE' });
    expect(removed.status).toBeLessThan(300);
    await waitFor(async () => ended.some((e) => second.ok && e.id === second.id));
    expect(ended.find((e) => second.ok && e.id === second.id)?.reason).toContain('was removed');
    socket.disconnect();
  });

  it('answers at once for an unreachable engine, naming it, while e1 answers as fast', async () => {
    const socket = await connectSocket(cookie);
    const timed = async <T>(work: Promise<T>) => {
      const started = Date.now();
      const value = await work;
      return { value, ms: Date.now() - started };
    };
    const [dead, live, deadEvents] = await Promise.all([
      timed(emit((ack) => socket.emit('logs:subscribe', { containerId: containerName, env: ID.dead }, ack))),
      timed(emit((ack) => socket.emit('logs:subscribe', { containerId: containerName, env: ID.e1 }, ack))),
      timed(
        emit<{ id: string; engine: { reachable: boolean; problem?: string } }>((ack) =>
          socket.emit('events:subscribe', { env: ID.dead }, ack),
        ),
      ),
    ]);
    expect(dead.value).toMatchObject({ ok: false, code: 'engine_unreachable' });
    expect(!dead.value.ok && dead.value.error).toContain(ID.dead);
    expect(live.value).toMatchObject({ ok: true });
    // Subscribing to a dead engine's events says it is unreachable (its banner), and keeps trying.
    expect(deadEvents.value).toMatchObject({ ok: true, engine: { reachable: false } });
    expect(dead.ms).toBeLessThan(3_000);
    expect(live.ms).toBeLessThan(3_000);
    expect(deadEvents.ms).toBeLessThan(4_000);
  });

  it('tells the last event of an engine nobody watches by asking it', async () => {
    // No socket follows e1 here: the status reads the engine's own recent events. (Other engines' streams may
    // stay open: the alerts watcher or log history of suites running alongside follow the local engine.)
    for (const s of openSockets) s.disconnect();
    await waitFor(async () => {
      const streams = await api<{ engineStreams: { eventsByEnvironment: Record<string, number> } }>(
        '/api/system/streams',
      );
      return !(ID.e1 in streams.body.engineStreams.eventsByEnvironment);
    });
    const statuses = await api<EnvironmentStatus[]>('/api/environments/status');
    const status = statuses.body.find((s) => s.id === ID.e1);
    expect(status?.reachable).toBe(true);
    expect(status?.lastEvent).not.toBeNull();
    expect(status?.lastEvent?.time).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(statuses.body.find((s) => s.id === ID.dead)?.lastEvent).toBeNull();
  });

  it('runs a Compose stack action on another engine with live output (stack:run with env)', async () => {
    const name = `rtstack-${run}`;
    const compose = [
      'services:',
      '  app:',
      `    image: ${TEST_IMAGE}`,
      '    command: ["sleep", "3600"]',
      '    init: true',
      '    network_mode: none',
      '    labels:',
      `      ${LABEL}: "1"`,
      '',
    ].join('\n');
    const made = await api(`/api/environments/${ID.e1}/stacks`, {
      method: 'POST',
      json: { name, compose, deploy: false },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const socket = await connectSocket(cookie);
    const lines: string[] = [];
    socket.on('stack:output', (e) => lines.push(...e.lines));
    const ended = new Promise<{ ok: boolean }>((resolve) =>
      socket.once('stack:end', (e) => resolve(e.result)),
    );
    try {
      const res = await emit((ack) =>
        socket.emit('stack:run', { name, action: 'up', env: ID.e1 }, (r) => ack(r as AckResult<unknown>)),
      );
      expect(res, JSON.stringify(res)).toMatchObject({ ok: true });
      expect(await ended).toMatchObject({ ok: true });
      expect(lines.join('\n')).toMatch(/Started|Running/);
      const there = await e1.listContainers({ filters: { label: [`com.docker.compose.project=${name}`] } });
      expect(there.map((c) => c.State)).toEqual(['running']);
      const here = await local.listContainers({
        all: true,
        filters: { label: [`com.docker.compose.project=${name}`] },
      });
      expect(here).toEqual([]);
    } finally {
      await api(`/api/environments/${ID.e1}/stacks/${name}`, { method: 'DELETE' });
    }
    expect(
      await e1.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${name}`] } }),
    ).toEqual([]);
  });
});
