import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StackActionResponse, StackConfig, StackDetail, StackSummary } from '@/lib/stacks/types';
import { adminCookie, api, type ErrorEnvelope, userSession } from '../support/api';
import { engine, freePort, TEST_IMAGE, waitFor } from '../support/engine';
import { volumeExists } from '../support/labelled';
import { startServer } from '../support/server';
import { connectSocket, openSockets } from '../support/socket';
import { WAITING_STACK } from '../support/stacks';

/*
 * Compose stacks against the real Compose v2 binary and the real engine. Every project is named bts-<run>-…
 * and every service labelled berth.test.stack=1; afterAll takes each one down with the CLI.
 */

const run = promisify(execFile);
const COMPOSE = process.env.BERTH_COMPOSE || '/usr/local/lib/docker/cli-plugins/docker-compose';
const RUN = Math.random().toString(36).slice(2, 7);
const name = (what: string) => `bts-${RUN}-${what}`;
const tempDirs: string[] = [];

type Saved = { stack: StackDetail; deployed: StackActionResponse | null };

/** The CLI as oracle: what `docker compose -p NAME ps --format json` says runs. */
async function composePs(project: string): Promise<{ ID: string; Service: string; State: string }[]> {
  const { stdout } = await run(COMPOSE, ['-p', project, 'ps', '--all', '--format', 'json']);
  const text = stdout.trim();
  if (!text) return [];
  if (text.startsWith('[')) return JSON.parse(text);
  return text.split('\n').map((line) => JSON.parse(line));
}

async function containerIds(project: string): Promise<Record<string, string>> {
  const list = await engine.listContainers({
    all: true,
    filters: JSON.stringify({ label: [`com.docker.compose.project=${project}`] }),
  });
  return Object.fromEntries(list.map((c) => [c.Labels['com.docker.compose.service'] ?? '', c.Id]));
}

function threeServices(port: number, greeting = 'hello'): string {
  return `services:
  web:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "mkdir -p /www && echo ${greeting} > /www/index.html && httpd -f -p 8080 -h /www"]
    labels: ["berth.test.stack=1"]
    stop_grace_period: 1s
    ports: ["127.0.0.1:${port}:8080"]
    networks: [front, back]
    depends_on: [app]
  app:
    image: ${TEST_IMAGE}
    command: ["sleep", "3600"]
    labels: ["berth.test.stack=1"]
    stop_grace_period: 1s
    networks: [back]
    depends_on: [db]
    environment:
      DB_PASSWORD: \${DB_PASSWORD}
  db:
    image: ${TEST_IMAGE}
    command: ["sleep", "3600"]
    labels: ["berth.test.stack=1"]
    stop_grace_period: 1s
    networks: [back]
    volumes: ["data:/data"]
networks:
  front: {}
  back: {}
volumes:
  data: {}
`;
}

const simple = (extra = '') => `services:
  one:
    image: ${TEST_IMAGE}
    command: ["sleep", "3600"]
    labels: ["berth.test.stack=1"]
    stop_grace_period: 1s
${extra}`;

let operator: { cookie: string };
let viewer: { cookie: string };

beforeAll(async () => {
  operator = await userSession('operator', `stacks-op-${RUN}`);
  viewer = await userSession('viewer', `stacks-view-${RUN}`);
});

afterAll(async () => {
  for (const socket of openSockets) socket.disconnect();
  const list = await engine.listContainers({
    all: true,
    filters: JSON.stringify({ label: ['com.docker.compose.project'] }),
  });
  const projects = new Set(
    list.map((c) => c.Labels['com.docker.compose.project'] ?? '').filter((p) => p.startsWith(`bts-${RUN}-`)),
  );
  for (const project of projects) await run(COMPOSE, ['-p', project, 'down', '-v']).catch(() => {});
  const stacks = await api<StackSummary[]>('/api/stacks');
  if (Array.isArray(stacks.body)) {
    for (const s of stacks.body.filter((s) => s.name.startsWith(`bts-${RUN}-`) && s.origin !== 'external')) {
      const volumes = await api<{ volumes: string[] }>(`/api/stacks/${s.name}/volumes`);
      const confirm = encodeURIComponent(volumes.body.volumes?.join(',') ?? '');
      await api(`/api/stacks/${s.name}?volumes=1&confirm=${confirm}`, { method: 'DELETE' });
    }
  }
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
}, 120_000);

