import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents } from '@/lib/realtime/contract';
import { adminCookie, api, userSession } from '../support/api';
import { engine, removeTestContainers, TEST_IMAGE, TEST_LABEL, uniqueName, waitFor } from '../support/engine';
import {
  type ClientSocket,
  connectSocket,
  dropWhileInFlight,
  openSockets as sockets,
} from '../support/socket';

let containerId = '';
let containerName = '';

const connect = connectSocket;

interface Session {
  id: string;
  output: () => string;
  bytes: () => number;
  send: (data: string) => void;
  exited: Promise<{ exitCode: number | null; message?: string }>;
}

async function startExec(
  socket: ClientSocket,
  payload: Parameters<ClientToServerEvents['exec:start']>[0],
  ack = true,
  event: 'exec:start' | 'attach:start' = 'exec:start',
): Promise<Session> {
  let out = '';
  let bytes = 0;
  let id = '';
  let resolveExit: (v: { exitCode: number | null; message?: string }) => void = () => {};
  const exited = new Promise<{ exitCode: number | null; message?: string }>((r) => {
    resolveExit = r;
  });
  socket.on('exec:output', (e) => {
    if (e.id !== id) return;
    out += e.data;
    bytes += Buffer.byteLength(e.data);
    if (ack) socket.emit('exec:ack', { id, bytes });
  });
  socket.on('exec:exit', (e) => {
    if (e.id === id) resolveExit(e);
  });
  // The id is taken inside the ack itself: an exit packet may be handled before an awaited continuation runs.
  await new Promise<void>((resolve, reject) => {
    const onAck = (res: { ok: true; id: string } | { ok: false; error: string }) => {
      if (!res.ok) return reject(new Error(res.error));
      id = res.id;
      resolve();
    };
    if (event === 'attach:start') socket.emit(event, payload, onAck);
    else socket.emit(event, payload, onAck);
  });
  return {
    id,
    output: () => out,
    bytes: () => bytes,
    send: (data) => socket.emit('exec:input', { id, data }),
    exited,
  };
}

async function processes(): Promise<string[]> {
  const top = await engine.getContainer(containerId).top({ ps_args: '-o pid,args' });
  return (top.Processes ?? []).map((p: string[]) => p.join(' '));
}

/** Processes that were not there before: other tests' sessions may still be open. */
async function newProcesses(before: string[]): Promise<string[]> {
  const known = new Set(before);
  return (await processes()).filter((p) => !known.has(p));
}

beforeAll(async () => {
  await removeTestContainers();
  containerName = uniqueName('exec');
  const res = await api<{ id: string }>('/api/containers', {
    method: 'POST',
    json: { image: TEST_IMAGE, name: containerName, labels: [TEST_LABEL], command: ['sleep', '3600'] },
  });
  containerId = res.body.id;
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await removeTestContainers();
});

