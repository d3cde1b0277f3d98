import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SECURITY_SETTINGS,
  normalizeHostPath,
  SECURITY_SETTING_KEYS,
  securitySettingsSchema,
} from '@/lib/settings/security';

describe('DEFAULT_SECURITY_SETTINGS', () => {
  it('denies everything and allow-lists no host path', () => {
    expect(DEFAULT_SECURITY_SETTINGS).toEqual({
      allowPrivileged: false,
      allowHostBindMounts: false,
      bindMountAllowList: [],
      allowHostNamespaces: false,
      allowCapabilities: false,
      allowDevices: false,
      allowSysctls: false,
      allowSecurityOpt: false,
      allowExecUser: false,
    });
  });

  it('cannot be changed at runtime', () => {
    expect(Object.isFrozen(DEFAULT_SECURITY_SETTINGS)).toBe(true);
    expect(Object.isFrozen(DEFAULT_SECURITY_SETTINGS.bindMountAllowList)).toBe(true);
  });
});

describe('SECURITY_SETTING_KEYS', () => {
  it('names every setting, in the order the UI shows them', () => {
    expect(SECURITY_SETTING_KEYS).toEqual([
      'allowPrivileged',
      'allowHostBindMounts',
      'bindMountAllowList',
      'allowHostNamespaces',
      'allowCapabilities',
      'allowDevices',
      'allowSysctls',
      'allowSecurityOpt',
      'allowExecUser',
    ]);
    expect([...SECURITY_SETTING_KEYS].sort()).toEqual(Object.keys(DEFAULT_SECURITY_SETTINGS).sort());
  });
});

describe('securitySettingsSchema', () => {
  it('reads a missing setting as denied, so settings added later start off', () => {
    const parsed = securitySettingsSchema.parse({ allowPrivileged: true });
    expect(parsed.allowPrivileged).toBe(true);
    expect(parsed.allowHostBindMounts).toBe(false);
    expect(parsed.bindMountAllowList).toEqual([]);
  });

  it('refuses values that are not booleans instead of guessing', () => {
    expect(securitySettingsSchema.safeParse({ allowPrivileged: 'true' }).success).toBe(false);
    expect(securitySettingsSchema.safeParse({ allowExecUser: 1 }).success).toBe(false);
    expect(securitySettingsSchema.safeParse(null).success).toBe(false);
  });

  it('drops unknown keys', () => {
    expect(securitySettingsSchema.parse({ allowEverything: true })).toEqual(DEFAULT_SECURITY_SETTINGS);
  });

  it('normalises allow-list entries: trimmed, no double slashes, no `.`, no trailing slash, no duplicates', () => {
    const parsed = securitySettingsSchema.parse({
      bindMountAllowList: [' /srv//data/ ', '/srv/./data', '/home/app/uploads'],
    });
    expect(parsed.bindMountAllowList).toEqual(['/srv/data', '/home/app/uploads']);
    expect(Object.isFrozen(parsed.bindMountAllowList)).toBe(true);
  });

  it('refuses allow-list entries that are relative, climb with `..`, or name the whole host', () => {
    for (const entry of [
      'srv/data',
      './srv',
      '~/data',
      '/srv/data/../../etc',
      '/',
      '//',
      '',
      'C:\\data',
      '/a\0b',
    ]) {
      const result = securitySettingsSchema.safeParse({ bindMountAllowList: [entry] });
      expect(result.success, entry).toBe(false);
      expect(result.error?.issues[0]?.path).toEqual(['bindMountAllowList', 0]);
    }
  });

  it('caps the allow-list at 100 entries', () => {
    const entries = Array.from({ length: 101 }, (_, i) => `/srv/${i}`);
    expect(securitySettingsSchema.safeParse({ bindMountAllowList: entries }).success).toBe(false);
    expect(securitySettingsSchema.safeParse({ bindMountAllowList: entries.slice(1) }).success).toBe(true);
  });
});

describe('normalizeHostPath', () => {
  it('collapses empty and `.` segments', () => {
    expect(normalizeHostPath('/srv//data/./x/')).toBe('/srv/data/x');
    expect(normalizeHostPath('/')).toBe('/');
    expect(normalizeHostPath('///')).toBe('/');
  });

  it('gives up on `..`, which a symlink could point anywhere', () => {
    expect(normalizeHostPath('/srv/data/../../etc')).toBeUndefined();
    expect(normalizeHostPath('/srv/data/x/..')).toBeUndefined();
  });

  it('gives up on paths that are not absolute POSIX paths', () => {
    expect(normalizeHostPath('srv/data')).toBeUndefined();
    expect(normalizeHostPath('C:\\Windows')).toBeUndefined();
    expect(normalizeHostPath('')).toBeUndefined();
    expect(normalizeHostPath('/etc\0')).toBeUndefined();
  });

  it('keeps names that merely contain dots', () => {
    expect(normalizeHostPath('/srv/..data/.x/...')).toBe('/srv/..data/.x/...');
  });
});
