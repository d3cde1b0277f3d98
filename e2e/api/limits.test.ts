import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '@/lib/audit/types';
import type { AckResult } from '@/lib/realtime/contract';
import type { LimitsSettings } from '@/lib/settings/limits';
import { ADMIN_PASSWORD, ADMIN_USER, api, login } from '../support/api';
import { engine, TEST_IMAGE, TEST_LABEL, uniqueName, waitFor } from '../support/engine';
import { type StartedServer, startServer } from '../support/server';
import { type ClientSocket, connectSocket, openSockets } from '../support/socket';
import { WAITING_STACK } from '../support/stacks';

/**
 * Issue 18's per-user limits, on a server of this file's own (its settings are lowered here): the bound's
 * next one is refused with a message naming the setting (connect_error, ack, HTTP 429), the first ones work,
 * and closing one frees a slot; an idle terminal is closed with a message and its process ends.
 */

let server: StartedServer;
let cookie = '';
let containerId = '';

const LIMITS: LimitsSettings = {
  sockets: 3,
  terminals: 2,
  logs: 2,
  stats: 2,
  uploads: 2,
  jobs: 2,
  terminalIdleSeconds: 0,
};

async function setLimits(limits: Partial<LimitsSettings>): Promise<void> {
  const res = await api<{ limits: LimitsSettings }>('/api/settings', {
    base: server.url,
    as: { cookie },
    method: 'PUT',
    json: { limits: { ...LIMITS, ...limits } },
  });
  expect(res.status).toBe(200);
  expect(res.body.limits).toEqual({ ...LIMITS, ...limits });
}

const connect = () => connectSocket(cookie, server.url);

type Refusal = {
  ok: false;
  error: string;
  code: string;
  limit?: { name: string; max: number; setting: string };
};

function emitAck<T>(send: (ack: (res: AckResult<T>) => void) => void): Promise<AckResult<T>> {
  return new Promise((resolve) => send(resolve));
}

function expectLimit(res: AckResult<unknown>, name: string, max: number): void {
  expect(res.ok).toBe(false);
  const refusal = res as Refusal;
  expect(refusal.code).toBe('limit');
  expect(refusal.limit).toEqual({ name, max, setting: `limits.${name}` });
  expect(refusal.error).toContain(`at most ${max}`);
  expect(refusal.error).toContain(`limits.${name}`);
}

function startTerminal(socket: ClientSocket, event: 'exec:start' | 'attach:start' = 'exec:start') {
  return emitAck<{ id: string }>((ack) =>
    event === 'exec:start'
      ? socket.emit('exec:start', { containerId, command: ['sleep', '600'] }, ack)
      : socket.emit('attach:start', { containerId }, ack),
  );
}

async function processes(): Promise<string[]> {
  const top = await engine.getContainer(containerId).top({ ps_args: '-o pid,args' });
  return (top.Processes ?? []).map((p: string[]) => p.join(' '));
}

beforeAll(async () => {
  server = await startServer({ env: { BERTH_ADMIN_USER: ADMIN_USER, BERTH_ADMIN_PASSWORD: ADMIN_PASSWORD } });
  const res = await login(ADMIN_USER, ADMIN_PASSWORD, server.url);
  if (!res.cookie) throw new Error(`login failed: ${res.status}`);
  cookie = res.cookie;
  const container = await engine.createContainer({
    Image: TEST_IMAGE,
    name: uniqueName('limits'),
    Cmd: ['sleep', '3600'],
    Labels: { [TEST_LABEL.split('=')[0] ?? 'berth.test']: '1' },
  });
  await container.start();
  containerId = container.id;
  await setLimits({});
}, 120_000);

afterAll(async () => {
  for (const s of openSockets) s.disconnect();
  if (containerId)
    await engine
      .getContainer(containerId)
      .remove({ force: true, v: true })
      .catch(() => {});
  await server?.stop();
}, 60_000);

