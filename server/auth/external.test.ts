import { describe, expect, it } from 'vitest';
import { scratchDataDir } from '@/server/testing/scratch-data-dir';

scratchDataDir('external-identities');
const external = await import('@/server/auth/external');
const users = await import('@/server/auth/users');
const teams = await import('@/server/auth/teams');
const { verifyPassword } = await import('@/server/auth/passwords');
const { passwordSignInAllowed } = await import('@/server/auth/login');
const { updateSettings } = await import('@/server/settings/store');

const policy = {
  allowCreate: true,
  defaultRole: 'viewer' as const,
  rules: [
    { group: 'ops', team: 'ops', role: 'operator' as const },
    { group: 'berth-admins', role: 'admin' as const },
    { group: 'readers', team: 'readers', role: 'viewer' as const },
  ],
};
const profile = (subject: string, groups: string[], username = 'ana') => ({
  source: 'oidc' as const,
  provider: 'corp',
  subject,
  username,
  groups,
});
const teamNames = (userId: number) =>
  (users.toUserView(users.getUser(userId) as never).teams ?? []).map((t) => t.name).sort();

describe('outside identities', () => {
  it('creates the account on first sign-in, with the teams and role its groups give, and no usable password', async () => {
    const user = external.provisionExternalUser(profile('sub-1', ['ops']), policy);
    expect(user.username).toBe('ana');
    expect(user.role).toBe('viewer');
    expect(teamNames(user.id)).toEqual(['ops']);
    expect(users.effectiveRole(user)).toBe('operator');
    expect(await verifyPassword(user.password_hash, external.NO_PASSWORD)).toBe(false);
    expect(await verifyPassword(user.password_hash, '')).toBe(false);
    expect(external.identitiesOf(user.id)).toEqual([
      expect.objectContaining({ source: 'oidc', provider: 'corp', subject: 'sub-1' }),
    ]);
  });

  it('finds the account by subject at the next sign-in and re-applies the rules: a group left takes its team back', () => {
    const again = external.provisionExternalUser(
      profile('sub-1', ['berth-admins', 'readers'], 'renamed'),
      policy,
    );
    expect(again.username).toBe('ana');
    expect(again.role).toBe('admin');
    expect(teamNames(again.id)).toEqual(['readers']);
    const none = external.provisionExternalUser(profile('sub-1', []), policy);
    expect(none.id).toBe(again.id);
    expect(none.role).toBe('viewer');
    expect(teamNames(none.id)).toEqual([]);
  });

  it('never links by name: another subject with the same name gets a new account under a free name', () => {
    const local = users.createUser({ username: 'bob', passwordHash: 'x', role: 'admin' });
    const other = external.provisionExternalUser(profile('sub-2', [], 'bob'), policy);
    expect(other.id).not.toBe(local.id);
    expect(other.username).toBe('bob-2');
    expect(users.getUser(local.id)?.role).toBe('admin');
  });

  it('keeps a membership an admin made by hand when the group is gone', () => {
    const user = external.provisionExternalUser(profile('sub-3', [], 'carol'), policy);
    const ops = teams.findTeamByName('ops') as { id: number };
    const members = teams.getTeam(ops.id)?.members.map((m) => m.id) ?? [];
    teams.changeTeam(ops.id, { memberIds: [...members, user.id] });
    external.provisionExternalUser(profile('sub-3', ['ops'], 'carol'), policy);
    external.provisionExternalUser(profile('sub-3', [], 'carol'), policy);
    expect(teamNames(user.id)).toEqual(['ops']);
  });

  it('refuses an unknown identity when the provider creates no accounts, and a disabled account', () => {
    expect(() =>
      external.provisionExternalUser(profile('sub-4', ['ops'], 'dan'), { ...policy, allowCreate: false }),
    ).toThrow(expect.objectContaining({ status: 403, code: 'external_user_unknown' }));
    expect(users.findUserByName('dan')).toBeUndefined();
    const user = external.provisionExternalUser(profile('sub-5', [], 'erin'), policy);
    users.updateUser(user.id, { disabled: true });
    expect(() => external.provisionExternalUser(profile('sub-5', ['ops'], 'erin'), policy)).toThrow(
      expect.objectContaining({ status: 403 }),
    );
  });

  it('lets only local admins use a password once password sign-in is off for the others', () => {
    const localAdmin = users.createUser({ username: 'root', passwordHash: 'x', role: 'admin' });
    const localViewer = users.createUser({ username: 'viv', passwordHash: 'x', role: 'viewer' });
    const outsideAdmin = external.provisionExternalUser(profile('sub-6', ['berth-admins'], 'fay'), policy);
    expect(passwordSignInAllowed(localViewer)).toBe(true);
    updateSettings({ signIn: { passwords: 'localAdmins' } });
    expect(passwordSignInAllowed(localAdmin)).toBe(true);
    expect(passwordSignInAllowed(localViewer)).toBe(false);
    expect(passwordSignInAllowed(outsideAdmin)).toBe(false);
    updateSettings({ signIn: { passwords: 'everyone' } });
  });
});

describe('rules and names (pure)', () => {
  it('matches groups exactly and picks the strongest role', () => {
    const matched = external.matchingRules(policy.rules, ['OPS', 'ops', 'berth-admins']);
    expect(matched.map((r) => r.group)).toEqual(['ops', 'berth-admins']);
    expect(external.ownRoleFrom(matched, 'viewer')).toBe('admin');
    expect(external.ownRoleFrom([], 'operator')).toBe('operator');
    expect([...external.grantedTeams(matched)]).toEqual([['ops', 'operator']]);
    expect([
      ...external.grantedTeams([
        { group: 'a', team: 't', role: 'viewer' },
        { group: 'b', team: 't', role: 'operator' },
      ]),
    ]).toEqual([['t', 'operator']]);
  });

  it('makes a free, clean username', () => {
    const taken = new Set(['ana', 'ana-2']);
    expect(external.freeUsername('ana', (n) => taken.has(n))).toBe('ana-3');
    expect(external.freeUsername(' Zoë Li ', () => false)).toBe('Zoë-Li');
    expect(external.freeUsername('*)(uid=*', () => false)).toBe('uid');
    expect(external.freeUsername('???', () => false)).toBe('user');
  });
});
