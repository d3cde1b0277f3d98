import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogLine } from '@/lib/containers/types';
import type { EngineEvent } from '@/lib/events/types';
import type { ServerToClientEvents } from '@/lib/realtime/contract';
import { adminCookie, api, BASE_URL, userSession } from '../support/api';
import { engine, removeTestContainers, TEST_IMAGE, TEST_LABEL, uniqueName, waitFor } from '../support/engine';
import {
  type ClientSocket,
  connectSocket,
  dropWhileInFlight,
  openSockets as sockets,
} from '../support/socket';

const connect = connectSocket;

function subscribeLogs(
  socket: ClientSocket,
  payload: { containerId: string; tail?: number | 'all'; since?: string },
) {
  const lines: LogLine[] = [];
  let id = '';
  socket.on('logs:lines', (batch) => {
    if (batch.id === id) lines.push(...batch.lines);
  });
  const ready = new Promise<string>((resolve, reject) =>
    socket.emit('logs:subscribe', payload, (res) => {
      if (res.ok) {
        id = res.id;
        resolve(res.id);
      } else reject(new Error(res.error));
    }),
  );
  return { lines, ready };
}

async function streams() {
  return (
    await api<{ engineStreams: { events: number; logs: number; stats?: number } }>('/api/system/streams')
  ).body.engineStreams;
}

/** The server's live engine streams and per-socket subscriptions. */
async function counters() {
  const { body } = await api<{ engineStreams: { logs: number; stats: number }; subscriptions: number }>(
    '/api/system/streams',
  );
  return {
    logs: body.engineStreams.logs,
    stats: body.engineStreams.stats,
    subscriptions: body.subscriptions,
  };
}

beforeAll(removeTestContainers);
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await removeTestContainers();
});

describe('engine events over socket.io', () => {
  it('delivers container events as they happen', async () => {
    const socket = await connect(await adminCookie());
    const events: EngineEvent[] = [];
    socket.on('engine:event', (e) => events.push(e));
    await new Promise<void>((resolve) => socket.emit('events:subscribe', () => resolve()));
    const name = uniqueName('events');
    await api('/api/containers', {
      method: 'POST',
      json: { image: TEST_IMAGE, name, command: ['true'], labels: [TEST_LABEL] },
    });
    const created = await waitFor(async () =>
      events.find((e) => e.type === 'container' && e.action === 'create' && e.name === name),
    );
    expect(created.attributes.image).toBe(TEST_IMAGE);
    await waitFor(async () => events.find((e) => e.name === name && e.action === 'die'));
  });
});

