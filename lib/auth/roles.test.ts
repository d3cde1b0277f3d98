import { describe, expect, it } from 'vitest';
import { can, environmentRolesOf, type Role, roleFor, strongestRole } from '@/lib/auth/roles';

describe('roles', () => {
  it('lets a viewer read but never mutate or exec', () => {
    expect(can('viewer', 'containers:read')).toBe(true);
    expect(can('viewer', 'containers:write')).toBe(false);
    expect(can('viewer', 'containers:exec')).toBe(false);
  });

  it('lets an operator manage containers but not users or settings', () => {
    expect(can('operator', 'containers:write')).toBe(true);
    expect(can('operator', 'containers:exec')).toBe(true);
    expect(can('operator', 'users:admin')).toBe(false);
    expect(can('operator', 'settings:admin')).toBe(false);
  });

  it('lets an admin do everything, and nobody without a role anything', () => {
    expect(can('admin', 'settings:admin')).toBe(true);
    expect(can(null, 'self')).toBe(false);
  });

  it('takes the strongest of a user role and team roles', () => {
    expect(strongestRole(['viewer', 'operator'])).toBe('operator');
    expect(strongestRole(['admin', 'viewer'])).toBe('admin');
    expect(strongestRole([])).toBe('viewer');
  });

  it("takes, per environment, each team's role there or its own, and keeps only what differs", () => {
    const teams: { role: Role; environmentRoles: Record<string, Role> }[] = [
      { role: 'operator', environmentRoles: { prod: 'viewer' } },
      { role: 'viewer', environmentRoles: { staging: 'admin', prod: 'viewer' } },
    ];
    expect(environmentRolesOf('viewer', teams)).toEqual({ prod: 'viewer', staging: 'admin' });
    // A user's own role holds everywhere: an operator stays one on prod.
    expect(environmentRolesOf('operator', teams)).toEqual({ staging: 'admin' });
    expect(environmentRolesOf('viewer', [])).toEqual({});
  });

  it('judges only engine permissions by the role on the environment', () => {
    const user = { role: 'operator' as const, environmentRoles: { prod: 'viewer' as const } };
    expect(roleFor(user, 'containers:write', 'prod')).toBe('viewer');
    expect(roleFor(user, 'containers:write', 'local')).toBe('operator');
    expect(roleFor(user, 'registries:read', 'prod')).toBe('operator');
  });
});
