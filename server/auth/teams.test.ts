import { describe, expect, it } from 'vitest';
import { scratchDataDir } from '@/server/testing/scratch-data-dir';

scratchDataDir('teams');
const teams = await import('@/server/auth/teams');

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
});
