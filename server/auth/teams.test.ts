import { describe, expect, it } from 'vitest';
import { scratchDataDir } from '@/server/testing/scratch-data-dir';

scratchDataDir('teams');
const teams = await import('@/server/auth/teams');
const users = await import('@/server/auth/users');
const environments = await import('@/server/environments/store');
const { holds } = await import('@/server/auth/guard');

describe('teams', () => {
  it('keeps team names unique, on create and on rename, but lets a team keep its own name', () => {
    const ops = teams.addTeam('ops', 'operator');
    const dev = teams.addTeam('dev', 'viewer');
    expect(() => teams.addTeam('ops', 'viewer')).toThrow('A team "ops" already exists');
    expect(() => teams.changeTeam(dev.id, { name: 'ops' })).toThrow('A team "ops" already exists');
    expect(teams.changeTeam(ops.id, { name: 'ops', role: 'admin' })).toMatchObject({
      name: 'ops',
      role: 'admin',
    });
  });

  it('answers 404 for a team that is not there', () => {
    expect(() => teams.changeTeam(9999, { role: 'viewer' })).toThrow(
      expect.objectContaining({ status: 404 }),
    );
    expect(() => teams.removeTeam(9999)).toThrow('No team 9999');
  });

  it('gives a team a role per environment: members get it there, and it goes with the environment', () => {
    environments.createEnvironment({ id: 'prod', name: 'Prod', address: 'tcp://127.0.0.1:1' } as never);
    environments.createEnvironment({ id: 'staging', name: 'Staging', address: 'tcp://127.0.0.1:2' } as never);
    const alice = users.createUser({ username: 'alice', passwordHash: 'x', role: 'viewer' });
    const team = teams.addTeam('platform', 'operator');
    const changed = teams.changeTeam(team.id, {
      memberIds: [alice.id],
      environmentRoles: { prod: 'viewer', staging: 'admin' },
    });
    expect(changed.environmentRoles).toEqual({ prod: 'viewer', staging: 'admin' });

    const user = users.toSessionUser(alice);
    // Operator everywhere (the team), viewer on prod, admin on staging; the local engine keeps the team's role.
    expect(user).toMatchObject({ role: 'operator', environmentRoles: { prod: 'viewer', staging: 'admin' } });
    expect(holds(user, 'containers:write', 'local')).toBe(true);
    expect(holds(user, 'containers:write', 'prod')).toBe(false);
    expect(holds(user, 'containers:read', 'prod')).toBe(true);
    expect(holds(user, 'stacks:adopt', 'staging')).toBe(true);
    // An admin role on one engine does not make an admin of Berth.
    expect(holds(user, 'users:admin', 'staging')).toBe(false);
    expect(holds(user, 'registries:read', 'prod')).toBe(true);

    expect(() => teams.changeTeam(team.id, { environmentRoles: { nowhere: 'admin' } })).toThrow(
      expect.objectContaining({ status: 400, message: expect.stringContaining('no environment "nowhere"') }),
    );
    expect(teams.getTeam(team.id)?.environmentRoles).toEqual({ prod: 'viewer', staging: 'admin' });

    environments.deleteEnvironment('prod');
    expect(teams.getTeam(team.id)?.environmentRoles).toEqual({ staging: 'admin' });
    expect(users.toSessionUser(alice).environmentRoles).toEqual({ staging: 'admin' });
  });
});