describe('exec terminal over socket.io', () => {
  it('runs a command typed into the shell and shows its output', async () => {
    const s = await startExec(await connect(await adminCookie()), { containerId: containerName });
    s.send('echo mark$((40+2))er\n');
    await waitFor(async () => s.output().includes('mark42er'));
    // The wrapper's PID marker never reaches the terminal.
    expect(s.output()).not.toContain('berth-pid');
  });

  it('propagates the terminal size, at start and on resize', async () => {
    const socket = await connect(await adminCookie());
    const s = await startExec(socket, { containerId, cols: 100, rows: 30 });
    s.send('stty size\n');
    await waitFor(async () => s.output().includes('30 100'));
    socket.emit('exec:resize', { id: s.id, cols: 120, rows: 40 });
    await new Promise((r) => setTimeout(r, 300));
    s.send('stty size\n');
    await waitFor(async () => s.output().includes('40 120'));
  });

  it('ends the shell and what runs in it when the socket drops: nothing left in docker top within 5 s', async () => {
    const before = await processes();
    const socket = await connect(await adminCookie());
    const s = await startExec(socket, { containerId });
    s.send('yes > /dev/null\n');
    // The shell and `yes` (busybox runs its applets in a forked shell, so both read "sh" in ps).
    await waitFor(async () => (await newProcesses(before)).length >= 2);
    socket.disconnect();
    await waitFor(async () => (await newProcesses(before)).length === 0, 5_000);
    expect((await processes()).some((p) => /sleep 3600/.test(p))).toBe(true);
  });

  it('leaves no process behind when sockets drop while their terminals are starting (20 in flight)', async () => {
    const subscriptions = async () =>
      (await api<{ subscriptions: number }>('/api/system/streams')).body.subscriptions;
    const before = await processes();
    const subscribed = await subscriptions();
    // Spread over 0-190 ms: some drop during the container inspection, some while the exec is created.
    await dropWhileInFlight(
      await adminCookie(),
      20,
      (s) => s.emit('exec:start', { containerId, command: ['sleep', '600'] }, () => {}),
      10,
    );
    await new Promise((r) => setTimeout(r, 2_000));
    await waitFor(async () => (await newProcesses(before)).length === 0, 10_000);
    await waitFor(async () => (await subscriptions()) <= subscribed, 5_000);
  });

  it('refuses malformed input and resize with an error ack naming the field, and the session goes on', async () => {
    const socket = await connect(await adminCookie());
    const s = await startExec(socket, { containerId, command: ['sh'] });
    const input = await socket.emitWithAck('exec:input', { id: s.id, data: 5 } as never);
    expect(input).toMatchObject({ ok: false, code: 'bad_request' });
    expect(!input.ok && input.error).toMatch(/payload\.data/);
    const resize = await socket.emitWithAck('exec:resize', { id: s.id, cols: 0, rows: 30 });
    expect(!resize.ok && resize.error).toMatch(/payload\.cols/);
    const close = await socket.emitWithAck('exec:close', {} as never);
    expect(!close.ok && close.error).toMatch(/payload\.id/);
    expect(await socket.emitWithAck('exec:input', { id: s.id, data: 'echo still-$((6*7))\n' })).toEqual({
      ok: true,
    });
    await waitFor(async () => s.output().includes('still-42'));
  });

  it('ends the process when the user closes the terminal, and reports the exit', async () => {
    const before = await processes();
    const socket = await connect(await adminCookie());
    const s = await startExec(socket, { containerId, command: ['sh'] });
    s.send('echo ready\n');
    await waitFor(async () => s.output().includes('ready'));
    expect(await newProcesses(before)).toHaveLength(1);
    socket.emit('exec:close', { id: s.id });
    const exit = await s.exited;
    expect(exit.exitCode).toBe(137); // killed, as `docker exec` shells are when Berth closes them
    await waitFor(async () => (await newProcesses(before)).length === 0, 5_000);
  });

  it('keeps the server bounded under a flood the browser does not acknowledge, and Ctrl-C still answers', async () => {
    const stats = async () => (await api<{ rss: number }>('/api/system/streams')).body.rss;
    const socket = await connect(await adminCookie());
    const s = await startExec(socket, { containerId }, false);
    const rssBefore = await stats();
    s.send('yes\n');
    await new Promise((r) => setTimeout(r, 4_000));
    // Paused at the high watermark: what arrived is bounded, and so is the server's memory.
    expect(s.bytes()).toBeLessThan(2 * 1024 * 1024);
    expect((await stats()) - rssBefore).toBeLessThan(64 * 1024 * 1024);
    s.send('\u0003');
    socket.emit('exec:ack', { id: s.id, bytes: s.bytes() });
    const ackLoop = setInterval(() => socket.emit('exec:ack', { id: s.id, bytes: s.bytes() }), 50);
    try {
      s.send('echo after-$((6*7))\n');
      await waitFor(async () => s.output().includes('after-42'), 10_000);
    } finally {
      clearInterval(ackLoop);
    }
  });

  it('is refused to a viewer, and to an operator choosing the exec user while that is off', async () => {
    const viewer = await userSession('viewer', 'exec-viewer');
    await expect(startExec(await connect(viewer.cookie), { containerId })).rejects.toThrow(/viewer/);
    const operator = await userSession('operator', 'exec-operator');
    await expect(startExec(await connect(operator.cookie), { containerId, user: 'root' })).rejects.toThrow(
      /allowExecUser/,
    );
    const ok = await startExec(await connect(operator.cookie), { containerId });
    ok.send('echo op-ok\n');
    await waitFor(async () => ok.output().includes('op-ok'));
  });

  it('records exec start and end in the audit log with the docker command', async () => {
    const socket = await connect(await adminCookie());
    const s = await startExec(socket, { containerId, command: ['sh', '-c', 'exit 3'] });
    const exit = await s.exited;
    expect(exit.exitCode).toBe(3);
    const entries = await waitFor(async () => {
      const res =
        await api<{ action: string; command: string | null; error: string | null }[]>(
          '/api/audit?action=exec.',
        );
      const end = res.body.find((e) => e.action === 'exec.end' && e.error === 'exit 3');
      return end ? res.body : false;
    });
    expect(
      entries.some(
        (e) => e.action === 'exec.start' && e.command === `docker exec -it ${containerName} sh -c 'exit 3'`,
      ),
    ).toBe(true);
  });
});

