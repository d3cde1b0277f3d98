import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserView } from '@/server/auth/users';
import { type ApiResult, api, type ErrorEnvelope, userSession } from '../support/api';
import {
  countTestContainers,
  engine,
  removeTestContainers,
  TEST_IMAGE,
  TEST_LABEL,
  uniqueName,
} from '../support/engine';
import { tarOf } from '../support/images';
import { networkExists, removeLabelled, sleeper, volumeExists } from '../support/labelled';

/**
 * What each role may do, checked against the engine and the database afterwards: a refused request must
 * have changed nothing, an allowed one must have done what it says.
 */

type Role = 'viewer' | 'operator' | 'admin';
const ROLES: Role[] = ['viewer', 'operator', 'admin'];
const RUN = Date.now().toString(36);
/** Volumes and networks of this file carry it, so cleanup leaves other suites' resources alone. */
const RUN_LABEL = `berth.test.roles=${RUN}`;

interface Settings {
  auditRetentionDays: number;
}

const sessions = {} as Record<Role, { cookie: string; username: string }>;
const madeUsers: string[] = [];
let victimId = 0;

function labelMap(label: string): Record<string, string> {
  const eq = label.indexOf('=');
  return { [label.slice(0, eq)]: label.slice(eq + 1) };
}

function expectForbidden(res: ApiResult<unknown>, role: Role): void {
  expect(res.status, JSON.stringify(res.body)).toBe(403);
  const body = res.body as ErrorEnvelope;
  expect(body.error).toMatchObject({ code: 'forbidden', status: 403 });
  expect(body.error.message).toContain(`(${role})`);
}

async function runningContainer(): Promise<string> {
  const container = await engine.createContainer({
    Image: TEST_IMAGE,
    name: uniqueName('roles'),
    Cmd: ['sleep', '3600'],
    Labels: { 'berth.test': '1' },
  });
  await container.start();
  return container.id;
}

async function isRunning(id: string): Promise<boolean> {
  return (await engine.getContainer(id).inspect()).State.Running;
}

async function fileExists(id: string, path: string): Promise<boolean> {
  try {
    const stream = await engine.getContainer(id).getArchive({ path });
    stream.resume();
    return true;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return false;
    throw err;
  }
}

/** A root filesystem tar with one file, for `docker import`. */
async function emptyRootfs(): Promise<Uint8Array<ArrayBuffer>> {
  return tarOf({ 'etc/berth-roles': `${RUN}\n` });
}

async function listUsers(): Promise<UserView[]> {
  const res = await api<UserView[]>('/api/users');
  expect(res.status).toBe(200);
  return res.body;
}

async function retentionDays(): Promise<number> {
  const res = await api<Settings>('/api/settings');
  expect(res.status).toBe(200);
  return res.body.auditRetentionDays;
}

beforeAll(async () => {
  await removeTestContainers();
  for (const role of ROLES) {
    const session = await userSession(role, `roles-${role}`);
    sessions[role] = { cookie: session.cookie, username: session.username };
  }
  await userSession('viewer', 'roles-victim');
  const victim = (await listUsers()).find((u) => u.username === 'roles-victim');
  if (!victim) throw new Error('roles-victim was not created');
  victimId = victim.id;
  const reset = await api(`/api/users/${victimId}`, { method: 'PATCH', json: { role: 'viewer' } });
  expect(reset.status).toBe(200);
});

afterAll(async () => {
  await removeTestContainers();
  await removeLabelled(RUN_LABEL);
  const users = await listUsers();
  for (const name of madeUsers) {
    const user = users.find((u) => u.username === name);
    if (user) await api(`/api/users/${user.id}`, { method: 'DELETE' });
  }
});

