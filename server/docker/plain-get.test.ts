import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineScope } from '@/server/docker/client';
import { engineGetJson, hasPlainTransport } from '@/server/docker/plain-get';

/**
 * The plain GET against an HTTP server on a unix socket that answers as the engine would (DOCKER_HOST points
 * at it before the first client is made): the connection is kept and reused, errors carry the engine's status
 * and words, and the deadline and the client's signal close the connection.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-plain-get-'));
const socketPath = path.join(dir, 'engine.sock');
let server: http.Server;
let connections = 0;
const open = new Set<import('node:net').Socket>();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/ok') res.end(JSON.stringify({ read: 'now', n: 1 }));
    else if (req.url === '/missing') {
      res.statusCode = 404;
      res.end(JSON.stringify({ message: 'No such container: abc' }));
    } else if (req.url === '/cut') res.end('{"read": "no');
    // '/hang': never answers
  });
  server.on('connection', (socket) => {
    connections++;
    open.add(socket);
    socket.on('close', () => open.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  process.env.DOCKER_HOST = `unix://${socketPath}`;
  process.env.BERTH_ENGINE_TIMEOUT_MS = '300';
});

afterAll(async () => {
  for (const s of open) s.destroy();
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('engineGetJson', () => {
  it('reads JSON and keeps one connection for calls one after another', async () => {
    const before = connections;
    expect(await engineGetJson('/ok')).toEqual({ read: 'now', n: 1 });
    expect(await engineGetJson('/ok')).toEqual({ read: 'now', n: 1 });
    expect(await engineGetJson('/ok')).toEqual({ read: 'now', n: 1 });
    expect(connections - before).toBe(1);
  });

  it('finds the socket the way docker-modem does when no DOCKER_HOST names one (a function)', async () => {
    const find = async () => socketPath;
    const client = new Docker({ socketPath: find as unknown as string });
    expect(await engineGetJson('/ok', client)).toEqual({ read: 'now', n: 1 });
    expect(await engineGetJson('/ok', client)).toEqual({ read: 'now', n: 1 });
  });

  it("turns an engine error into the engine's status and words", async () => {
    await expect(engineGetJson('/missing')).rejects.toMatchObject({
      statusCode: 404,
      message: '(HTTP code 404) No such container: abc',
    });
  });

  it('refuses a cut answer', async () => {
    await expect(engineGetJson('/cut')).rejects.toMatchObject({ code: 'ENGINE_BAD_ANSWER' });
  });

  it('gives up at the deadline and closes the connection', async () => {
    const started = Date.now();
    await expect(engineGetJson('/hang')).rejects.toMatchObject({ code: 'ENGINE_DEADLINE' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    await expect.poll(() => open.size, { timeout: 2000 }).toBeLessThanOrEqual(1);
  });

  it("stops when the client it serves goes away, and a gone client's call is never sent", async () => {
    const client = new AbortController();
    const call = engineScope().run({ signal: client.signal }, () => engineGetJson('/hang'));
    setTimeout(() => client.abort(), 50);
    await expect(call).rejects.toMatchObject({ code: 'ABORT_ERR' });
    const before = connections;
    await expect(
      engineScope().run({ signal: client.signal }, () => engineGetJson('/ok')),
    ).rejects.toMatchObject({ code: 'ABORT_ERR' });
    expect(connections).toBe(before);
  });

  it('has a plain transport for unix, tcp and TLS engines, and none over SSH', () => {
    expect(hasPlainTransport(new Docker({ socketPath }))).toBe(true);
    expect(hasPlainTransport(new Docker({ protocol: 'http', host: '127.0.0.1', port: 2375 }))).toBe(true);
    expect(hasPlainTransport(new Docker({ protocol: 'https', host: '127.0.0.1', port: 2376 }))).toBe(true);
    expect(hasPlainTransport(new Docker({ protocol: 'ssh', host: '127.0.0.1', port: 22 }))).toBe(false);
  });
});
