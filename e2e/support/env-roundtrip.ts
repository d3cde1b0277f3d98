import { expect } from 'vitest';
import type { AckResult } from '@/lib/realtime/contract';
import { adminCookie, api } from './api';
import { TEST_IMAGE } from './engine';
import { connectSocket } from './socket';

function emit<R>(send: (ack: (res: AckResult<R>) => void) => void): Promise<AckResult<R>> {
  return new Promise((resolve) => send(resolve));
}

/**
 * What a user does with a container of another engine, all through Berth (issue 16): run one there, see it in
 * that engine's list, stream its logs, open an exec and read its stats overview over the socket (all with `env`),
 * then remove it.
 * Returns the hostname the exec printed (the container's short id), for the caller to compare.
 */
export async function containerRoundTrip(env: string, name: string, label: string): Promise<void> {
  const base = `/api/environments/${env}`;
  const made = await api<{ id: string; name: string }>(`${base}/containers`, {
    method: 'POST',
    json: {
      image: TEST_IMAGE,
      name,
      // A line at once and one a second later: the backlog and the live stream both carry one.
      command: ['sh', '-c', 'echo first-$(hostname); sleep 1; echo second-$(hostname); sleep 3600'],
      labels: [`${label}=1`],
      init: true,
    },
  });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  const id = made.body.id;
  const short = id.slice(0, 12);
  try {
    const list = await api<{ id: string; state: string }[]>(`${base}/containers?all=1`);
    expect(list.body.find((c) => c.id === id)?.state).toBe('running');

    const socket = await connectSocket(await adminCookie());
    try {
      const lines: string[] = [];
      let subscription = '';
      socket.on('logs:lines', (batch) => {
        if (batch.id === subscription) lines.push(...batch.lines.map((l) => l.text));
      });
      const subscribed = await emit<{ id: string }>((ack) =>
        socket.emit('logs:subscribe', { containerId: id, tail: 10, env }, ack),
      );
      expect(subscribed, JSON.stringify(subscribed)).toMatchObject({ ok: true });
      if (subscribed.ok) subscription = subscribed.id;
      await expect.poll(() => lines.join('\n'), { timeout: 15_000 }).toContain(`second-${short}`);
      expect(lines.join('\n')).toContain(`first-${short}`);

      let output = '';
      let session = '';
      const exited = new Promise<number | null>((resolve) => {
        socket.on('exec:output', (e) => {
          if (e.id === session) output += e.data;
        });
        socket.on('exec:exit', (e) => {
          if (e.id === session) resolve(e.exitCode);
        });
      });
      const started = await emit<{ id: string }>((ack) =>
        socket.emit(
          'exec:start',
          { containerId: id, command: ['cat', '/etc/hostname'], cols: 80, rows: 24, env },
          (r) => {
            if (r.ok) session = r.id;
            ack(r);
          },
        ),
      );
      expect(started, JSON.stringify(started)).toMatchObject({ ok: true });
      expect(await exited).toBe(0);
      expect(output).toContain(short);

      // The stats overview of that engine (`docker stats`): its one-shot readings go over a plain kept-alive
      // connection where the engine's address allows one (tcp, TLS) and through dockerode over SSH.
      let overview = '';
      const memory: number[] = [];
      socket.on('overview:snapshot', (e) => {
        const row = e.snapshot.rows.find((r) => r.id === id);
        if (e.id === overview && row) memory.push(row.sample.memoryUsage);
      });
      const watched = await emit<{ id: string }>((ack) => socket.emit('overview:subscribe', { env }, ack));
      expect(watched, JSON.stringify(watched)).toMatchObject({ ok: true });
      if (watched.ok) overview = watched.id;
      await expect.poll(() => memory.length, { timeout: 15_000 }).toBeGreaterThan(0);
      expect(memory[0]).toBeGreaterThan(0);
    } finally {
      socket.close();
    }
  } finally {
    const removed = await api(`${base}/containers/${id}?force=1`, { method: 'DELETE' });
    expect(removed.status, JSON.stringify(removed.body)).toBe(204);
  }
  const gone = await api(`${base}/containers/${id}`);
  expect(gone.status).toBe(404);
}