describe('a three-service stack deployed through the API', () => {
  const stack = name('shop');
  let port: number;

  it('deploys with a custom network, a named volume, a port on 127.0.0.1 and depends_on', async () => {
    port = await freePort();
    const res = await api<Saved>('/api/stacks', {
      method: 'POST',
      json: { name: stack, compose: threeServices(port), env: 'DB_PASSWORD=s3cret-value\nPORT=1\n' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.deployed?.ok, res.body.deployed?.output.join('\n')).toBe(true);
    expect(res.body.deployed?.command).toBe(`docker compose -p ${stack} up -d`);
    const ps = await composePs(stack);
    expect(ps.map((c) => [c.Service, c.State]).sort()).toEqual([
      ['app', 'running'],
      ['db', 'running'],
      ['web', 'running'],
    ]);
    const page = await waitFor(async () => {
      const r = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2_000) }).catch(
        () => null,
      );
      return r?.ok ? r.text() : undefined;
    });
    expect(page.trim()).toBe('hello');
    expect(await volumeExists(`${stack}_data`)).toBe(true);
    // The variable came from the stack's .env (not from Berth's environment).
    const ids = await containerIds(stack);
    const app = await engine.getContainer(ids.app ?? '').inspect();
    expect(app.Config.Env).toContain('DB_PASSWORD=s3cret-value');
    // Audited with the command it ran.
    const audit = await api<{ action: string; command: string | null; result: string }[]>(
      `/api/audit?target=${stack}&action=stack.create`,
    );
    expect(audit.body[0]).toMatchObject({ command: `docker compose -p ${stack} up -d`, result: 'ok' });
  });

  it('lists it as running with its services and port, and masks the secret in the detail', async () => {
    const list = await api<StackSummary[]>('/api/stacks', { as: viewer });
    expect(list.status).toBe(200);
    const mine = list.body.find((s) => s.name === stack);
    expect(mine).toMatchObject({ origin: 'berth', status: 'running', containers: 3, running: 3 });
    expect(mine?.services).toEqual(['app', 'db', 'web']);
    expect(mine?.ports).toContainEqual({
      service: 'web',
      hostIp: '127.0.0.1',
      hostPort: port,
      containerPort: 8080,
      protocol: 'tcp',
    });
    const detail = await api<StackDetail>(`/api/stacks/${stack}`, { as: viewer });
    expect(detail.body.env).not.toContain('s3cret-value');
    expect(detail.body.envEntries).toContainEqual({
      key: 'DB_PASSWORD',
      value: expect.any(String),
      masked: true,
    });
    const revealedForViewer = await api<StackDetail>(`/api/stacks/${stack}?reveal=1`, { as: viewer });
    expect(revealedForViewer.body.env).not.toContain('s3cret-value');
    const revealed = await api<StackDetail>(`/api/stacks/${stack}?reveal=1`, { as: operator });
    expect(revealed.body.env).toContain('DB_PASSWORD=s3cret-value');
    expect(detail.body.servicesDetail.map((s) => [s.name, s.running])).toEqual([
      ['app', 1],
      ['db', 1],
      ['web', 1],
    ]);
    const config = await api<StackConfig>(`/api/stacks/${stack}/config`);
    expect(config.status).toBe(200);
    expect(config.body.rendered).toContain(`${stack}_data`);
    expect(config.body.changedServices).toEqual([]);
  });

  it('redeploys an edit changing only the edited service, and keeps the masked secret', async () => {
    const before = await containerIds(stack);
    const masked = (await api<StackDetail>(`/api/stacks/${stack}`)).body.env ?? '';
    // Saved without deploying: the config shows web as changed.
    const saved = await api<Saved>(`/api/stacks/${stack}`, {
      method: 'PUT',
      json: { compose: threeServices(port, 'edited'), env: masked, deploy: false },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect((await api<StackConfig>(`/api/stacks/${stack}/config`)).body.changedServices).toEqual(['web']);
    const res = await api<Saved>(`/api/stacks/${stack}`, {
      method: 'PUT',
      json: { compose: threeServices(port, 'edited'), env: masked, deploy: true },
    });
    expect(res.body.deployed?.ok, res.body.deployed?.output.join('\n')).toBe(true);
    const after = await containerIds(stack);
    expect(after.app).toBe(before.app);
    expect(after.db).toBe(before.db);
    expect(after.web).not.toBe(before.web);
    const app = await engine.getContainer(after.app ?? '').inspect();
    expect(app.Config.Env).toContain('DB_PASSWORD=s3cret-value');
    expect(res.body.stack.versions.map((v) => v.version)).toEqual([3, 2, 1]);
    expect(res.body.stack.versions[0]?.deployed).toBe(true);
  });

  it('shows a saved version and rolls back to it', async () => {
    const v1 = await api<{ compose: string; env: string | null }>(`/api/stacks/${stack}/versions/1`);
    expect(v1.body.compose).toContain('echo hello');
    expect(v1.body.env).not.toContain('s3cret-value');
    const res = await api<Saved>(`/api/stacks/${stack}/rollback`, { method: 'POST', json: { version: 1 } });
    expect(res.body.deployed?.ok).toBe(true);
    expect(res.body.stack.compose).toContain('echo hello');
    const page = await waitFor(async () => {
      const r = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2_000) }).catch(
        () => null,
      );
      const text = r?.ok ? (await r.text()).trim() : '';
      return text === 'hello' ? text : undefined;
    });
    expect(page).toBe('hello');
  });

  it('takes it down keeping its volume unless asked, and refuses -v without the confirmation', async () => {
    const down = await api<StackActionResponse>(`/api/stacks/${stack}/down`, { method: 'POST', json: {} });
    expect(down.body.ok, down.body.output?.join('\n')).toBe(true);
    expect(await composePs(stack)).toEqual([]);
    expect(await volumeExists(`${stack}_data`)).toBe(true);
    const list = await api<StackSummary[]>('/api/stacks');
    expect(list.body.find((s) => s.name === stack)).toMatchObject({ status: 'stopped', origin: 'berth' });

    const up = await api<StackActionResponse>(`/api/stacks/${stack}/up`, { method: 'POST', json: {} });
    expect(up.body.ok).toBe(true);
    const volumes = await api<{ volumes: string[] }>(`/api/stacks/${stack}/volumes`);
    expect(volumes.body.volumes).toEqual([`${stack}_data`]);

    const unconfirmed = await api<ErrorEnvelope>(`/api/stacks/${stack}?volumes=1`, { method: 'DELETE' });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body.error.message).toContain(`${stack}_data`);
    const wrong = await api<StackActionResponse>(`/api/stacks/${stack}/down`, {
      method: 'POST',
      json: { volumes: true, confirmVolumes: ['other'] },
    });
    expect(wrong.status).toBe(400);
    expect((await composePs(stack)).length).toBe(3);

    const removed = await api<StackActionResponse>(
      `/api/stacks/${stack}?volumes=1&confirm=${encodeURIComponent(`${stack}_data`)}`,
      { method: 'DELETE' },
    );
    expect(removed.status).toBe(200);
    expect(removed.body.command).toBe(`docker compose -p ${stack} down -v --remove-orphans`);
    expect(await composePs(stack)).toEqual([]);
    expect(await volumeExists(`${stack}_data`)).toBe(false);
    expect((await api(`/api/stacks/${stack}`)).status).toBe(404);
  });
});