describe('live logs over socket.io', () => {
  it('sends the backlog then live lines in order, stderr flagged, tail honoured', async () => {
    const name = uniqueName('logs-live');
    const created = await api<{ id: string }>('/api/containers', {
      method: 'POST',
      json: {
        image: TEST_IMAGE,
        name,
        labels: [TEST_LABEL],
        command: [
          'sh',
          '-c',
          'for i in 1 2 3 4 5; do echo old-$i; done; sleep 2; echo new-out; sleep 0.2; echo new-err >&2; sleep 3600',
        ],
      },
    });
    await waitFor(
      async () =>
        (await api<{ text: string }[]>(`/api/containers/${created.body.id}/logs?tail=all`)).body.length >= 5,
    );
    const socket = await connect(await adminCookie());
    const sub = subscribeLogs(socket, { containerId: name, tail: 2 });
    await sub.ready;
    await waitFor(async () => sub.lines.some((l) => l.text === 'new-err'), 15_000);
    expect(sub.lines.map((l) => l.text)).toEqual(['old-4', 'old-5', 'new-out', 'new-err']);
    expect(sub.lines.find((l) => l.text === 'new-err')?.stream).toBe('stderr');
    expect(sub.lines.find((l) => l.text === 'new-out')?.stream).toBe('stdout');
    expect(sub.lines.every((l) => /^\d{4}-\d\d-\d\dT/.test(l.time ?? ''))).toBe(true);
  });

  it('resumes after a reconnect from the last line seen, with nothing sent twice', async () => {
    const name = uniqueName('logs-resume');
    await api('/api/containers', {
      method: 'POST',
      json: {
        image: TEST_IMAGE,
        name,
        labels: [TEST_LABEL],
        command: ['sh', '-c', 'i=0; while true; do i=$((i+1)); echo line-$i; sleep 0.2; done'],
      },
    });
    const first = subscribeLogs(await connect(await adminCookie()), { containerId: name, tail: 1000 });
    await first.ready;
    await waitFor(async () => first.lines.length >= 5, 15_000);
    const last = first.lines.at(-1);
    const second = subscribeLogs(await connect(await adminCookie()), {
      containerId: name,
      since: last?.time,
    });
    await second.ready;
    await waitFor(async () => second.lines.length >= 3, 15_000);
    const n = (l: LogLine) => Number(l.text.replace('line-', ''));
    expect(n(second.lines[0] as LogLine)).toBe(n(last as LogLine) + 1);
    const numbers = second.lines.map(n);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  it('serves five viewers of one container from one engine stream, and closes it when they leave', async () => {
    const name = uniqueName('logs-fanout');
    await api('/api/containers', {
      method: 'POST',
      json: {
        image: TEST_IMAGE,
        name,
        labels: [TEST_LABEL],
        command: ['sh', '-c', 'while true; do echo tick; sleep 0.5; done'],
      },
    });
    const before = (await streams()).logs;
    const viewers = await Promise.all(Array.from({ length: 5 }, async () => connect(await adminCookie())));
    const subs = viewers.map((s, i) =>
      subscribeLogs(s, { containerId: i % 2 ? name : name.slice(0, 40), tail: 1 }),
    );
    await Promise.all(subs.map((s) => s.ready));
    await waitFor(async () => subs.every((s) => s.lines.some((l) => l.text === 'tick')), 15_000);
    expect((await streams()).logs).toBe(before + 1);
    for (const s of viewers) s.disconnect();
    await waitFor(async () => (await streams()).logs === before, 5_000);
  });

  it('lets a viewer follow logs, refuses an unknown container with the engine words', async () => {
    const viewer = await userSession('viewer', 'rt-viewer');
    const socket = await connect(viewer.cookie);
    const name = uniqueName('logs-viewer');
    await api('/api/containers', {
      method: 'POST',
      json: { image: TEST_IMAGE, name, labels: [TEST_LABEL], command: ['echo', 'hello-viewer'] },
    });
    await waitFor(async () => !(await engine.getContainer(name).inspect()).State.Running);
    const sub = subscribeLogs(socket, { containerId: name, tail: 10 });
    await sub.ready;
    await waitFor(async () => sub.lines.some((l) => l.text === 'hello-viewer'));
    await expect(
      subscribeLogs(socket, { containerId: 'berth-no-such-container', tail: 1 }).ready,
    ).rejects.toThrow(/No such container/i);
  });

  it("streams a stopped container's whole large log, in order and complete, before the end", async () => {
    const count = 20_000;
    const c = await engine.createContainer({
      Image: TEST_IMAGE,
      name: uniqueName('logs-big'),
      Cmd: ['seq', '1', String(count)],
      Labels: { 'berth.test': '1' },
    });
    await c.start();
    await c.wait();
    const socket = await connect(await adminCookie());
    const ended = new Promise<string>((resolve) => socket.once('logs:end', (e) => resolve(e.reason)));
    const sub = subscribeLogs(socket, { containerId: c.id, tail: 'all' });
    await sub.ready;
    // Stopped: the follow stream ends at once, but the backlog (many batches) still arrives first.
    await ended;
    expect(sub.lines).toHaveLength(count);
    expect(sub.lines.every((l, i) => l.text === String(i + 1))).toBe(true);
    // The text download streams the same log.
    const res = await fetch(`${BASE_URL}/api/containers/${c.id}/logs?tail=all&format=text`, {
      headers: { cookie: await adminCookie() },
    });
    const text = await res.text();
    expect(res.headers.get('content-disposition')).toContain('attachment');
    expect(text.split('\n').filter(Boolean)).toHaveLength(count);
    expect(text.endsWith(`${count}\n`)).toBe(true);
  });

  it('refuses a malformed subscription without opening anything', async () => {
    const socket = await connect(await adminCookie());
    await expect(subscribeLogs(socket, { containerId: '../etc', tail: 1 }).ready).rejects.toThrow(
      /container id/i,
    );
  });
});

describe('live stats over socket.io', () => {
  it('computes samples as docker stats does, and five viewers share one engine stream', async () => {
    const name = uniqueName('stats');
    await api('/api/containers', {
      method: 'POST',
      json: {
        image: TEST_IMAGE,
        name,
        labels: [TEST_LABEL],
        command: ['sh', '-c', 'while true; do :; done'],
      },
    });
    const before = await streams();
    const viewers = await Promise.all(Array.from({ length: 5 }, async () => connect(await adminCookie())));
    const samples = viewers.map(() => [] as { cpuPercent: number; memoryUsage: number; pids: number }[]);
    await Promise.all(
      viewers.map(
        (socket, i) =>
          new Promise<void>((resolve, reject) => {
            let id = '';
            socket.on('stats:sample', (e) => {
              if (e.id === id) samples[i]?.push(e.sample);
            });
            socket.emit('stats:subscribe', { containerId: name }, (res) => {
              if (!res.ok) return reject(new Error(res.error));
              id = res.id;
              resolve();
            });
          }),
      ),
    );
    await waitFor(async () => samples.every((s) => s.length >= 3), 15_000);
    expect((await streams()).stats).toBe((before.stats ?? 0) + 1);
    const last = samples[0]?.at(-1);
    // A busy loop: clearly above zero CPU; some memory; at least the shell.
    expect(last?.cpuPercent).toBeGreaterThan(5);
    expect(last?.memoryUsage).toBeGreaterThan(0);
    expect(last?.pids).toBeGreaterThanOrEqual(1);
    for (const s of viewers) s.disconnect();
    await waitFor(async () => (await streams()).stats === (before.stats ?? 0), 5_000);
  });
});

describe('stats overview over socket.io', () => {
  it('samples every running container with one-shot readings shared by all viewers, and stops when they leave', async () => {
    const make = async (prefix: string, cmd: string) => {
      const c = await engine.createContainer({
        Image: TEST_IMAGE,
        name: uniqueName(prefix),
        Cmd: ['sh', '-c', cmd],
        Labels: { 'berth.test': '1' },
      });
      await c.start();
      return c.id;
    };
    const busy = await make('ov-busy', 'while :; do :; done');
    const idle = await make('ov-idle', 'sleep 3600');
    const before = await streams();
    type Snapshot = Parameters<ServerToClientEvents['overview:snapshot']>[0]['snapshot'];
    const watch = async () => {
      const socket = await connect(await adminCookie());
      const snapshots: Snapshot[] = [];
      let id = '';
      socket.on('overview:snapshot', (e) => {
        if (e.id === id) snapshots.push(e.snapshot);
      });
      await new Promise<void>((resolve, reject) =>
        socket.emit('overview:subscribe', (res) => {
          if (!res.ok) return reject(new Error(res.error));
          id = res.id;
          resolve();
        }),
      );
      return { socket, snapshots, id };
    };
    const one = await watch();
    const two = await watch();
    const overview = await api<{ overview: { active: boolean; viewers: number; statsCalls: number } }>(
      '/api/system/streams',
    );
    expect(overview.body.overview).toMatchObject({ active: true, viewers: 2 });
    // Two rounds: CPU % needs a previous reading of the same container.
    const second = await waitFor(async () => (one.snapshots.length >= 2 ? one.snapshots : false), 20_000);
    const last = second.at(-1) as Snapshot;
    const row = (id: string) => last.rows.find((r) => r.id === id);
    expect(row(busy)?.sample.cpuPercent).toBeGreaterThan(5);
    expect(row(idle)?.sample.cpuPercent).toBeLessThan(5);
    expect(row(idle)?.sample.memoryUsage).toBeGreaterThan(0);
    expect(row(idle)?.sample.pids).toBeGreaterThanOrEqual(1);
    // The second viewer got the same rounds, and no per-container stats stream was opened for either.
    await waitFor(async () => two.snapshots.length >= 2);
    expect((await streams()).stats).toBe(before.stats ?? 0);

    one.socket.emit('overview:unsubscribe', { id: one.id });
    two.socket.disconnect();
    await waitFor(async () => {
      const now = await api<{ overview: { active: boolean; statsCalls: number } }>('/api/system/streams');
      return !now.body.overview.active;
    });
    const calls = (await api<{ overview: { statsCalls: number } }>('/api/system/streams')).body.overview
      .statsCalls;
    await new Promise((r) => setTimeout(r, 3_500));
    expect(
      (await api<{ overview: { statsCalls: number } }>('/api/system/streams')).body.overview.statsCalls,
    ).toBe(calls);
  });
});

describe('a socket that drops while its subscription is being opened', () => {
  for (const event of ['logs:subscribe', 'stats:subscribe'] as const) {
    it(`leaves no engine stream and no subscription behind (${event}, 20 in flight, 3 rounds)`, async () => {
      const name = uniqueName('drop');
      await api('/api/containers', {
        method: 'POST',
        json: {
          image: TEST_IMAGE,
          name,
          labels: [TEST_LABEL],
          command: ['sh', '-c', 'while true; do echo tick; sleep 0.2; done'],
        },
      });
      const before = await counters();
      const cookie = await adminCookie();
      for (let round = 0; round < 3; round++) {
        await dropWhileInFlight(cookie, 20, (s) => s.emit(event, { containerId: name }, () => {}), round);
      }
      // The container inspections the server awaited have long answered: whatever they opened is closed.
      await new Promise((r) => setTimeout(r, 1_500));
      await waitFor(async () => {
        const now = await counters();
        return (
          now.logs <= before.logs && now.stats <= before.stats && now.subscriptions <= before.subscriptions
        );
      }, 5_000);
    });
  }
});

describe('a malformed payload', () => {
  it('is refused with an error ack naming the field, for a subscribe and an unsubscribe, and opens nothing', async () => {
    const socket = await connect(await adminCookie());
    const before = await counters();
    const subscribe = await socket.emitWithAck('logs:subscribe', { containerId: '../etc', tail: 1 });
    expect(subscribe).toMatchObject({ ok: false, code: 'bad_request' });
    expect(!subscribe.ok && subscribe.error).toMatch(/payload\.containerId/);
    const stats = await socket.emitWithAck('stats:subscribe', { containerId: 7 } as never);
    expect(stats).toMatchObject({ ok: false, code: 'bad_request' });
    expect(!stats.ok && stats.error).toMatch(/payload\.containerId/);
    for (const event of ['logs:unsubscribe', 'stats:unsubscribe', 'overview:unsubscribe'] as const) {
      const res = await socket.emitWithAck(event, { id: 42 } as never);
      expect(res, event).toMatchObject({ ok: false, code: 'bad_request' });
      expect(!res.ok && res.error, event).toMatch(/payload\.id/);
    }
    expect(await counters()).toEqual(before);
  });

  it('is refused with an error ack naming the field, for a cancel, and cancels nothing', async () => {
    const socket = await connect(await adminCookie());
    const before = await counters();
    for (const event of ['image:cancel', 'build:cancel'] as const) {
      const res = await socket.emitWithAck(event, { id: ['x'] } as never);
      expect(res, event).toMatchObject({ ok: false, code: 'bad_request' });
      expect(!res.ok && res.error, event).toMatch(/payload\.id/);
    }
    const pull = await socket.emitWithAck('image:pull', { reference: '' });
    expect(pull).toMatchObject({ ok: false, code: 'bad_request' });
    expect(!pull.ok && pull.error).toMatch(/payload\.reference/);
    expect(await counters()).toEqual(before);
  });

  it('sent without an ack is reported as one event:error naming the event and the field', async () => {
    const socket = await connect(await adminCookie());
    const reported = new Promise<Parameters<ServerToClientEvents['event:error']>[0]>((resolve) =>
      socket.once('event:error', resolve),
    );
    socket.emit('logs:unsubscribe', { id: '' });
    const error = await reported;
    expect(error).toMatchObject({ event: 'logs:unsubscribe', code: 'bad_request' });
    expect(error.error).toMatch(/payload\.id/);
  });

  it('of a subscription by a viewer without the permission is denied in the same shape', async () => {
    const viewer = await userSession('viewer', 'rt-viewer-denied');
    const socket = await connect(viewer.cookie);
    const res = await socket.emitWithAck('build:cancel', { id: 'nope' });
    expect(res).toMatchObject({ ok: false, code: 'forbidden' });
  });
});
