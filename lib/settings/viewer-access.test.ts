import { describe, expect, it } from 'vitest';
import { can } from '@/lib/auth/roles';
import { appSettingsSchema } from '@/lib/settings/app';
import {
  DEFAULT_VIEWER_ACCESS,
  VIEWER_ACCESS_KEYS,
  VIEWER_ACCESS_PERMISSIONS,
  viewerAccessSchema,
  viewerAccessSettingFor,
  viewerGrants,
} from '@/lib/settings/viewer-access';

describe('what viewers may see', () => {
  it('refuses environment values and files until an admin allows them, also in stored settings from before', () => {
    expect(DEFAULT_VIEWER_ACCESS).toEqual({ environmentValues: false, files: false });
    expect(viewerAccessSchema.parse({})).toEqual(DEFAULT_VIEWER_ACCESS);
    expect(appSettingsSchema.parse({}).viewerAccess).toEqual(DEFAULT_VIEWER_ACCESS);
    expect(viewerGrants(DEFAULT_VIEWER_ACCESS)).toEqual([]);
  });

  it('grants each setting its own permissions', () => {
    expect(viewerGrants({ environmentValues: true, files: false })).toEqual(['containers:env']);
    expect(viewerGrants({ environmentValues: false, files: true })).toEqual([
      'containers:files',
      'volumes:files',
    ]);
  });

  it('grants viewers only what operators already hold, and nothing a viewer holds anyway', () => {
    for (const key of VIEWER_ACCESS_KEYS) {
      for (const permission of VIEWER_ACCESS_PERMISSIONS[key]) {
        expect(can('viewer', permission)).toBe(false);
        expect(can('operator', permission)).toBe(true);
        expect(can('admin', permission)).toBe(true);
      }
    }
  });

  it('names the setting behind a permission, and none for the others', () => {
    expect(viewerAccessSettingFor('containers:env')).toBe('environmentValues');
    expect(viewerAccessSettingFor('volumes:files')).toBe('files');
    expect(viewerAccessSettingFor('containers:write')).toBeUndefined();
  });

  it('refuses a value that is not a boolean', () => {
    expect(viewerAccessSchema.safeParse({ files: 'yes' }).success).toBe(false);
  });
});