describe('stacks made outside Berth', () => {
  const project = name('ext');
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'bts-ext-'));
    tempDirs.push(dir);
    // A path relative to the project's folder, as most hand-written stacks have (./data).
    writeFileSync(path.join(dir, 'compose.yaml'), simple('    volumes: ["./data:/data"]\n'));
    await run(COMPOSE, ['-p', project, 'up', '-d'], { cwd: dir });
  }, 60_000);

  it('appear as external with their files and folder, read-only', async () => {
    const list = await api<StackSummary[]>('/api/stacks');
    const ext = list.body.find((s) => s.name === project);
    expect(ext).toMatchObject({
      origin: 'external',
      status: 'running',
      configFiles: [path.join(dir, 'compose.yaml')],
      workingDir: dir,
    });
    const detail = await api<StackDetail>(`/api/stacks/${project}`);
    expect(detail.body.compose).toBeNull();
    const stop = await api<ErrorEnvelope>(`/api/stacks/${project}/stop`, { method: 'POST', json: {} });
    expect(stop.status).toBe(404);
    expect((await composePs(project))[0]?.State).toBe('running');
  });

  it('are adopted by an admin only, with their files copied', async () => {
    const refused = await api<ErrorEnvelope>(`/api/stacks/${project}/adopt`, {
      method: 'POST',
      as: operator,
    });
    expect(refused.status).toBe(403);
    const adopted = await api<StackDetail>(`/api/stacks/${project}/adopt`, { method: 'POST' });
    expect(adopted.status, JSON.stringify(adopted.body)).toBe(200);
    expect(adopted.body.origin).toBe('adopted');
    expect(adopted.body.compose).toBe(readFileSync(path.join(dir, 'compose.yaml'), 'utf8'));
    const again = await api<ErrorEnvelope>(`/api/stacks/${project}/adopt`, { method: 'POST' });
    expect(again.status).toBe(409);
    // Berth now runs it from its own folder.
    const restart = await api<StackActionResponse>(`/api/stacks/${project}/restart`, {
      method: 'POST',
      json: {},
    });
    expect(restart.body.ok, restart.body.output?.join('\n')).toBe(true);
  });

  it('keep their relative paths meaning what they meant: a recreate mounts the same ./data', async () => {
    const bindOf = async () => {
      const id = (await containerIds(project)).one ?? '';
      const info = await engine.getContainer(id).inspect();
      return { id, source: info.Mounts.find((m) => m.Destination === '/data')?.Source };
    };
    const before = await bindOf();
    expect(before.source).toBe(path.join(dir, 'data'));
    const up = await api<StackActionResponse>(`/api/stacks/${project}/up`, {
      method: 'POST',
      json: { forceRecreate: true },
    });
    expect(up.body.ok, up.body.output?.join('\n')).toBe(true);
    expect(up.body.command).toContain(`--project-directory ${dir}`);
    const after = await bindOf();
    expect(after.id).not.toBe(before.id);
    expect(after.source).toBe(path.join(dir, 'data'));
    // The CLI as oracle: the project still answers from where it ran.
    await waitFor(async () => (await composePs(project)).map((c) => c.State).join() === 'running');
  });
});

