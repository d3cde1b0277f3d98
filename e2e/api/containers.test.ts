import http from 'node:http';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContainerDetail, ContainerSummary, LogLine } from '@/lib/containers/types';
import { adminCookie, api, BASE_URL, type ErrorEnvelope } from '../support/api';
import {
  engine,
  freePort,
  removeTestContainers,
  TEST_IMAGE,
  TEST_LABEL,
  uniqueName,
  waitFor,
} from '../support/engine';

function httpGet(port: number, path = '/'): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path }, (res) => {
        let data = '';
        res.on('data', (c) => (data += c));
        res.on('end', () => resolve(data));
      })
      .on('error', reject);
  });
}

async function createRunning(name: string, extra: Record<string, unknown> = {}) {
  const res = await api<{ id: string; name: string; started: boolean }>('/api/containers', {
    method: 'POST',
    json: { image: TEST_IMAGE, name, command: ['sleep', '3600'], labels: [TEST_LABEL], ...extra },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

beforeAll(removeTestContainers);
afterAll(removeTestContainers);

describe('POST /api/containers', () => {
  it('creates and starts a container as `docker run` would: ports, env, volume, labels', async () => {
    const name = uniqueName('web');
    const port = await freePort();
    const res = await api<{ id: string; name: string; started: boolean }>('/api/containers', {
      method: 'POST',
      json: {
        image: TEST_IMAGE,
        name,
        command: ['httpd', '-f', '-p', '80', '-h', '/var/www'],
        ports: [`127.0.0.1:${port}:80`],
        env: ['GREETING=hello world'],
        volumes: ['/scratch'],
        labels: [TEST_LABEL, 'team=web'],
        restart: 'on-failure:2',
        memory: '64m',
        start: true,
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name, started: true });

    const info = await engine.getContainer(res.body.id).inspect();
    expect(info.State.Running).toBe(true);
    expect(info.Config.Env).toContain('GREETING=hello world');
    expect(info.Config.Labels).toMatchObject({ 'berth.test': '1', team: 'web' });
    expect(info.HostConfig.PortBindings?.['80/tcp']).toEqual([
      { HostIp: '127.0.0.1', HostPort: String(port) },
    ]);
    expect(info.HostConfig.RestartPolicy).toEqual({ Name: 'on-failure', MaximumRetryCount: 2 });
    expect(info.HostConfig.Memory).toBe(64 * 1024 * 1024);
    expect(info.Mounts.map((m) => m.Destination)).toContain('/scratch');
    // The published port really serves, on loopback.
    const page = await waitFor(() => httpGet(port).catch(() => undefined));
    expect(page).toContain('berth test');
  });

  it('creates without starting when start is false', async () => {
    const name = uniqueName('created');
    const res = await api<{ id: string; started: boolean }>('/api/containers', {
      method: 'POST',
      json: { image: TEST_IMAGE, name, labels: [TEST_LABEL], start: false },
    });
    expect(res.status).toBe(201);
    expect(res.body.started).toBe(false);
    expect((await engine.getContainer(res.body.id).inspect()).State.Status).toBe('created');
  });

  it('refuses bad input with 400 naming each bad field, and creates nothing', async () => {
    const before = (await engine.listContainers({ all: true })).length;
    const res = await api<ErrorEnvelope>('/api/containers', {
      method: 'POST',
      json: { image: TEST_IMAGE, ports: ['80:80', '8080:80/tcpx'], memory: 'lots', labels: [TEST_LABEL] },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad_request');
    const paths = res.body.error.fields?.map((f) => f.path) ?? [];
    expect(paths).toContain('body.ports.1');
    expect(paths).toContain('body.memory');
    expect(res.body.error.message).toContain('body.ports.1');
    expect((await engine.listContainers({ all: true })).length).toBe(before);
  });

  it('refuses a missing image field and invalid JSON with 400', async () => {
    const missing = await api<ErrorEnvelope>('/api/containers', { method: 'POST', json: { name: 'x' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields?.map((f) => f.path)).toContain('body.image');
    const broken = await api<ErrorEnvelope>('/api/containers', {
      method: 'POST',
      body: '{"image":',
      headers: { 'content-type': 'application/json' },
    });
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('invalid_json');
  });

  it('answers 409 with the engine words for a duplicate name', async () => {
    const name = uniqueName('dup');
    await createRunning(name);
    const res = await api<ErrorEnvelope>('/api/containers', {
      method: 'POST',
      json: { image: TEST_IMAGE, name, labels: [TEST_LABEL] },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/already in use/);
  });

  it('answers 404 for an image the engine does not have (nothing is pulled)', async () => {
    const res = await api<ErrorEnvelope>('/api/containers', {
      method: 'POST',
      json: { image: 'berth-test/does-not-exist:1', labels: [TEST_LABEL] },
    });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toMatch(/No such image/i);
  });

  it('refuses a mutation from a foreign Origin and creates nothing', async () => {
    const name = uniqueName('csrf');
    const res = await api<ErrorEnvelope>('/api/containers', {
      method: 'POST',
      headers: { origin: 'http://evil.example' },
      json: { image: TEST_IMAGE, name, labels: [TEST_LABEL] },
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden_origin');
    await expect(engine.getContainer(name).inspect()).rejects.toMatchObject({ statusCode: 404 });
  });
});

describe('GET /api/containers', () => {
  it('lists running and stopped containers with state filter and search', async () => {
    const running = await createRunning(uniqueName('list-run'));
    const stoppedName = uniqueName('list-stop');
    await api('/api/containers', {
      method: 'POST',
      json: { image: TEST_IMAGE, name: stoppedName, labels: [TEST_LABEL], start: false },
    });

    const all = await api<ContainerSummary[]>('/api/containers?all=1');
    expect(all.status).toBe(200);
    const names = all.body.map((c) => c.name);
    expect(names).toContain(running.name);
    expect(names).toContain(stoppedName);

    const onlyRunning = await api<ContainerSummary[]>('/api/containers?state=running');
    expect(onlyRunning.body.every((c) => c.state === 'running')).toBe(true);
    expect(onlyRunning.body.map((c) => c.name)).not.toContain(stoppedName);

    const stopped = await api<ContainerSummary[]>('/api/containers?state=stopped');
    expect(stopped.body.map((c) => c.name)).toContain(stoppedName);

    const search = await api<ContainerSummary[]>(
      `/api/containers?all=1&search=${encodeURIComponent(stoppedName)}`,
    );
    expect(search.body.map((c) => c.name)).toEqual([stoppedName]);
  });

  it('names the bad query field', async () => {
    const res = await api<ErrorEnvelope>('/api/containers?state=sleeping');
    expect(res.status).toBe(400);
    expect(res.body.error.fields?.[0]?.path).toBe('query.state');
  });
});

describe('container actions', () => {
  it('stops, starts, pauses, unpauses, restarts, kills and renames, as the engine sees it', async () => {
    const c = await createRunning(uniqueName('act'));
    const state = async () => (await engine.getContainer(c.id).inspect()).State;

    expect((await api(`/api/containers/${c.id}/stop`, { method: 'POST', json: { timeout: 0 } })).status).toBe(
      200,
    );
    expect((await state()).Running).toBe(false);
    // Stopping a stopped container is done, as with the CLI.
    expect((await api(`/api/containers/${c.id}/stop`, { method: 'POST', json: {} })).status).toBe(200);

    expect((await api(`/api/containers/${c.id}/start`, { method: 'POST' })).status).toBe(200);
    expect((await state()).Running).toBe(true);

    expect((await api(`/api/containers/${c.id}/pause`, { method: 'POST' })).status).toBe(200);
    expect((await state()).Paused).toBe(true);
    expect((await api(`/api/containers/${c.id}/unpause`, { method: 'POST' })).status).toBe(200);
    expect((await state()).Paused).toBe(false);

    const startedAt = (await state()).StartedAt;
    expect(
      (await api(`/api/containers/${c.id}/restart`, { method: 'POST', json: { timeout: 0 } })).status,
    ).toBe(200);
    expect((await state()).StartedAt).not.toBe(startedAt);

    expect(
      (await api(`/api/containers/${c.id}/kill`, { method: 'POST', json: { signal: 'SIGKILL' } })).status,
    ).toBe(200);
    await waitFor(async () => !(await state()).Running);
    expect((await state()).ExitCode).toBe(137);

    const newName = uniqueName('renamed');
    expect(
      (await api(`/api/containers/${c.id}/rename`, { method: 'POST', json: { name: newName } })).status,
    ).toBe(200);
    expect((await engine.getContainer(c.id).inspect()).Name).toBe(`/${newName}`);
  });

  it('commits a container to an image', async () => {
    const c = await createRunning(uniqueName('commit'));
    const repo = `berth-test/commit-${Date.now().toString(36)}`;
    const res = await api<{ imageId: string }>(`/api/containers/${c.id}/commit`, {
      method: 'POST',
      json: { repo, tag: 'v1', message: 'from berth' },
    });
    expect(res.status).toBe(200);
    const image = await engine.getImage(`${repo}:v1`).inspect();
    expect(image.Id).toBe(res.body.imageId);
    expect(image.Comment).toBe('from berth');
    await engine.getImage(`${repo}:v1`).remove({ force: true });
  });

  it('answers 400 for an unknown action or bad body, and 404 for an unknown container', async () => {
    const c = await createRunning(uniqueName('bad-act'));
    const unknown = await api<ErrorEnvelope>(`/api/containers/${c.id}/explode`, { method: 'POST' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields?.[0]?.path).toBe('params.action');
    const badSignal = await api<ErrorEnvelope>(`/api/containers/${c.id}/kill`, {
      method: 'POST',
      json: { signal: 'rm -rf' },
    });
    expect(badSignal.status).toBe(400);
    expect(badSignal.body.error.fields?.[0]?.path).toBe('body.signal');
    expect((await engine.getContainer(c.id).inspect()).State.Running).toBe(true);
    const missing = await api<ErrorEnvelope>('/api/containers/no-such-container-berth/stop', {
      method: 'POST',
    });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'not_found', status: 404 });
    expect(missing.body.error.message).toMatch(/No such container/i);
  });
});

describe('inspect, top, changes, logs, export', () => {
  it('returns the engine inspect, processes and filesystem changes', async () => {
    const c = await createRunning(uniqueName('inspect'), {
      command: ['sh', '-c', 'touch /made-here && sleep 3600'],
    });
    const inspect = await api<ContainerDetail>(`/api/containers/${c.id}`);
    expect(inspect.body.id).toBe(c.id);
    expect(inspect.body.running).toBe(true);
    expect(inspect.body.command).toContain('sleep 3600');
    // The engine's own JSON comes along for the inspect tab.
    expect((inspect.body.inspect as { Id?: string }).Id).toBe(c.id);
    const top = await api<{ titles: string[]; processes: string[][] }>(`/api/containers/${c.id}/top`);
    expect(top.status).toBe(200);
    expect(top.body.titles).toContain('PID');
    expect(top.body.processes.some((p) => p.join(' ').includes('sleep 3600'))).toBe(true);
    const changes = await waitFor(async () => {
      const r = await api<{ path: string; kind: string }[]>(`/api/containers/${c.id}/changes`);
      return r.body.find((ch) => ch.path === '/made-here');
    });
    expect(changes.kind).toBe('A');
  });

  it('returns logs with stdout and stderr told apart, honouring tail', async () => {
    const name = uniqueName('logs');
    const res = await api<{ id: string }>('/api/containers', {
      method: 'POST',
      json: {
        image: TEST_IMAGE,
        name,
        labels: [TEST_LABEL],
        command: ['sh', '-c', 'for i in 1 2 3 4 5; do echo out-$i; echo err-$i >&2; done'],
      },
    });
    await waitFor(async () => !(await engine.getContainer(res.body.id).inspect()).State.Running);
    const all = await api<LogLine[]>(`/api/containers/${res.body.id}/logs?tail=all`);
    expect(all.body.filter((l) => l.stream === 'stdout').map((l) => l.text)).toEqual([
      'out-1',
      'out-2',
      'out-3',
      'out-4',
      'out-5',
    ]);
    expect(all.body.filter((l) => l.stream === 'stderr').map((l) => l.text)).toEqual([
      'err-1',
      'err-2',
      'err-3',
      'err-4',
      'err-5',
    ]);
    const tail = await api<LogLine[]>(`/api/containers/${res.body.id}/logs?tail=2&timestamps=1`);
    expect(tail.body).toHaveLength(2);
    expect(tail.body.every((l) => /^\d{4}-\d\d-\d\dT/.test(l.time ?? ''))).toBe(true);
    const bad = await api<ErrorEnvelope>(`/api/containers/${res.body.id}/logs?tail=lots`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields?.[0]?.path).toBe('query.tail');
  });

  it('exports the filesystem as a tar download', async () => {
    const c = await createRunning(uniqueName('export'));
    const res = await fetch(`${BASE_URL}/api/containers/${c.id}/export`, {
      headers: { cookie: await adminCookie() },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-tar');
    expect(res.headers.get('content-disposition')).toContain(`${c.name}.tar`);
    const names: string[] = [];
    const extract = tar.extract();
    extract.on('entry', (header, stream, next) => {
      names.push(header.name);
      stream.on('end', next);
      stream.resume();
    });
    const done = new Promise<void>((resolve) => extract.on('finish', () => resolve()));
    extract.end(Buffer.from(await res.arrayBuffer()));
    await done;
    expect(names).toContain('bin/busybox');
  });
});

describe('files: archive and listing', () => {
  it('uploads a file into a directory, lists it and downloads it raw and as tar', async () => {
    const c = await createRunning(uniqueName('files'));
    const content = `hello from berth ${Date.now()}\n`;
    const put = await fetch(`${BASE_URL}/api/containers/${c.id}/archive?path=/tmp&filename=note.txt`, {
      method: 'PUT',
      body: content,
      headers: { 'content-type': 'application/octet-stream', cookie: await adminCookie(), origin: BASE_URL },
    });
    expect(put.status).toBe(200);

    // The engine has it: read it back with docker exec.
    const exec = await engine.getContainer(c.id).exec({ Cmd: ['cat', '/tmp/note.txt'], AttachStdout: true });
    const stream = await exec.start({});
    const chunks: Buffer[] = [];
    await new Promise<void>((resolve) => {
      stream.on('data', (d: Buffer) => chunks.push(d));
      stream.on('end', () => resolve());
    });
    expect(Buffer.concat(chunks).toString('utf8')).toContain(content.trim());

    const listing = await api<{ entries: { name: string; type: string; size: number }[] }>(
      `/api/containers/${c.id}/files?path=/tmp`,
    );
    expect(listing.body.entries).toContainEqual(
      expect.objectContaining({ name: 'note.txt', type: 'file', size: content.length }),
    );

    const root = await api<{ entries: { name: string; type: string }[] }>(
      `/api/containers/${c.id}/files?path=/`,
    );
    expect(root.body.entries).toContainEqual(expect.objectContaining({ name: 'bin', type: 'directory' }));

    const raw = await fetch(`${BASE_URL}/api/containers/${c.id}/archive?path=/tmp/note.txt&format=raw`, {
      headers: { cookie: await adminCookie() },
    });
    expect(raw.status).toBe(200);
    expect(await raw.text()).toBe(content);

    const asTar = await fetch(`${BASE_URL}/api/containers/${c.id}/archive?path=/tmp/note.txt`, {
      headers: { cookie: await adminCookie() },
    });
    expect(asTar.headers.get('content-type')).toBe('application/x-tar');
    expect(Buffer.from(await asTar.arrayBuffer()).toString('latin1')).toContain(content.trim());
  });

  it('refuses relative paths, missing paths and uploads onto a file', async () => {
    const c = await createRunning(uniqueName('files-bad'));
    const rel = await api<ErrorEnvelope>(`/api/containers/${c.id}/files?path=etc`);
    expect(rel.status).toBe(400);
    expect(rel.body.error.fields?.[0]?.path).toBe('query.path');
    const missing = await api<ErrorEnvelope>(`/api/containers/${c.id}/files?path=/nope`);
    expect(missing.status).toBe(404);
    const onFile = await api<ErrorEnvelope>(`/api/containers/${c.id}/archive?path=/bin/busybox&filename=x`, {
      method: 'PUT',
      body: 'x',
    });
    expect(onFile.status).toBe(400);
  });
});

describe('DELETE /api/containers/{id}', () => {
  it('refuses to remove a running container without force (409, engine words), then removes with force', async () => {
    const c = await createRunning(uniqueName('rm'));
    const refused = await api<ErrorEnvelope>(`/api/containers/${c.id}`, { method: 'DELETE' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/stop the container|force/i);
    expect((await engine.getContainer(c.id).inspect()).State.Running).toBe(true);
    const removed = await api(`/api/containers/${c.id}?force=1&volumes=1`, { method: 'DELETE' });
    expect(removed.status).toBe(204);
    await expect(engine.getContainer(c.id).inspect()).rejects.toMatchObject({ statusCode: 404 });
  });
});
