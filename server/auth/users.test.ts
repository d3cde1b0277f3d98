import { describe, expect, it } from 'vitest';
import { scratchDataDir } from '@/server/testing/scratch-data-dir';

scratchDataDir('users');
const users = await import('@/server/auth/users');

const PASSWORD = 'quiet-harbour-lantern-42';

describe('the last-admin rule', () => {
  it('refuses to demote, disable or delete the only enabled admin, and nothing else', () => {
    const admin = { role: 'admin' as const, disabled: 0 };
    expect(users.removesLastAdmin(admin, { role: 'viewer' }, 1)).toBe(true);
    expect(users.removesLastAdmin(admin, { disabled: true }, 1)).toBe(true);
    expect(users.removesLastAdmin(admin, 'delete', 1)).toBe(true);
    expect(users.removesLastAdmin(admin, { role: 'admin', disabled: false }, 1)).toBe(false);
    expect(users.removesLastAdmin(admin, 'delete', 2)).toBe(false);
    expect(users.removesLastAdmin({ role: 'operator', disabled: 0 }, 'delete', 1)).toBe(false);
    expect(users.removesLastAdmin({ role: 'admin', disabled: 1 }, 'delete', 1)).toBe(false);
  });

  it('keeps one enabled admin in the database whatever is asked', async () => {
    const first = await users.addUser({ username: 'first-admin', password: PASSWORD, role: 'admin' });
    expect(() => users.changeUser(first.id, { role: 'viewer' })).toThrow(/last admin/);
    expect(() => users.removeUser(first.id)).toThrow(/last admin/);
    const second = await users.addUser({ username: 'second-admin', password: PASSWORD, role: 'admin' });
    expect(users.changeUser(first.id, { disabled: true })).toMatchObject({ disabled: true });
    expect(() => users.changeUser(second.id, { disabled: true })).toThrow(/last admin/);
    users.changeUser(first.id, { disabled: false });
    users.removeUser(second.id);
    expect(users.getUser(second.id)).toBeUndefined();
  });
});

describe('accounts', () => {
  it('refuses a taken name, a weak password and an unknown id', async () => {
    await users.addUser({ username: 'taken', password: PASSWORD, role: 'viewer' });
    await expect(
      users.addUser({ username: 'taken', password: PASSWORD, role: 'viewer' }),
    ).rejects.toMatchObject({
      status: 409,
      message: 'A user "taken" already exists',
    });
    await expect(
      users.addUser({ username: 'weak', password: 'short', role: 'viewer' }),
    ).rejects.toMatchObject({
      status: 400,
      fields: [{ path: 'body.password' }],
    });
    expect(() => users.changeUser(9999, { role: 'viewer' })).toThrow('No user 9999');
  });

  it('changes one’s own password only with the current one', async () => {
    const user = await users.addUser({ username: 'changer', password: PASSWORD, role: 'viewer' });
    await expect(users.changeOwnPassword(user.id, 'wrong', 'new-harbour-lantern-43')).rejects.toMatchObject({
      status: 400,
      fields: [{ path: 'body.current', message: 'Wrong password' }],
    });
    await users.changeOwnPassword(user.id, PASSWORD, 'new-harbour-lantern-43');
    await expect(users.changeOwnPassword(user.id, PASSWORD, 'x')).rejects.toMatchObject({ status: 400 });
  });
});