describe('invalid files change nothing', () => {
  it('refuses invalid YAML with its line', async () => {
    const stack = name('badyaml');
    const res = await api<ErrorEnvelope>('/api/stacks', {
      method: 'POST',
      json: { name: stack, compose: 'services:\n  one:\n    image: busybox\n   bad: [\n' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/line \d/);
    expect(res.body.error.fields?.[0]).toMatchObject({ path: 'body.compose', line: expect.any(Number) });
    expect((await api(`/api/stacks/${stack}`)).status).toBe(404);
    expect(await composePs(stack)).toEqual([]);
  });

  it("refuses an invalid compose file with Compose's own message and the line", async () => {
    const stack = name('badcompose');
    const res = await api<ErrorEnvelope & { error: { fields: { line?: number; path: string }[] } }>(
      '/api/stacks',
      { method: 'POST', json: { name: stack, compose: simple('    restart: 5\n') } },
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('services.one.restart must be a string');
    // The line of `restart:`, the first line after the service's own.
    const line = simple().split('\n').length;
    expect(res.body.error.fields[0]).toMatchObject({ line, path: 'body.compose.services.one.restart' });
    expect((await api(`/api/stacks/${stack}`)).status).toBe(404);
    expect((await api<StackSummary[]>('/api/stacks')).body.some((s) => s.name === stack)).toBe(false);
    const validation = await api<{ ok: boolean; problems: { line: number | null }[] }>(
      '/api/stacks/validate',
      {
        method: 'POST',
        json: { compose: simple('    restart: 5\n') },
      },
    );
    expect(validation.body).toMatchObject({ ok: false, problems: [{ line }] });
  });

  it('refuses a name taken on the engine with 409', async () => {
    const stack = name('taken');
    const dir = mkdtempSync(path.join(tmpdir(), 'bts-taken-'));
    tempDirs.push(dir);
    writeFileSync(path.join(dir, 'compose.yaml'), simple());
    await run(COMPOSE, ['-p', stack, 'up', '-d'], { cwd: dir });
    const res = await api<ErrorEnvelope>('/api/stacks', {
      method: 'POST',
      json: { name: stack, compose: simple() },
    });
    expect(res.status).toBe(409);
  });
});

describe('a deploy Compose runs but fails', () => {
  it('is saved, answers the failure with its output, and is audited as an error with the command', async () => {
    const stack = name('fails');
    // Valid for Compose, refused by the engine at create: an image that is not there and may not be pulled.
    const compose = `services:
  one:
    image: berth-missing-${RUN}:never
    pull_policy: never
    labels: ["berth.test.stack=1"]
`;
    const res = await api<Saved>('/api/stacks', {
      method: 'POST',
      json: { name: stack, compose, deploy: true },
    });
    expect(res.status).toBe(201);
    expect(res.body.deployed?.ok).toBe(false);
    const audit = await api<{ command: string | null; result: string; error: string | null }[]>(
      `/api/audit?target=${stack}&action=stack.create`,
    );
    expect(audit.body[0]).toMatchObject({ command: `docker compose -p ${stack} up -d`, result: 'error' });
    expect(audit.body[0]?.error).toBeTruthy();
    // An action on it fails the same way and is audited under its own name.
    const up = await api<StackActionResponse>(`/api/stacks/${stack}/up`, { method: 'POST', json: {} });
    expect(up.status).toBe(200);
    expect(up.body.ok).toBe(false);
    const upAudit = await api<{ result: string }[]>(`/api/audit?target=${stack}&action=stack.up`);
    expect(upAudit.body[0]).toMatchObject({ result: 'error' });
  });
});

describe('the security policy on what Compose would run', () => {
  const refused = async (compose: string) => {
    const stack = name(`pol${Math.random().toString(36).slice(2, 6)}`);
    const res = await api<ErrorEnvelope>('/api/stacks', {
      method: 'POST',
      json: { name: stack, compose },
      as: operator,
    });
    expect((await api(`/api/stacks/${stack}`)).status).toBe(404);
    return res;
  };

  it('refuses an operator a privileged service, naming the service and the setting', async () => {
    const res = await refused(simple('    privileged: true\n'));
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('policy');
    expect(res.body.error.message).toMatch(/service "one"/i);
    expect(res.body.error.message).toContain('allowPrivileged');
  });

  it('refuses an operator a bind-type volume (driver_opts o=bind)', async () => {
    const res = await refused(
      `${simple('    volumes: ["data:/d"]\n')}volumes:\n  data:\n    driver_opts: {type: none, o: bind, device: /etc}\n`,
    );
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/volume "data"/i);
    expect(res.body.error.message).toContain('allowHostBindMounts');
  });

  it('refuses an operator a host bind mount', async () => {
    const res = await refused(simple('    volumes: ["/etc:/host-etc:ro"]\n'));
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/service "one"/i);
    expect(res.body.error.message).toContain('allowHostBindMounts');
  });

  it('refuses an operator an env_file outside the stack folder (Compose would read it on the server)', async () => {
    const res = await refused(simple('    env_file: [/etc/hostname]\n'));
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/service "one"/i);
    expect(res.body.error.message).toContain('allowHostBindMounts');
  });

  it('lets an operator deploy a plain stack, and a viewer only read', async () => {
    const stack = name('plain');
    const denied = await api<ErrorEnvelope>('/api/stacks', {
      method: 'POST',
      json: { name: stack, compose: simple() },
      as: viewer,
    });
    expect(denied.status).toBe(403);
    const res = await api<Saved>('/api/stacks', {
      method: 'POST',
      json: { name: stack, compose: simple(), deploy: false },
      as: operator,
    });
    expect(res.status).toBe(201);
    expect(res.body.deployed).toBeNull();
    expect(res.body.stack.status).toBe('stopped');
    expect(await composePs(stack)).toEqual([]);
    const stop = await api<ErrorEnvelope>(`/api/stacks/${stack}/stop`, {
      method: 'POST',
      json: {},
      as: viewer,
    });
    expect(stop.status).toBe(403);
  });
});

