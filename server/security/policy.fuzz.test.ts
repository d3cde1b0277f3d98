import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SECURITY_SETTINGS, type SecuritySettings } from '@/lib/settings/security';
import { anyValue, fuzzParams, nastyString } from '@/lib/testing/fuzz';
import {
  checkContainerCreate,
  checkContainerUpdate,
  checkExecCreate,
  checkServiceSpec,
  checkVolumeCreate,
  type EngineFacts,
  NO_ENGINE_FACTS,
  type PolicyViolation,
  policyReferences,
} from '@/server/security/policy';

/**
 * The policy reads untrusted engine bodies of any shape (issue 18): whatever the body, it answers a list of
 * violations and never throws (a throw would be a 500 instead of a refusal).
 */

/** The engine's field names the policy looks at, and a few values of the kinds it matches on. */
const FIELDS = [
  'HostConfig',
  'Privileged',
  'Binds',
  'Mounts',
  'Type',
  'Source',
  'Target',
  'VolumeOptions',
  'DriverConfig',
  'Options',
  'CapAdd',
  'CapabilityAdd',
  'Capabilities',
  'Devices',
  'DeviceRequests',
  'DeviceCgroupRules',
  'PathOnHost',
  'Sysctls',
  'SecurityOpt',
  'MaskedPaths',
  'ReadonlyPaths',
  'NetworkMode',
  'PidMode',
  'IpcMode',
  'UTSMode',
  'UsernsMode',
  'CgroupnsMode',
  'VolumesFrom',
  'VolumeDriver',
  'Volumes',
  'NetworkingConfig',
  'EndpointsConfig',
  'NetworkID',
  'User',
  'Driver',
  'DriverOpts',
  'TaskTemplate',
  'ContainerSpec',
  'PluginSpec',
  'Runtime',
  'Networks',
  'Resources',
  'Reservations',
  'Limits',
  'GenericResources',
  'Privileges',
  'CredentialSpec',
  'SELinuxContext',
  'Seccomp',
  'AppArmor',
  'Mode',
  'Profile',
  'Subpath',
  'Name',
];
const VALUES = [
  true,
  false,
  0,
  1,
  '',
  'host',
  'HOST',
  'container:web',
  'container:',
  'private',
  'bind',
  'volume',
  'tmpfs',
  'local',
  '/',
  '/etc',
  '/etc/../',
  '/var/run/docker.sock:/sock',
  'vol:/data:ro',
  './rel:/x',
  'SYS_ADMIN',
  'ALL',
  'seccomp=unconfined',
  'apparmor:unconfined',
  'root',
  '0:0',
  { type: 'none', o: 'bind', device: '/' },
  { device: '/dev/sda' },
];

const key = fc.oneof(
  fc.constantFrom(...FIELDS),
  fc.constantFrom(...FIELDS).map((field) => field.toLowerCase()),
  fc.constantFrom(...FIELDS).map((field) => field.toUpperCase()),
  nastyString,
);
const fieldValue = fc.oneof(
  fc.constantFrom(...VALUES),
  fc.array(fc.constantFrom(...VALUES), { maxLength: 3 }),
);
/** Engine fields holding the values they are matched on, one or two levels down. */
const shaped = fc.dictionary(
  key,
  fc.oneof(
    fieldValue,
    fc.dictionary(key, fieldValue, { maxKeys: 4 }),
    fc.array(fc.dictionary(key, fieldValue)),
  ),
  { minKeys: 1, maxKeys: 6 },
);
const { body } = fc.letrec<{ body: unknown; leaf: unknown }>((tie) => ({
  leaf: fc.oneof(fc.constantFrom(...VALUES), nastyString, anyValue),
  // Mostly objects keyed by the engine's field names, so the checks go deep rather than stop at a leaf.
  body: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 3, arbitrary: shaped },
    { weight: 2, arbitrary: tie('leaf') },
    { weight: 1, arbitrary: fc.array(tie('body'), { maxLength: 4 }) },
    { weight: 5, arbitrary: fc.dictionary(key, tie('body'), { minKeys: 1, maxKeys: 5 }) },
  ),
}));

const settings: fc.Arbitrary<SecuritySettings> = fc.record({
  allowPrivileged: fc.boolean(),
  allowHostBindMounts: fc.boolean(),
  bindMountAllowList: fc.array(fc.constantFrom('/srv', '/', '/etc', '/home/user'), { maxLength: 2 }),
  allowHostNamespaces: fc.boolean(),
  allowCapabilities: fc.boolean(),
  allowDevices: fc.boolean(),
  allowSysctls: fc.boolean(),
  allowSecurityOpt: fc.boolean(),
  allowExecUser: fc.boolean(),
});

/** An engine that knows every container and volume, with whatever state the fuzzer gives them. */
const facts: fc.Arbitrary<EngineFacts> = fc
  .tuple(body, body, fc.option(fc.record({ driver: fc.constantFrom('local', 'nfs', ''), options: body })))
  .map(([hostConfig, mounts, volume]) => ({
    container: (name: string) => ({ name, hostConfig, mounts }),
    volume: () => volume,
  }));

const CHECKS: [string, (body: unknown, s: SecuritySettings, f: EngineFacts) => PolicyViolation[]][] = [
  ['checkContainerCreate', checkContainerCreate],
  ['checkContainerUpdate', (b, s) => checkContainerUpdate(b, s)],
  ['checkExecCreate', (b, s) => checkExecCreate(b, s)],
  ['checkVolumeCreate', (b, s) => checkVolumeCreate(b, s)],
  ['checkServiceSpec', (b, s) => checkServiceSpec(b, s)],
];

function expectViolations(violations: PolicyViolation[]): void {
  expect(Array.isArray(violations)).toBe(true);
  for (const v of violations) {
    expect(typeof v.setting).toBe('string');
    expect(typeof v.path).toBe('string');
    expect(typeof v.message).toBe('string');
  }
}

describe('the security policy, fuzzed with engine-shaped bodies', () => {
  it.each(CHECKS)('%s answers a list of violations for any body and settings', (_, check) => {
    fc.assert(
      fc.property(body, settings, facts, (b, s, f) => {
        expectViolations(check(b, s, f));
        expectViolations(check({ HostConfig: b, TaskTemplate: { ContainerSpec: b } }, s, f));
        expectViolations(check(b, s, NO_ENGINE_FACTS));
      }),
      fuzzParams(800),
    );
  });

  it('lists references for any body', () => {
    fc.assert(
      fc.property(body, (b) => {
        const refs = policyReferences({ HostConfig: b, ...(typeof b === 'object' ? b : {}) });
        for (const name of [...refs.containers, ...refs.volumes]) expect(typeof name).toBe('string');
      }),
      fuzzParams(800),
    );
  });

  it('refuses no more when settings allow more: allowing everything leaves no violation of the flags', () => {
    const allowAll: SecuritySettings = {
      ...DEFAULT_SECURITY_SETTINGS,
      allowPrivileged: true,
      allowHostBindMounts: true,
      allowHostNamespaces: true,
      allowCapabilities: true,
      allowDevices: true,
      allowSysctls: true,
      allowSecurityOpt: true,
      allowExecUser: true,
    };
    fc.assert(
      fc.property(body, facts, (b, f) => {
        const denied = new Set(checkContainerCreate(b, DEFAULT_SECURITY_SETTINGS, f).map((v) => v.setting));
        for (const v of checkContainerCreate(b, allowAll, f)) expect(denied, v.path).toContain(v.setting);
      }),
      fuzzParams(600),
    );
  });
});
