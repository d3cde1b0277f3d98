import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogLine } from '@/lib/containers/types';
import { adminCookie, api, BASE_URL } from '../support/api';
import { engine, TEST_IMAGE, uniqueName } from '../support/engine';
import { removeLabelled } from '../support/labelled';
import { connectSocket, openSockets } from '../support/socket';

const SIZE = 50 * 1024 * 1024;
/** The server keeps this many bytes of a line (LOG_LINE_CAP in server/docker/logs.ts). */
const CAP = 64 * 1024;

let containerId = '';
const RUN = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** Polls /api/health every 100 ms while `work` runs; returns the slowest answer in milliseconds. */
async function slowestHealthDuring(work: Promise<unknown>): Promise<number> {
  let done = false;
  const finish = () => {
    done = true;
  };
  work.then(finish, finish);
  let slowest = 0;
  while (!done) {
    const started = performance.now();
    const res = await fetch(`${BASE_URL}/api/health`);
    await res.arrayBuffer();
    slowest = Math.max(slowest, performance.now() - started);
    await new Promise((r) => setTimeout(r, 100));
  }
  await work;
  return slowest;
}

/**
 * The container that printed the line, made again if gone: other test files on the shared engine remove every
 * berth.test=1 container when they start.
 */
async function printed(): Promise<string> {
  if (
    containerId &&
    (await engine
      .getContainer(containerId)
      .inspect()
      .then(
        () => true,
        () => false,
      ))
  )
    return containerId;
  const c = await engine.createContainer({
    Image: TEST_IMAGE,
    name: uniqueName('long-line'),
    Cmd: ['sh', '-c', `head -c ${SIZE} /dev/zero | tr '\\0' a; echo; echo after`],
    Labels: { 'berth.test': '1', 'berth.test.run': RUN },
  });
  await c.start();
  await c.wait();
  containerId = c.id;
  return containerId;
}

beforeAll(printed, 120_000);

afterAll(async () => {
  for (const s of openSockets) s.disconnect();
  await removeLabelled(`berth.test.run=${RUN}`);
});

describe('a container that printed one 50 MB line', () => {
  it('reads its log over HTTP within seconds, the line cut at 64 KiB and marked, health answering meanwhile', async () => {
    const id = await printed();
    const started = performance.now();
    const read = api<LogLine[]>(`/api/containers/${id}/logs?tail=all`);
    const slowest = await slowestHealthDuring(read);
    const elapsed = performance.now() - started;
    const res = await read;
    expect(res.status).toBe(200);
    expect(elapsed).toBeLessThan(8_000);
    expect(slowest).toBeLessThan(1_000);
    expect(res.body).toHaveLength(2);
    const [long, after] = res.body;
    // (compared by length and leftovers: a failure should not print 64 KiB)
    expect(long?.text.length).toBe(CAP);
    expect(long?.text.replace(/a/g, '')).toBe('');
    expect(long?.truncated).toBe(SIZE - CAP);
    expect(after).toEqual({ stream: 'stdout', text: 'after' });
  });

  it('downloads it as text with the cut line marked', async () => {
    const res = await fetch(`${BASE_URL}/api/containers/${await printed()}/logs?tail=all&format=text`, {
      headers: { cookie: await adminCookie() },
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.slice(0, CAP).replace(/a/g, '')).toBe('');
    expect(text.slice(CAP)).toBe(` [truncated: ${SIZE - CAP} more bytes]\nafter\n`);
  });

  it('streams it over socket.io within seconds, the line cut and marked, then the next line', async () => {
    const containerId = await printed();
    const socket = await connectSocket(await adminCookie());
    const lines: LogLine[] = [];
    let id = '';
    socket.on('logs:lines', (batch) => {
      if (batch.id === id) lines.push(...batch.lines);
    });
    const started = performance.now();
    // Stopped: the live stream ends at once, after the backlog was delivered.
    const ended = new Promise<void>((resolve) => socket.once('logs:end', () => resolve()));
    const subscribed = new Promise<void>((resolve, reject) =>
      socket.emit('logs:subscribe', { containerId, tail: 'all' }, (res) => {
        if (!res.ok) return reject(new Error(res.error));
        id = res.id;
        resolve();
      }),
    );
    const slowest = await slowestHealthDuring(subscribed.then(() => ended));
    expect(performance.now() - started).toBeLessThan(8_000);
    expect(slowest).toBeLessThan(1_000);
    expect(lines.map((l) => l.text.length)).toEqual([CAP - (lines[0]?.time?.length ?? 0) - 1, 5]);
    const [long, after] = lines;
    expect(long?.time).toMatch(/^\d{4}-\d\d-\d\dT/);
    // With timestamps the engine prefixes each 16 KiB piece it stored the line in with its own timestamp
    // (as `docker logs -t` shows): apart from those, the kept text is the line's first bytes.
    expect(long?.text.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z /g, '').replace(/a/g, '')).toBe('');
    expect(long?.truncated).toBeGreaterThan(SIZE - CAP);
    expect(after?.text).toBe('after');
    expect(after?.truncated).toBeUndefined();
  });
});