/** Compose processes of a project still alive on this machine (the tests share it with the server). */
function composeProcessesOf(project: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (args.includes(project) && args.some((a) => a.endsWith('docker-compose'))) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** A stack whose `up -d` waits for a health check that never passes: an action that runs until stopped. */

describe('stack actions over the socket', () => {
  it('streams the output of stack:run and ends once', async () => {
    const stack = name('sock');
    await api('/api/stacks', { method: 'POST', json: { name: stack, compose: simple(), deploy: false } });
    const socket = await connectSocket(await adminCookie());
    const lines: string[] = [];
    const ends: unknown[] = [];
    socket.on('stack:output', (e) => lines.push(...e.lines));
    socket.on('stack:end', (e) => ends.push(e.result));
    const ack = await socket.emitWithAck('stack:run', { name: stack, action: 'up' });
    expect(ack).toMatchObject({ ok: true, command: `docker compose -p ${stack} up -d` });
    await waitFor(async () => ends.length > 0, 60_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(ends).toEqual([{ ok: true, exitCode: 0, error: null }]);
    expect(lines.some((l) => /Container .*one.* Started/.test(l))).toBe(true);
    expect((await composePs(stack))[0]?.State).toBe('running');
    // The saved version is now the deployed one, as after an HTTP deploy.
    const detail = await api<StackDetail>(`/api/stacks/${stack}`);
    expect(detail.body.versions[0]).toMatchObject({ version: 1, deployed: true });
  });

  it('cancels a running action with stack:cancel', async () => {
    const stack = name('cancel');
    await api('/api/stacks', {
      method: 'POST',
      json: { name: stack, compose: WAITING_STACK, deploy: false },
    });
    const socket = await connectSocket(await adminCookie());
    const ends: { cancelled?: boolean; ok: boolean }[] = [];
    socket.on('stack:end', (e) => ends.push(e.result));
    const ack = (await socket.emitWithAck('stack:run', { name: stack, action: 'up' })) as { id: string };
    await waitFor(async () => composeProcessesOf(stack).length > 0, 15_000);
    await new Promise((r) => setTimeout(r, 1_500)); // waiting on the health check
    expect(ends).toEqual([]);
    await socket.emitWithAck('stack:cancel', { id: ack.id });
    await waitFor(async () => ends.length > 0, 15_000);
    expect(ends[0]).toMatchObject({ ok: false, cancelled: true });
    await waitFor(async () => composeProcessesOf(stack).length === 0, 10_000);
  });

  it('kills the Compose process when the socket disconnects', async () => {
    const stack = name('drop');
    await api('/api/stacks', {
      method: 'POST',
      json: { name: stack, compose: WAITING_STACK, deploy: false },
    });
    const socket = await connectSocket(await adminCookie());
    await socket.emitWithAck('stack:run', { name: stack, action: 'up' });
    await waitFor(async () => composeProcessesOf(stack).length > 0, 15_000);
    socket.disconnect();
    await waitFor(async () => composeProcessesOf(stack).length === 0, 15_000);
    // The stack is free again for the next action (once the killed run has wound down: a 409 until then).
    const down = await waitFor(async () => {
      const res = await api<StackActionResponse>(`/api/stacks/${stack}/down`, { method: 'POST', json: {} });
      return res.status === 409 ? undefined : res;
    }, 10_000);
    expect(down.body, JSON.stringify(down.body)).toMatchObject({ ok: true });
  });

  it('refuses stack:run to a viewer', async () => {
    const socket = await connectSocket(viewer.cookie);
    const ack = await socket.emitWithAck('stack:run', { name: name('sock'), action: 'stop' });
    expect(ack).toMatchObject({ ok: false, code: 'forbidden' });
  });
});

describe('graceful shutdown', () => {
  it('stops a Compose run started by an HTTP request', async () => {
    const server = await startServer({
      env: { BERTH_ADMIN_USER: 'admin', BERTH_ADMIN_PASSWORD: 'correct-horse-battery-7' },
    });
    const stack = name('shutdown');
    try {
      const created = await api('/api/stacks', {
        base: server.url,
        method: 'POST',
        json: { name: stack, compose: WAITING_STACK, deploy: false },
      });
      expect(created.status).toBe(201);
      // Not awaited: `up` waits on a health check that never passes.
      void api(`/api/stacks/${stack}/up`, { base: server.url, method: 'POST', json: {} }).catch(() => {});
      await waitFor(async () => composeProcessesOf(stack).length > 0, 15_000);
      await server.stop();
      // Compose runs in a process group of its own: only Berth's shutdown reaches it.
      expect(composeProcessesOf(stack)).toEqual([]);
    } finally {
      await server.stop();
      await run(COMPOSE, ['-p', stack, 'down', '-v']).catch(() => {});
    }
  });
});

describe('files removed by hand', () => {
  it('still takes the stack down (by its labels) and forgets it', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'bts-data-'));
    tempDirs.push(dataDir);
    const server = await startServer({
      dataDir,
      env: { BERTH_ADMIN_USER: 'admin', BERTH_ADMIN_PASSWORD: 'correct-horse-battery-7' },
    });
    const stack = name('byhand');
    try {
      const created = await api<Saved>('/api/stacks', {
        base: server.url,
        method: 'POST',
        json: { name: stack, compose: simple() },
      });
      expect(created.body.deployed?.ok).toBe(true);
      rmSync(path.join(dataDir, 'stacks', stack), { recursive: true });
      const removed = await api<StackActionResponse>(`/api/stacks/${stack}`, {
        base: server.url,
        method: 'DELETE',
      });
      expect(removed.status, JSON.stringify(removed.body)).toBe(200);
      expect(await composePs(stack)).toEqual([]);
      expect((await api(`/api/stacks/${stack}`, { base: server.url })).status).toBe(404);
    } finally {
      await server.stop();
    }
  });
});

