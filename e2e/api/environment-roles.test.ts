import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Me, TeamView } from '@/lib/auth/views';
import { api, type ErrorEnvelope, userSession } from '../support/api';
import { engine, TEST_IMAGE } from '../support/engine';

/**
 * A team's role per environment (issue 16: "viewer on prod, operator on staging"), through the real server.
 * The environment is the local engine again, reached as another environment (its socket), so the same
 * container is acted on through both: only the role on each environment differs.
 */
const RUN = Date.now().toString(36).slice(-5);
const ENV = `rl-${RUN}`;
const LABEL = 'berth.test.envroles';
let teamId = 0;
let containerId = '';
let member: { cookie: string };

async function teamRoles(environmentRoles: Record<string, string>, role = 'operator') {
  const res = await api<TeamView & ErrorEnvelope>(`/api/teams/${teamId}`, {
    method: 'PATCH',
    json: { role, environmentRoles },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

const running = async () => (await engine.getContainer(containerId).inspect()).State.Running;

beforeAll(async () => {
  const env = await api('/api/environments', {
    method: 'POST',
    json: { id: ENV, name: `Roles ${RUN}`, address: 'unix:///var/run/docker.sock' },
  });
  expect(env.status, JSON.stringify(env.body)).toBe(201);
  const user = await userSession('viewer', `envroles-${RUN}`);
  member = { cookie: user.cookie };
  const users = await api<{ id: number; username: string }[]>('/api/users');
  const me = users.body.find((u) => u.username === user.username);
  const team = await api<TeamView>('/api/teams', {
    method: 'POST',
    json: { name: `envroles-${RUN}`, role: 'operator' },
  });
  expect(team.status).toBe(201);
  teamId = team.body.id;
  await api(`/api/teams/${teamId}`, { method: 'PATCH', json: { memberIds: [me?.id] } });
  const container = await engine.createContainer({
    Image: TEST_IMAGE,
    Cmd: ['sleep', '3600'],
    Labels: { [LABEL]: '1' },
    HostConfig: { NetworkMode: 'none', Init: true },
  });
  await container.start();
  containerId = container.id;
});

afterAll(async () => {
  const ours = await engine.listContainers({ all: true, filters: { label: [`${LABEL}=1`] } });
  await Promise.all(ours.map((c) => engine.getContainer(c.Id).remove({ force: true })));
  if (teamId) await api(`/api/teams/${teamId}`, { method: 'DELETE' });
  await api(`/api/environments/${ENV}`, { method: 'DELETE' });
});

describe('a team role per environment', () => {
  it('judges engine actions by the role on the environment of the request, and says which', async () => {
    const team = await teamRoles({ [ENV]: 'viewer' });
    expect(team.environmentRoles).toEqual({ [ENV]: 'viewer' });

    const me = await api<Me>('/api/auth/me', { as: member });
    expect(me.body.user).toMatchObject({ role: 'operator', environmentRoles: { [ENV]: 'viewer' } });
    expect(me.body.permissions).toContain('containers:write');
    expect(me.body.environmentPermissions[ENV]).toContain('containers:read');
    expect(me.body.environmentPermissions[ENV]).not.toContain('containers:write');

    // Viewer there: refused, and the container is untouched.
    const refused = await api<ErrorEnvelope>(`/api/environments/${ENV}/containers/${containerId}/stop`, {
      method: 'POST',
      as: member,
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain(`Your role on environment ${ENV} (viewer)`);
    expect(await running()).toBe(true);
    // Reading there is allowed.
    const read = await api(`/api/environments/${ENV}/containers/${containerId}`, { as: member });
    expect(read.status).toBe(200);
    // Operator on the local engine (the team's role): the same container stops.
    const stopped = await api(`/api/containers/${containerId}/stop`, { method: 'POST', as: member });
    expect(stopped.status, JSON.stringify(stopped.body)).toBeLessThan(300);
    expect(await running()).toBe(false);
  });

  it('raises the role on one environment only; an admin role there does not make an admin of Berth', async () => {
    await teamRoles({ [ENV]: 'admin' }, 'viewer');
    const local = await api<ErrorEnvelope>(`/api/containers/${containerId}/start`, {
      method: 'POST',
      as: member,
    });
    expect(local.status).toBe(403);
    expect(local.body.error.message).toContain('Your role (viewer)');
    expect(await running()).toBe(false);

    const there = await api(`/api/environments/${ENV}/containers/${containerId}/start`, {
      method: 'POST',
      as: member,
    });
    expect(there.status, JSON.stringify(there.body)).toBeLessThan(300);
    expect(await running()).toBe(true);
    // Users, settings and the audit log follow the role everywhere, whatever path reaches them.
    for (const path of ['audit', 'users', 'settings']) {
      const res = await api(`/api/environments/${ENV}/${path}`, { as: member });
      expect(res.status, path).toBe(403);
    }
  });

  it('refuses a role on an environment that does not exist, naming it, and changes nothing', async () => {
    const res = await api<ErrorEnvelope>(`/api/teams/${teamId}`, {
      method: 'PATCH',
      json: { environmentRoles: { 'no-such-env': 'admin' } },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('no environment "no-such-env"');
    const teams = await api<TeamView[]>('/api/teams');
    expect(teams.body.find((t) => t.id === teamId)?.environmentRoles).toEqual({ [ENV]: 'admin' });
  });

  it('drops the roles on an environment when it is removed', async () => {
    const other = `${ENV}-x`;
    const made = await api('/api/environments', {
      method: 'POST',
      json: { id: other, name: `Roles x ${RUN}`, address: 'unix:///var/run/docker.sock' },
    });
    expect(made.status).toBe(201);
    await teamRoles({ [ENV]: 'admin', [other]: 'operator' }, 'viewer');
    expect((await api(`/api/environments/${other}`, { method: 'DELETE' })).status).toBeLessThan(300);
    const teams = await api<TeamView[]>('/api/teams');
    expect(teams.body.find((t) => t.id === teamId)?.environmentRoles).toEqual({ [ENV]: 'admin' });
    const me = await api<Me>('/api/auth/me', { as: member });
    expect(Object.keys(me.body.environmentPermissions)).toEqual([ENV]);
  });
});