describe.each(ROLES)('as %s', (role) => {
  const canWriteContainers = role !== 'viewer';
  const isAdmin = role === 'admin';
  const as = () => ({ cookie: sessions[role].cookie });

  it('lists containers', async () => {
    const res = await api<unknown[]>('/api/containers?all=1', { as: as() });
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body)).toBe(true);
  });

  it(`${canWriteContainers ? 'creates' : 'cannot create'} a container`, async () => {
    const before = await countTestContainers();
    const name = uniqueName(`roles-${role}`);
    const res = await api<{ id: string }>('/api/containers', {
      method: 'POST',
      as: as(),
      json: { image: TEST_IMAGE, name, command: ['sleep', '3600'], labels: [TEST_LABEL], start: false },
    });
    if (canWriteContainers) {
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const info = await engine.getContainer(res.body.id).inspect();
      expect(info.Name).toBe(`/${name}`);
      expect(await countTestContainers()).toBe(before + 1);
    } else {
      expectForbidden(res, role);
      expect(await countTestContainers()).toBe(before);
      await expect(engine.getContainer(name).inspect()).rejects.toMatchObject({ statusCode: 404 });
    }
  });

  it(`${canWriteContainers ? 'stops' : 'cannot stop'} a running container`, async () => {
    const id = await runningContainer();
    const res = await api(`/api/containers/${id}/stop`, { method: 'POST', as: as(), json: { timeout: 0 } });
    if (canWriteContainers) {
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(await isRunning(id)).toBe(false);
    } else {
      expectForbidden(res, role);
      expect(await isRunning(id)).toBe(true);
    }
  });

  it(`${canWriteContainers ? 'removes' : 'cannot remove'} a container`, async () => {
    const id = await runningContainer();
    const res = await api(`/api/containers/${id}?force=1`, { method: 'DELETE', as: as() });
    if (canWriteContainers) {
      expect(res.status, JSON.stringify(res.body)).toBe(204);
      await expect(engine.getContainer(id).inspect()).rejects.toMatchObject({ statusCode: 404 });
    } else {
      expectForbidden(res, role);
      expect(await isRunning(id)).toBe(true);
    }
  });

  it(`${canWriteContainers ? 'uploads' : 'cannot upload'} a file into a container`, async () => {
    const id = await runningContainer();
    const filename = `roles-${role}-${RUN}.txt`;
    const res = await api(`/api/containers/${id}/archive?path=/tmp&filename=${filename}`, {
      method: 'PUT',
      as: as(),
      headers: { 'content-type': 'text/plain' },
      body: `uploaded by ${role}\n`,
    });
    if (canWriteContainers) {
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(await fileExists(id, `/tmp/${filename}`)).toBe(true);
    } else {
      expectForbidden(res, role);
      expect(await fileExists(id, `/tmp/${filename}`)).toBe(false);
    }
  });

  it(`${canWriteContainers ? 'creates and removes' : 'cannot create or remove'} a volume`, async () => {
    const name = uniqueName(`roles-vol-${role}`);
    const created = await api('/api/volumes', {
      method: 'POST',
      as: as(),
      json: { name, labels: [TEST_LABEL, RUN_LABEL] },
    });
    if (canWriteContainers) {
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(await volumeExists(name)).toBe(true);
    } else {
      expectForbidden(created, role);
      expect(await volumeExists(name)).toBe(false);
      await engine.createVolume({ Name: name, Labels: { 'berth.test': '1', 'berth.test.roles': RUN } });
    }
    const removed = await api(`/api/volumes/${name}`, { method: 'DELETE', as: as() });
    if (canWriteContainers) {
      expect(removed.status, JSON.stringify(removed.body)).toBe(204);
      expect(await volumeExists(name)).toBe(false);
    } else {
      expectForbidden(removed, role);
      expect(await volumeExists(name)).toBe(true);
    }
  });

  it(`${canWriteContainers ? 'prunes' : 'cannot prune'} volumes and networks`, async () => {
    const label = `berth.test.roles.prune=${RUN}-${role}`;
    const volume = uniqueName(`roles-pv-${role}`);
    await engine.createVolume({
      Name: volume,
      Labels: { 'berth.test': '1', 'berth.test.roles': RUN, ...labelMap(label) },
    });
    const network = await engine.createNetwork({
      Name: uniqueName(`roles-pn-${role}`),
      Labels: { 'berth.test': '1', 'berth.test.roles': RUN, ...labelMap(label) },
    });
    const filters = { label: [label] };
    const volumes = await api('/api/volumes/prune', {
      method: 'POST',
      as: as(),
      json: { filters, all: true },
    });
    const networks = await api('/api/networks/prune', { method: 'POST', as: as(), json: { filters } });
    if (canWriteContainers) {
      expect(volumes.status, JSON.stringify(volumes.body)).toBe(200);
      expect(networks.status, JSON.stringify(networks.body)).toBe(200);
      expect(await volumeExists(volume)).toBe(false);
      expect(await networkExists(network.id)).toBe(false);
    } else {
      expectForbidden(volumes, role);
      expectForbidden(networks, role);
      expect(await volumeExists(volume)).toBe(true);
      expect(await networkExists(network.id)).toBe(true);
    }
  });

  it(`${canWriteContainers ? 'creates, connects, disconnects and removes' : 'cannot touch'} a network`, async () => {
    const name = uniqueName(`roles-net-${role}`);
    const created = await api<{ id: string }>('/api/networks', {
      method: 'POST',
      as: as(),
      json: { name, labels: [TEST_LABEL, RUN_LABEL] },
    });
    let id: string;
    if (canWriteContainers) {
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      id = created.body.id;
    } else {
      expectForbidden(created, role);
      expect((await engine.listNetworks({ filters: JSON.stringify({ name: [name] }) })).length).toBe(0);
      id = (
        await engine.createNetwork({ Name: name, Labels: { 'berth.test': '1', 'berth.test.roles': RUN } })
      ).id;
    }
    const member = uniqueName(`roles-member-${role}`);
    const memberId = await sleeper(member, { 'berth.test.roles': RUN });
    const networksOf = async () =>
      Object.keys((await engine.getContainer(memberId).inspect()).NetworkSettings.Networks);

    const connected = await api(`/api/networks/${id}/connect`, {
      method: 'POST',
      as: as(),
      json: { container: member },
    });
    if (canWriteContainers) {
      expect(connected.status, JSON.stringify(connected.body)).toBe(200);
      expect(await networksOf()).toContain(name);
    } else {
      expectForbidden(connected, role);
      expect(await networksOf()).not.toContain(name);
      await engine.getNetwork(id).connect({ Container: memberId });
    }
    const disconnected = await api(`/api/networks/${id}/disconnect`, {
      method: 'POST',
      as: as(),
      json: { container: member },
    });
    if (canWriteContainers) {
      expect(disconnected.status, JSON.stringify(disconnected.body)).toBe(200);
      expect(await networksOf()).not.toContain(name);
    } else {
      expectForbidden(disconnected, role);
      expect(await networksOf()).toContain(name);
      await engine.getNetwork(id).disconnect({ Container: memberId });
    }
    const removed = await api(`/api/networks/${id}`, { method: 'DELETE', as: as() });
    if (canWriteContainers) {
      expect(removed.status, JSON.stringify(removed.body)).toBe(204);
      expect(await networkExists(id)).toBe(false);
    } else {
      expectForbidden(removed, role);
      expect(await networkExists(id)).toBe(true);
    }
  });

  it(`${canWriteContainers ? 'tags and untags' : 'cannot tag or untag'} an image`, async () => {
    const target = `berth-test/roles-${role}-${RUN}:tagged`;
    const res = await api('/api/images/tag', {
      method: 'POST',
      as: as(),
      json: { source: TEST_IMAGE, target },
    });
    if (canWriteContainers) {
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect((await engine.getImage(TEST_IMAGE).inspect()).RepoTags).toContain(target);
    } else {
      expectForbidden(res, role);
      await expect(engine.getImage(target).inspect()).rejects.toMatchObject({ statusCode: 404 });
      await engine.getImage(TEST_IMAGE).tag({ repo: target.split(':')[0] ?? target, tag: 'tagged' });
    }
    const removed = await api('/api/images/remove', { method: 'POST', as: as(), json: { refs: [target] } });
    if (canWriteContainers) {
      expect(removed.status, JSON.stringify(removed.body)).toBe(200);
      await expect(engine.getImage(target).inspect()).rejects.toMatchObject({ statusCode: 404 });
    } else {
      expectForbidden(removed, role);
      expect((await engine.getImage(target).inspect()).RepoTags).toContain(target);
      await engine.getImage(target).remove();
    }
    expect((await engine.getImage(TEST_IMAGE).inspect()).RepoTags).toContain(TEST_IMAGE);
  });

  it(`${canWriteContainers ? 'imports' : 'cannot import'} an image, and prune is refused the same way`, async () => {
    const reference = `berth-test/roles-${role}-${RUN}:imported`;
    const res = await api(`/api/images/import?reference=${encodeURIComponent(reference)}`, {
      method: 'POST',
      as: as(),
      headers: { 'content-type': 'application/x-tar' },
      body: await emptyRootfs(),
    });
    const prune = await api('/api/images/prune', {
      method: 'POST',
      as: as(),
      json: { labels: [`berth.test.roles=${RUN}-${role}`] },
    });
    if (canWriteContainers) {
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect((await engine.getImage(reference).inspect()).RepoTags).toContain(reference);
      await engine.getImage(reference).remove();
      expect(prune.status).toBe(200);
    } else {
      expectForbidden(res, role);
      await expect(engine.getImage(reference).inspect()).rejects.toMatchObject({ statusCode: 404 });
      expectForbidden(prune, role);
    }
  });

  it(`${isAdmin ? 'adds' : 'cannot add'} a registry; ${role === 'viewer' ? 'cannot list' : 'lists'} them`, async () => {
    const name = `roles-${role}-${RUN}`;
    const res = await api<{ id: number }>('/api/registries', {
      method: 'POST',
      as: as(),
      json: { name, url: 'http://127.0.0.1:5400', username: 'u', password: 'secret-for-roles' },
    });
    const list = await api<{ id: number; name: string }[]>('/api/registries', { as: as() });
    if (role === 'viewer') expectForbidden(list, role);
    else expect(list.status).toBe(200);
    const stored = (await api<{ id: number; name: string }[]>('/api/registries')).body.find(
      (r) => r.name === name,
    );
    if (isAdmin) {
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(stored?.id).toBe(res.body.id);
      expect((await api(`/api/registries/${res.body.id}`, { method: 'DELETE', as: as() })).status).toBe(204);
    } else {
      expectForbidden(res, role);
      expect(stored).toBeUndefined();
    }
  });

  it(`${isAdmin ? 'creates' : 'cannot create'} a user`, async () => {
    const username = `roles-made-${role}-${RUN}`;
    const res = await api<UserView>('/api/users', {
      method: 'POST',
      as: as(),
      json: { username, password: 'a-long-enough-password-42', role: 'admin' },
    });
    if (isAdmin) {
      madeUsers.push(username);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body).toMatchObject({ username, role: 'admin' });
    } else {
      expectForbidden(res, role);
    }
    const exists = (await listUsers()).some((u) => u.username === username);
    expect(exists).toBe(isAdmin);
  });

  it(`${isAdmin ? 'changes' : 'cannot change'} another user's role`, async () => {
    const res = await api<UserView>(`/api/users/${victimId}`, {
      method: 'PATCH',
      as: as(),
      json: { role: 'admin' },
    });
    const victim = (await listUsers()).find((u) => u.id === victimId);
    if (isAdmin) {
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(victim?.role).toBe('admin');
      const back = await api(`/api/users/${victimId}`, { method: 'PATCH', json: { role: 'viewer' } });
      expect(back.status).toBe(200);
    } else {
      expectForbidden(res, role);
      expect(victim?.role).toBe('viewer');
    }
  });

  it(`${isAdmin ? 'changes' : 'cannot change'} the settings`, async () => {
    const before = await retentionDays();
    const wanted = before === 365 ? 366 : 365;
    const res = await api<Settings>('/api/settings', {
      method: 'PUT',
      as: as(),
      json: { auditRetentionDays: wanted },
    });
    try {
      if (isAdmin) {
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        expect(await retentionDays()).toBe(wanted);
      } else {
        expectForbidden(res, role);
        expect(await retentionDays()).toBe(before);
      }
    } finally {
      await api('/api/settings', { method: 'PUT', json: { auditRetentionDays: before } });
    }
  });

  it(`${isAdmin ? 'reads' : 'cannot read'} the audit log, the users and the settings`, async () => {
    for (const path of ['/api/audit', '/api/users', '/api/settings']) {
      const res = await api(path, { as: as() });
      if (isAdmin) expect(res.status, path).toBe(200);
      else expectForbidden(res, role);
    }
  });
});

