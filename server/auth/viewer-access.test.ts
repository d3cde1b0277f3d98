import { describe, expect, it } from 'vitest';
import type { SessionUser } from '@/lib/auth/roles';
import { scratchDataDir } from '@/server/testing/scratch-data-dir';

scratchDataDir('viewer-access');
const { authorize, effectivePermissions, holds } = await import('@/server/auth/guard');
const { updateSettings } = await import('@/server/settings/store');

const user = (role: SessionUser['role']): SessionUser => ({
  id: 1,
  username: role,
  role,
  totpEnabled: false,
});
const principal = (role: SessionUser['role']) =>
  ({ kind: 'user', user: user(role), via: 'session', sessionHash: 'h' }) as const;

describe('viewer access settings on the server', () => {
  it('refuses a viewer files with a 403 that names the setting, and lets operators and admins through', () => {
    updateSettings({ viewerAccess: { environmentValues: false, files: false } });
    expect(() => authorize(principal('viewer'), 'containers:files')).toThrow(
      expect.objectContaining({
        status: 403,
        code: 'forbidden',
        message: expect.stringContaining('viewerAccess.files'),
      }),
    );
    expect(() => authorize(principal('viewer'), 'volumes:files')).toThrow(/\(viewer\)/);
    expect(holds(user('viewer'), 'containers:env')).toBe(false);
    expect(() => authorize(principal('operator'), 'containers:files')).not.toThrow();
    expect(holds(user('operator'), 'containers:env')).toBe(true);
    expect(holds(user('admin'), 'volumes:files')).toBe(true);
    expect(effectivePermissions(user('viewer'))).not.toContain('containers:files');
  });

  it('grants a viewer what an admin turns on, and only that', () => {
    updateSettings({ viewerAccess: { environmentValues: true, files: false } });
    expect(holds(user('viewer'), 'containers:env')).toBe(true);
    expect(holds(user('viewer'), 'containers:files')).toBe(false);
    updateSettings({ viewerAccess: { environmentValues: false, files: true } });
    expect(() => authorize(principal('viewer'), 'containers:files')).not.toThrow();
    expect(effectivePermissions(user('viewer'))).toEqual(
      expect.arrayContaining(['containers:read', 'containers:files', 'volumes:files']),
    );
    expect(effectivePermissions(user('viewer'))).not.toContain('containers:env');
    // The settings never reach past what a viewer may read.
    expect(() => authorize(principal('viewer'), 'containers:write')).toThrow(/\(viewer\)/);
  });
});