describe('per-user limits', () => {
  it('answers the defaults and the documented bounds through the settings API', async () => {
    const res = await api<{ limits: LimitsSettings }>('/api/settings', { base: server.url, as: { cookie } });
    expect(res.body.limits).toEqual(LIMITS);
    const bad = await api('/api/settings', {
      base: server.url,
      as: { cookie },
      method: 'PUT',
      json: { limits: { ...LIMITS, terminals: 0 } },
    });
    expect(bad.status).toBe(400);
  });

  it('a PUT of one field changes that field only, and keeps the other settings as they were', async () => {
    const put = (json: Record<string, unknown>) =>
      api<{ limits: LimitsSettings; trustedOrigins: string[]; auditRetentionDays: number }>('/api/settings', {
        base: server.url,
        as: { cookie },
        method: 'PUT',
        json,
      });
    expect(
      (await put({ trustedOrigins: ['https://berth.example.com'], auditRetentionDays: 30 })).status,
    ).toBe(200);
    const one = await put({ limits: { stats: 5 } });
    expect(one.status, JSON.stringify(one.body)).toBe(200);
    expect(one.body.limits).toEqual({ ...LIMITS, stats: 5 });
    expect(one.body.trustedOrigins).toEqual(['https://berth.example.com']);
    expect(one.body.auditRetentionDays).toBe(30);
    // What was answered is what was stored.
    const read = await api<{ limits: LimitsSettings; trustedOrigins: string[] }>('/api/settings', {
      base: server.url,
      as: { cookie },
    });
    expect(read.body.limits).toEqual({ ...LIMITS, stats: 5 });
    expect(read.body.trustedOrigins).toEqual(['https://berth.example.com']);
    expect((await put({ trustedOrigins: [], auditRetentionDays: 180, limits: LIMITS })).status).toBe(200);
  });

  it('refuses the socket past the bound with a connect_error naming the setting; closing one frees a slot', async () => {
    const open = [await connect(), await connect(), await connect()];
    const err = await connect().then(
      () => null,
      (e: Error & { data?: { code: string; limit: unknown } }) => e,
    );
    expect(err?.message).toContain('at most 3 open connections');
    expect(err?.message).toContain('limits.sockets');
    expect(err?.data).toEqual({
      code: 'limit',
      limit: { name: 'sockets', max: 3, setting: 'limits.sockets' },
    });
    open[0]?.disconnect();
    await waitFor(async () =>
      connect().then(
        (s) => s,
        () => false,
      ),
    );
    for (const s of open) s.disconnect();
    for (const s of openSockets) s.disconnect();
  });

  it("refuses the terminal past the bound across the user's sockets (exec and attach); closing one frees a slot", async () => {
    const a = await connect();
    const b = await connect();
    const first = await startTerminal(a);
    const second = await startTerminal(b);
    expect(first.ok && second.ok).toBe(true);
    expectLimit(await startTerminal(a), 'terminals', 2);
    expectLimit(await startTerminal(b, 'attach:start'), 'terminals', 2);
    // A refusal is audited as a failed start.
    const audit = await api<AuditEntry[]>('/api/audit?action=attach.start&result=error', {
      base: server.url,
      as: { cookie },
    });
    expect(audit.body.some((e) => /limits\.terminals/.test(e.error ?? ''))).toBe(true);
    if (!first.ok) throw new Error('first terminal refused');
    const exited = new Promise((resolve) => a.once('exec:exit', resolve));
    await emitAck((ack) => a.emit('exec:close', { id: first.id }, ack));
    await exited;
    const third = await startTerminal(b);
    expect(third.ok).toBe(true);
    a.disconnect();
    b.disconnect();
  });

  it('refuses the log and stats views past their bounds; unsubscribing frees a slot', async () => {
    const socket = await connect();
    const logs = () =>
      emitAck<{ id: string }>((ack) => socket.emit('logs:subscribe', { containerId, tail: 0 }, ack));
    const stats = () =>
      emitAck<{ id: string }>((ack) => socket.emit('stats:subscribe', { containerId }, ack));
    const [l1, l2] = [await logs(), await logs()];
    expect(l1.ok && l2.ok).toBe(true);
    expectLimit(await logs(), 'logs', 2);
    const [s1, s2] = [await stats(), await stats()];
    expect(s1.ok && s2.ok).toBe(true);
    expectLimit(await stats(), 'stats', 2);
    if (!l1.ok || !s1.ok) throw new Error('unexpected refusal');
    await emitAck((ack) => socket.emit('logs:unsubscribe', { id: l1.id }, ack));
    await emitAck((ack) => socket.emit('stats:unsubscribe', { id: s1.id }, ack));
    expect((await logs()).ok).toBe(true);
    expect((await stats()).ok).toBe(true);
    socket.disconnect();
  });

  it('refuses the upload past the bound with 429 in the error envelope; a finished one frees its slot', async () => {
    const held: ReadableStreamDefaultController<Uint8Array>[] = [];
    const upload = (body: BodyInit) =>
      fetch(`${server.url}/api/images/build/context`, {
        method: 'POST',
        headers: { cookie, origin: server.url, 'content-type': 'application/x-tar' },
        body,
        duplex: 'half',
      } as RequestInit);
    const holding = [0, 1].map(() =>
      upload(
        new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new Uint8Array(512));
            held.push(controller);
          },
        }),
      ),
    );
    // Once both are in the handler, the next is refused (a short one that got in first only passes through).
    const refused = await waitFor(async () => {
      const res = await upload(new Uint8Array(512));
      if (res.status === 429) return res;
      await res.body?.cancel();
      return false;
    });
    const envelope = (await refused.json()) as {
      error: { code: string; status: number; message: string; limit: unknown };
    };
    expect(envelope.error.code).toBe('limit');
    expect(envelope.error.status).toBe(429);
    expect(envelope.error.message).toContain('limits.uploads');
    expect(envelope.error.limit).toEqual({ name: 'uploads', max: 2, setting: 'limits.uploads' });
    held[0]?.close();
    expect((await holding[0])?.status).toBe(201);
    const after = await upload(new Uint8Array(512));
    expect(after.status).toBe(201);
    held[1]?.close();
    expect((await holding[1])?.status).toBe(201);
  });

  it('refuses the long-running job past the bound (socket and HTTP alike); one ending frees its slot', async () => {
    // Two Compose stacks; the first one's `up` waits on a health check that never passes, holding a job slot.
    const run = Math.random().toString(36).slice(2, 7);
    const quick = `services:\n  one:\n    image: ${TEST_IMAGE}\n    command: ["true"]\n    labels: ["berth.test.stack=1"]\n`;
    const stacks = [`blim-${run}-wait`, `blim-${run}-quick`] as const;
    try {
      for (const [name, compose] of [
        [stacks[0], WAITING_STACK],
        [stacks[1], quick],
      ])
        expect(
          (
            await api('/api/stacks', {
              base: server.url,
              as: { cookie },
              method: 'POST',
              json: { name, compose, deploy: false },
            })
          ).status,
        ).toBe(201);
      await setLimits({ jobs: 1 });
      // The sockets the tests above closed may still count for a moment (sockets: 3): retry the connection.
      const socket = await waitFor(() => connect().catch(() => undefined), 10_000);
      const ends: unknown[] = [];
      socket.on('stack:end', (e) => ends.push(e));
      const first = await emitAck<{ id: string }>((ack) =>
        socket.emit('stack:run', { name: stacks[0], action: 'up' }, ack),
      );
      expect(first.ok).toBe(true);
      // HTTP: 429 in the envelope, naming the bound.
      const refused = await api<{ error: { code: string; limit?: unknown; message: string } }>(
        `/api/stacks/${stacks[1]}/up`,
        { base: server.url, as: { cookie }, method: 'POST', json: {} },
      );
      expect(refused.status).toBe(429);
      expect(refused.body.error.limit).toEqual({ name: 'jobs', max: 1, setting: 'limits.jobs' });
      // Socket: the same refusal in the ack.
      expectLimit(
        await emitAck((ack) => socket.emit('stack:run', { name: stacks[1], action: 'up' }, ack)),
        'jobs',
        1,
      );
      // The first one ends (cancelled): its slot is free again.
      if (first.ok) socket.emit('stack:cancel', { id: first.id }, () => {});
      await waitFor(async () => ends.length > 0, 20_000);
      const after = await waitFor(async () => {
        const res = await api<{ ok: boolean }>(`/api/stacks/${stacks[1]}/up`, {
          base: server.url,
          as: { cookie },
          method: 'POST',
          json: {},
        });
        return res.status === 429 || res.status === 409 ? undefined : res;
      }, 15_000);
      expect(after.status).toBe(200);
      socket.disconnect();
    } finally {
      await setLimits({});
      for (const name of stacks)
        await api(`/api/stacks/${name}`, { base: server.url, as: { cookie }, method: 'DELETE' }).catch(
          () => {},
        );
    }
  }, 180_000);

  it('closes an idle terminal with a message, ends its process and audits the end', async () => {
    await setLimits({ terminalIdleSeconds: 2 });
    const before = new Set(await processes());
    const socket = await connect();
    const exit = new Promise<{ id: string; exitCode: number | null; message?: string }>((resolve) =>
      socket.on('exec:exit', resolve),
    );
    const started = await emitAck<{ id: string }>((ack) =>
      socket.emit('exec:start', { containerId, command: ['sleep', '777'] }, ack),
    );
    if (!started.ok) throw new Error(started.error);
    await waitFor(async () => (await processes()).some((p) => !before.has(p) && /sleep 777/.test(p)));
    const ended = await Promise.race([exit, new Promise<null>((r) => setTimeout(() => r(null), 15_000))]);
    expect(ended?.id).toBe(started.id);
    expect(ended?.exitCode).toBeNull();
    expect(ended?.message).toMatch(/^Closed after 2 seconds without input or output/);
    await waitFor(async () => !(await processes()).some((p) => /sleep 777/.test(p)), 5_000);
    const audit = await api<AuditEntry[]>('/api/audit?action=exec.end', { base: server.url, as: { cookie } });
    expect(
      audit.body.some(
        (e) => /sleep 777/.test(e.command ?? '') && /without input or output/.test(e.error ?? ''),
      ),
    ).toBe(true);
    socket.disconnect();
  });
});
