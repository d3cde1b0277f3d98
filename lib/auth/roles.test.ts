import { describe, expect, it } from 'vitest';
import { can, strongestRole } from '@/lib/auth/roles';

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
});