describe('without Compose', () => {
  it('answers a clear 503 naming BERTH_COMPOSE, and health says it is missing', async () => {
    const server = await startServer({
      env: {
        BERTH_COMPOSE: '/nonexistent/docker-compose',
        BERTH_ADMIN_USER: 'admin',
        BERTH_ADMIN_PASSWORD: 'correct-horse-battery-7',
      },
    });
    try {
      const health = await api<{ compose?: { available: boolean; problem?: string } }>('/api/health', {
        base: server.url,
        as: 'anonymous',
      });
      expect(health.body.compose).toMatchObject({ available: false });
      expect(health.body.compose?.problem).toContain('BERTH_COMPOSE');
      const list = await api<ErrorEnvelope>('/api/stacks', { base: server.url });
      expect(list.status).toBe(503);
      expect(list.body.error.code).toBe('compose_missing');
      expect(list.body.error.message).toContain('/nonexistent/docker-compose');
      expect(list.body.error.message).toContain('BERTH_COMPOSE');
    } finally {
      await server.stop();
    }
  });

  it('reports the version in health when Compose is there', async () => {
    const health = await api<{ compose?: { available: boolean; version: string } }>('/api/health', {
      as: 'anonymous',
    });
    expect(health.body.compose).toMatchObject({ available: true, version: expect.stringMatching(/^2\./) });
  });
});
