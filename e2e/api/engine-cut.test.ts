import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogLine } from '@/lib/containers/types';
import { api } from '../support/api';
import { engine, TEST_IMAGE, uniqueName, waitFor } from '../support/engine';
import { type EngineCable, serverBehindCable } from '../support/engine-cable';
import type { StartedServer } from '../support/server';
import { type ClientSocket, connectSocket, openSockets } from '../support/socket';

/*
 * The engine's socket vanishes while logs, stats, a terminal and the event stream are open, then comes back
 * (issue 18): Berth must not crash, must end each stream with a reason, and a log viewer resuming from its last
 * line gets every later line once, none twice. The real engine, behind a cable this file unplugs.
 */
let cable: EngineCable;
let server: StartedServer;
let cookie: string;
const made: string[] = [];

beforeAll(async () => {
  ({ cable, server, cookie } = await serverBehindCable());
}, 90_000);

afterAll(async () => {
  for (const s of openSockets) s.disconnect();
  await server?.stop();
  await cable?.close();
  for (const id of made)
    await engine
      .getContainer(id)
      .remove({ force: true })
      .catch(() => {});
});

async function running(cmd: string[]): Promise<string> {
  const c = await engine.createContainer({
    name: uniqueName('cut'),
    Image: TEST_IMAGE,
    Cmd: cmd,
    Labels: { 'berth.test': '1' },
    HostConfig: { NetworkMode: 'none' },
  });
  made.push(c.id);
  await c.start();
  return c.id;
}

function followLogs(socket: ClientSocket, containerId: string, since?: string) {
  const lines: LogLine[] = [];
  const ends: string[] = [];
  let id = '';
  socket.on('logs:lines', (b) => {
    if (b.id === id) lines.push(...b.lines);
  });
  socket.on('logs:end', (e) => {
    if (e.id === id) ends.push(e.reason);
  });
  const ready = socket
    .emitWithAck('logs:subscribe', { containerId, tail: 'all', ...(since ? { since } : {}) })
    .then((ack) => {
      if (!ack.ok) throw new Error(ack.error);
      id = ack.id;
    });
  return { lines, ends, ready };
}

const numberOf = (line: LogLine) => Number(/tick (\d+)/.exec(line.text)?.[1]);

describe('the engine socket vanishing mid-stream and coming back', () => {
  it('ends logs, stats and the terminal with a reason, keeps Berth up, and logs resume without duplicates', async () => {
    const ticker = await running([
      'sh',
      '-c',
      'i=0; while true; do echo "tick $i"; i=$((i+1)); sleep 0.05; done',
    ]);
    const sleeper = await running(['sleep', '3600']);
    const socket = await connectSocket(cookie, server.url);

    const first = followLogs(socket, ticker);
    await first.ready;
    const statsEnds: string[] = [];
    let statsId = '';
    socket.on('stats:end', (e) => {
      if (e.id === statsId) statsEnds.push(e.reason);
    });
    const stats = await socket.emitWithAck('stats:subscribe', { containerId: sleeper });
    if (!stats.ok) throw new Error(stats.error);
    statsId = stats.id;
    const exits: { exitCode: number | null; message?: string }[] = [];
    socket.on('exec:exit', (e) => exits.push(e));
    const term = await socket.emitWithAck('exec:start', { containerId: sleeper, command: ['sh'] });
    if (!term.ok) throw new Error(term.error);
    await waitFor(async () => first.lines.length >= 10);

    await cable.unplug();
    await waitFor(
      async () => first.ends.length === 1 && statsEnds.length === 1 && exits.length === 1,
      15_000,
    );
    expect(first.ends[0]).toBeTruthy();
    // Berth answers meanwhile, saying the engine is gone.
    const health = await api<{ ok: boolean }>('/api/health', { base: server.url, as: 'anonymous' });
    expect(health.status).toBe(200);
    expect(health.body.ok).toBe(false);
    await new Promise((r) => setTimeout(r, 500)); // the container keeps logging while the cable is out

    await cable.plug();
    const last = first.lines.at(-1);
    if (!last?.time) throw new Error('no timestamped line before the cut');
    const resumed = followLogs(socket, ticker, last.time);
    await resumed.ready;
    await waitFor(async () => resumed.lines.length >= 20, 15_000);

    const numbers = [...first.lines, ...resumed.lines].map(numberOf);
    expect(new Set(numbers).size).toBe(numbers.length); // none twice
    for (let i = 1; i < numbers.length; i++) expect(numbers[i]).toBe((numbers[i - 1] ?? 0) + 1); // none lost
    // The socket itself stayed up, and new streams work once the engine is back.
    expect(socket.connected).toBe(true);
    const again = await socket.emitWithAck('stats:subscribe', { containerId: sleeper });
    expect(again.ok).toBe(true);
  });
});