describe("a viewer's API token", () => {
  it('acts with the viewer role, and stops working once revoked', async () => {
    const cookie = sessions.viewer.cookie;
    const created = await api<{ id: number; token: string; prefix: string }>('/api/tokens', {
      method: 'POST',
      as: { cookie },
      json: { name: `roles-${RUN}` },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { id, token } = created.body;
    expect(token).toMatch(/^berth_/);
    expect(token.startsWith(created.body.prefix)).toBe(true);

    const read = await api<unknown[]>('/api/containers', { as: { token } });
    expect(read.status).toBe(200);
    const me = await api<{ user: { username: string; role: string } }>('/api/auth/me', { as: { token } });
    expect(me.body.user).toMatchObject({ username: sessions.viewer.username, role: 'viewer' });

    const before = await countTestContainers();
    const name = uniqueName('roles-token');
    const write = await api('/api/containers', {
      method: 'POST',
      as: { token },
      json: { image: TEST_IMAGE, name, labels: [TEST_LABEL], start: false },
    });
    expectForbidden(write, 'viewer');
    expect(await countTestContainers()).toBe(before);
    await expect(engine.getContainer(name).inspect()).rejects.toMatchObject({ statusCode: 404 });

    const revoked = await api(`/api/tokens/${id}`, { method: 'DELETE', as: { cookie } });
    expect(revoked.status).toBe(204);
    const after = await api<ErrorEnvelope>('/api/containers', { as: { token } });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('unauthorized');
    const listed = await api<{ id: number }[]>('/api/tokens', { as: { cookie } });
    expect(listed.body.map((t) => t.id)).not.toContain(id);
  });

  it('cannot be revoked by another user, even an admin', async () => {
    const cookie = sessions.viewer.cookie;
    const created = await api<{ id: number; token: string }>('/api/tokens', {
      method: 'POST',
      as: { cookie },
      json: { name: `roles-other-${RUN}` },
    });
    expect(created.status).toBe(201);
    const foreign = await api<ErrorEnvelope>(`/api/tokens/${created.body.id}`, {
      method: 'DELETE',
      as: { cookie: sessions.admin.cookie },
    });
    expect(foreign.status).toBe(404);
    expect((await api('/api/containers', { as: { token: created.body.token } })).status).toBe(200);
    expect((await api(`/api/tokens/${created.body.id}`, { method: 'DELETE', as: { cookie } })).status).toBe(
      204,
    );
  });
});