describe('attach to the main process over socket.io', () => {
  async function runContainer(tty: boolean, cmd: string[], stdinOnce = false): Promise<string> {
    const c = await engine.createContainer({
      Image: TEST_IMAGE,
      name: uniqueName(tty ? 'attach-tty' : 'attach-pipe'),
      Cmd: cmd,
      Tty: tty,
      OpenStdin: true,
      // `docker run -i` attached: stdin closes for good when the first client leaves.
      StdinOnce: stdinOnce,
      Labels: { 'berth.test': '1' },
    });
    await c.start();
    return c.id;
  }
  const attach = (socket: ClientSocket, containerId: string) =>
    startExec(socket, { containerId, cols: 100, rows: 30 }, true, 'attach:start');
  const running = async (id: string) => (await engine.getContainer(id).inspect()).State.Running;

  it("types into a TTY container's shell, and detaching leaves the container running", async () => {
    const id = await runContainer(true, ['sh']);
    const socket = await connect(await adminCookie());
    const session = await attach(socket, id);
    session.send('echo attached-$((6*7))\r');
    await waitFor(async () => session.output().includes('attached-42'));
    // The terminal size reached the main process's TTY.
    session.send('stty size\r');
    await waitFor(async () => session.output().includes('30 100'));
    socket.emit('exec:close', { id: session.id });
    const exit = await session.exited;
    expect(exit.message).toMatch(/detached/i);
    expect(await running(id)).toBe(true);
  });

  it('pipes stdin and both output streams of a non-TTY container, and detaching leaves it running', async () => {
    const id = await runContainer(false, [
      'sh',
      '-c',
      'while read l; do echo "out:$l"; echo "err:$l" >&2; done',
    ]);
    const socket = await connect(await adminCookie());
    const session = await attach(socket, id);
    session.send('ping\n');
    await waitFor(async () => session.output().includes('out:ping') && session.output().includes('err:ping'));
    // New lines are turned into CR LF for the terminal.
    expect(session.output()).toContain('out:ping\r\n');
    socket.emit('exec:close', { id: session.id });
    await session.exited;
    await new Promise((r) => setTimeout(r, 500));
    expect(await running(id)).toBe(true);
  });

  it('watches a stdin-once container without input, so leaving cannot end it', async () => {
    const id = await runContainer(
      false,
      ['sh', '-c', 'while read l; do echo "got:$l"; done; echo eof'],
      true,
    );
    const socket = await connect(await adminCookie());
    let readOnly: boolean | undefined;
    const session = await new Promise<string>((resolve, reject) =>
      socket.emit('attach:start', { containerId: id }, (res) => {
        if (!res.ok) return reject(new Error(res.error));
        readOnly = res.readOnly;
        resolve(res.id);
      }),
    );
    expect(readOnly).toBe(true);
    socket.emit('exec:input', { id: session, data: 'typed\n' });
    socket.emit('exec:close', { id: session });
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await running(id)).toBe(true);
    const logs = (await engine.getContainer(id).logs({ stdout: true, stderr: true })).toString();
    expect(logs).not.toContain('got:typed');
    expect(logs).not.toContain('eof');
  });

  it('reports the exit code when the main process ends, and refuses a stopped container', async () => {
    const id = await runContainer(true, ['sh']);
    const socket = await connect(await adminCookie());
    const session = await attach(socket, id);
    session.send('exit 3\r');
    const exit = await session.exited;
    expect(exit.exitCode).toBe(3);
    expect(await running(id)).toBe(false);
    await expect(attach(socket, id)).rejects.toThrow(/not running/);
  });

  it('is refused to a viewer', async () => {
    const id = await runContainer(true, ['sh']);
    const viewer = await userSession('viewer', 'exec-viewer');
    await expect(attach(await connect(viewer.cookie), id)).rejects.toThrow(/viewer/);
  });
});
