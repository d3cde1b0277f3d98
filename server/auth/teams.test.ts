import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The modules read BERTH_DATA_DIR when first imported: point it at a scratch dir before importing them.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-teams-'));
process.env.BERTH_DATA_DIR = dir;
const teams = await import('@/server/auth/teams');
const { closeDatabase } = await import('@/server/db');

afterAll(() => {
  closeDatabase();
  fs.rmSync(dir, { recursive: true, force: true });
});

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
