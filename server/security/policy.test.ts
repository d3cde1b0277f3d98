import { describe, expect, it } from 'vitest';
import { DEFAULT_SECURITY_SETTINGS, type SecuritySettings } from '@/lib/settings/security';
import {
  assertAllowed,
  checkContainerUpdate,
  checkContainerCreate as checkCreateWith,
  checkExecCreate,
  checkServiceSpec,
  checkVolumeCreate,
  type EngineFacts,
  isHostPathAllowed,
  isMountMode,
  NO_ENGINE_FACTS,
  PolicyError,
  type PolicyViolation,
  policyReferences,
  type ReferencedContainer,
} from '@/server/security/policy';

const DENY: SecuritySettings = DEFAULT_SECURITY_SETTINGS;
const allow = (patch: Partial<SecuritySettings>): SecuritySettings => ({
  ...DEFAULT_SECURITY_SETTINGS,
  ...patch,
});
const ALLOW_ALL = allow({
  allowPrivileged: true,
  allowHostBindMounts: true,
  allowHostNamespaces: true,
  allowCapabilities: true,
  allowDevices: true,
  allowSysctls: true,
  allowSecurityOpt: true,
  allowExecUser: true,
});
const settingsOf = (violations: PolicyViolation[]) => violations.map((violation) => violation.setting);
const pathsOf = (violations: PolicyViolation[]) => violations.map((violation) => violation.path);
const create = (hostConfig: Record<string, unknown>) => ({ Image: 'nginx', HostConfig: hostConfig });
const localBindOptions = (device: string) => ({ type: 'none', o: 'bind', device });

/** An engine whose containers are plain (bridge, no mounts) and where no named volume exists yet. */
const PLAIN_ENGINE: EngineFacts = {
  container: (ref) => ({ name: ref, hostConfig: { NetworkMode: 'bridge' }, mounts: [] }),
  volume: () => null,
};
const engineWith = (
  containers: Record<string, Partial<ReferencedContainer>>,
  volumes: Record<string, { driver: string; options: unknown }> = {},
): EngineFacts => ({
  container: (ref) => {
    const found = containers[ref];
    return found ? { name: ref, hostConfig: {}, mounts: [], ...found } : undefined;
  },
  volume: (name) => volumes[name] ?? null,
});
const checkContainerCreate = (body: unknown, settings: SecuritySettings, engine = PLAIN_ENGINE) =>
  checkCreateWith(body, settings, engine);

/** A body of each kind the policy refuses, with the setting that allows it. */
const REFUSED_CREATES: [string, keyof SecuritySettings, unknown][] = [
  ['a privileged container', 'allowPrivileged', create({ Privileged: true })],
  ['a host path in Binds', 'allowHostBindMounts', create({ Binds: ['/etc:/host-etc'] })],
  ['a bind Mount', 'allowHostBindMounts', create({ Mounts: [{ Type: 'bind', Source: '/', Target: '/h' }] })],
  [
    'a volume Mount whose local driver binds a host path',
    'allowHostBindMounts',
    create({
      Mounts: [
        {
          Type: 'volume',
          Target: '/h',
          VolumeOptions: { DriverConfig: { Name: 'local', Options: localBindOptions('/etc') } },
        },
      ],
    }),
  ],
  ['the host network', 'allowHostNamespaces', create({ NetworkMode: 'host' })],
  ['an added capability', 'allowCapabilities', create({ CapAdd: ['SYS_ADMIN'] })],
  [
    'a host device',
    'allowDevices',
    create({ Devices: [{ PathOnHost: '/dev/sda', PathInContainer: '/dev/sda' }] }),
  ],
  ['a GPU request', 'allowDevices', create({ DeviceRequests: [{ Driver: 'nvidia', Count: -1 }] })],
  ['a device cgroup rule', 'allowDevices', create({ DeviceCgroupRules: ['c *:* rwm'] })],
  ['a sysctl', 'allowSysctls', create({ Sysctls: { 'net.ipv4.ip_forward': '1' } })],
  ['an unconfined seccomp profile', 'allowSecurityOpt', create({ SecurityOpt: ['seccomp=unconfined'] })],
];

describe('checkContainerCreate', () => {
  it('accepts an ordinary container under the defaults: named volumes, tmpfs, ports, CapDrop', () => {
    const body = {
      Image: 'postgres:17',
      Env: ['POSTGRES_PASSWORD=x'],
      User: 'root',
      Volumes: { '/var/lib/postgresql/data': {} },
      ExposedPorts: { '5432/tcp': {} },
      HostConfig: {
        Binds: ['pgdata:/var/lib/postgresql/data', 'backups:/backups:ro', '/scratch'],
        Mounts: [
          { Type: 'volume', Source: 'pg-config', Target: '/etc/postgresql' },
          { Type: 'volume', Target: '/anonymous' },
          { Type: 'tmpfs', Target: '/run', TmpfsOptions: { SizeBytes: 1_000_000 } },
          { Type: 'volume', Source: 'nfs-share', Target: '/nfs', VolumeOptions: { NoCopy: true } },
        ],
        Tmpfs: { '/tmp': 'rw,size=64m' },
        PortBindings: { '5432/tcp': [{ HostPort: '5432' }] },
        NetworkMode: 'bridge',
        CapDrop: ['ALL'],
        Privileged: false,
        RestartPolicy: { Name: 'unless-stopped' },
        Memory: 512_000_000,
      },
      NetworkingConfig: { EndpointsConfig: { backend: { Aliases: ['db'] } } },
    };
    expect(checkContainerCreate(body, DENY)).toEqual([]);
  });

  it.each(REFUSED_CREATES)('refuses %s under the defaults', (_, setting, body) => {
    expect(settingsOf(checkContainerCreate(body, DENY))).toEqual([setting]);
  });

  it.each(REFUSED_CREATES)('allows %s once its setting is on', (_, setting, body) => {
    expect(checkContainerCreate(body, allow({ [setting]: true }))).toEqual([]);
  });

  it('allows everything when every setting is on', () => {
    for (const [, , body] of REFUSED_CREATES) expect(checkContainerCreate(body, ALLOW_ALL)).toEqual([]);
  });

  describe('privileged', () => {
    it('names the setting and the body path', () => {
      expect(checkContainerCreate(create({ Privileged: true }), DENY)).toEqual([
        {
          setting: 'allowPrivileged',
          path: 'HostConfig.Privileged',
          message:
            'Privileged mode is not allowed for your role (setting "allowPrivileged"): Privileged=true',
        },
      ]);
    });

    it('ignores values the engine would reject anyway', () => {
      expect(checkContainerCreate(create({ Privileged: 'true' }), DENY)).toEqual([]);
      expect(checkContainerCreate(create({ Privileged: null }), DENY)).toEqual([]);
    });
  });

  describe('host bind mounts', () => {
    it('refuses a host path in HostConfig.Binds with a message naming the setting and the path', () => {
      expect(checkContainerCreate(create({ Binds: ['/etc:/host-etc:ro'] }), DENY)).toEqual([
        {
          setting: 'allowHostBindMounts',
          path: 'HostConfig.Binds.0',
          message: 'Host bind mounts are not allowed for your role (setting "allowHostBindMounts"): /etc',
        },
      ]);
    });

    it('refuses a host bind mount hidden in HostConfig.Mounts when host binds are off', () => {
      const body = create({ Mounts: [{ Type: 'bind', Source: '/var/run/docker.sock', Target: '/sock' }] });
      const violations = checkContainerCreate(body, DENY);
      expect(pathsOf(violations)).toEqual(['HostConfig.Mounts.0.Source']);
      expect(violations[0]?.message).toContain('/var/run/docker.sock');
    });

    it('refuses a local volume mount whose driver options bind a host path', () => {
      const body = create({
        Mounts: [
          {
            Type: 'volume',
            Source: 'innocent',
            Target: '/data',
            VolumeOptions: { DriverConfig: { Options: localBindOptions('/root') } },
          },
        ],
      });
      expect(pathsOf(checkContainerCreate(body, DENY))).toEqual([
        'HostConfig.Mounts.0.VolumeOptions.DriverConfig.Options.device',
      ]);
    });

    it('refuses local volume options that mount a host block device or host directories', () => {
      const mount = (Options: Record<string, string>) =>
        create({ Mounts: [{ Type: 'volume', Target: '/d', VolumeOptions: { DriverConfig: { Options } } }] });
      expect(settingsOf(checkContainerCreate(mount({ type: 'ext4', device: '/dev/sda1' }), DENY))).toEqual([
        'allowHostBindMounts',
      ]);
      const overlay = mount({ type: 'overlay', device: 'overlay', o: 'lowerdir=/,upperdir=/u,workdir=/w' });
      expect(settingsOf(checkContainerCreate(overlay, DENY))).toEqual(['allowHostBindMounts']);
      expect(settingsOf(checkContainerCreate(mount({ o: 'rbind', device: '/' }), DENY))).toEqual([
        'allowHostBindMounts',
      ]);
    });

    it('accepts local volume options for NFS, CIFS and tmpfs', () => {
      const mount = (Options: Record<string, string>) =>
        create({ Mounts: [{ Type: 'volume', Target: '/d', VolumeOptions: { DriverConfig: { Options } } }] });
      expect(
        checkContainerCreate(mount({ type: 'nfs', o: 'addr=10.0.0.2,rw', device: ':/export' }), DENY),
      ).toEqual([]);
      expect(checkContainerCreate(mount({ type: 'cifs', device: '//nas/share' }), DENY)).toEqual([]);
      expect(checkContainerCreate(mount({ type: 'tmpfs', device: 'tmpfs', o: 'size=100m' }), DENY)).toEqual(
        [],
      );
    });

    it('refuses options for a volume plugin, whose meaning Berth cannot check', () => {
      const named = create({
        Mounts: [
          {
            Type: 'volume',
            Target: '/d',
            VolumeOptions: { DriverConfig: { Name: 'local-persist', Options: { mountpoint: '/etc' } } },
          },
        ],
      });
      expect(checkContainerCreate(named, DENY)[0]?.message).toContain('volume driver "local-persist"');
      // Without a DriverConfig name the container's VolumeDriver applies.
      const fallback = create({
        VolumeDriver: 'local-persist',
        Mounts: [
          { Type: 'volume', Target: '/d', VolumeOptions: { DriverConfig: { Options: { mountpoint: '/' } } } },
        ],
      });
      expect(settingsOf(checkContainerCreate(fallback, DENY))).toEqual(['allowHostBindMounts']);
    });

    it('accepts named volumes in Binds and Mounts, even with a volume plugin and no options', () => {
      const body = create({
        VolumeDriver: 'rexray',
        Binds: ['data:/data', 'my.vol_1-x:/x:rw,z'],
        Mounts: [
          {
            Type: 'volume',
            Source: 'data',
            Target: '/y',
            VolumeOptions: { DriverConfig: { Name: 'rexray' } },
          },
        ],
      });
      expect(checkContainerCreate(body, DENY)).toEqual([]);
    });

    it('accepts tmpfs mounts and a Binds entry that is only a container path', () => {
      const body = create({ Binds: ['/data'], Mounts: [{ Type: 'tmpfs', Target: '/run' }] });
      expect(checkContainerCreate(body, DENY)).toEqual([]);
    });

    it('refuses npipe, unknown and missing mount types that carry a host source', () => {
      const body = create({
        Mounts: [
          { Type: 'npipe', Source: '\\\\.\\pipe\\docker_engine', Target: '\\\\.\\pipe\\docker_engine' },
          { Type: 'BIND', Source: '/etc', Target: '/e' },
          { Source: '/etc', Target: '/e' },
        ],
      });
      expect(pathsOf(checkContainerCreate(body, DENY))).toEqual([
        'HostConfig.Mounts.0.Source',
        'HostConfig.Mounts.1.Source',
        'HostConfig.Mounts.2.Source',
      ]);
    });

    it('refuses a volume mount whose Source is a path rather than a volume name', () => {
      const body = create({ Mounts: [{ Type: 'volume', Source: '/etc', Target: '/e' }] });
      expect(pathsOf(checkContainerCreate(body, DENY))).toEqual(['HostConfig.Mounts.0.Source']);
    });

    it('refuses a volume subpath that climbs out of the volume', () => {
      const body = create({
        Mounts: [{ Type: 'volume', Source: 'data', Target: '/d', VolumeOptions: { Subpath: 'a/../../..' } }],
      });
      expect(pathsOf(checkContainerCreate(body, DENY))).toEqual([
        'HostConfig.Mounts.0.VolumeOptions.Subpath',
      ]);
    });

    it('refuses Windows host paths in Binds that would otherwise look like a volume named "C"', () => {
      const body = create({ Binds: ['C:\\Windows:C:\\host', '\\\\.\\pipe\\docker_engine:\\\\.\\pipe\\x'] });
      expect(pathsOf(checkContainerCreate(body, DENY))).toEqual(['HostConfig.Binds.0', 'HostConfig.Binds.1']);
    });

    it('refuses host paths in the legacy top-level Volumes map but accepts container paths', () => {
      const body = { Image: 'x', Volumes: { '/data': {}, '/etc:/host-etc': {} } };
      expect(pathsOf(checkContainerCreate(body, DENY))).toEqual(['Volumes./etc:/host-etc']);
    });

    it('refuses VolumesFrom a container with a host bind, and accepts it from one with plain volumes', () => {
      const engine = engineWith({
        'admin-box': { mounts: [{ Type: 'bind', Source: '/etc', Destination: '/host-etc' }] },
        'data-box': {
          mounts: [{ Type: 'volume', Name: 'pgdata', Source: '/var/lib/docker/volumes/pgdata/_data' }],
        },
      });
      expect(checkContainerCreate(create({ VolumesFrom: ['data-box'] }), DENY, engine)).toEqual([]);
      const violations = checkContainerCreate(create({ VolumesFrom: ['admin-box:ro'] }), DENY, engine);
      expect(pathsOf(violations)).toEqual(['HostConfig.VolumesFrom.0']);
      expect(violations[0]?.message).toContain('/etc');
      // One that cannot be looked up is refused, not waved through.
      expect(settingsOf(checkContainerCreate(create({ VolumesFrom: ['gone'] }), DENY, engine))).toEqual([
        'allowHostBindMounts',
      ]);
    });

    it('refuses VolumesFrom a container whose volume is a host directory an admin made', () => {
      const engine = engineWith(
        {
          box: {
            mounts: [{ Type: 'volume', Name: 'etc-vol', Source: '/var/lib/docker/volumes/etc-vol/_data' }],
          },
        },
        { 'etc-vol': { driver: 'local', options: localBindOptions('/etc') } },
      );
      expect(settingsOf(checkContainerCreate(create({ VolumesFrom: ['box'] }), DENY, engine))).toEqual([
        'allowHostBindMounts',
      ]);
    });

    it('refuses mounting an existing volume whose driver options bind a host path, in Binds and Mounts', () => {
      const engine = engineWith({}, { 'etc-vol': { driver: 'local', options: localBindOptions('/etc') } });
      const binds = checkContainerCreate(create({ Binds: ['etc-vol:/data'] }), DENY, engine);
      expect(pathsOf(binds)).toEqual(['HostConfig.Binds.0 (volume "etc-vol" options).device']);
      const mounts = checkContainerCreate(
        create({ Mounts: [{ Type: 'volume', Source: 'etc-vol', Target: '/data' }] }),
        DENY,
        engine,
      );
      expect(settingsOf(mounts)).toEqual(['allowHostBindMounts']);
      // The admin's allow-list covers it as it covers a bind of the same path.
      expect(
        checkContainerCreate(
          create({ Binds: ['etc-vol:/data'] }),
          allow({ bindMountAllowList: ['/etc'] }),
          engine,
        ),
      ).toEqual([]);
      // Unknown (no lookup made): refused as uncheckable.
      expect(
        settingsOf(checkCreateWith(create({ Binds: ['etc-vol:/data'] }), DENY, NO_ENGINE_FACTS)),
      ).toEqual(['allowHostBindMounts']);
    });

    it('reads `/data:ro` as an anonymous read-only volume, as the engine does, not as a bind of /data', () => {
      expect(checkContainerCreate({ Image: 'x', Volumes: { '/data:ro': {} } }, DENY)).toEqual([]);
      expect(checkContainerCreate(create({ Binds: ['/data:ro,Z'] }), DENY)).toEqual([]);
      expect(pathsOf(checkContainerCreate(create({ Binds: ['/data:/in:ro'] }), DENY))).toEqual([
        'HostConfig.Binds.0',
      ]);
      // Not a mode: `/host:data` binds /host at the relative target "data".
      expect(pathsOf(checkContainerCreate(create({ Binds: ['/host:data'] }), DENY))).toEqual([
        'HostConfig.Binds.0',
      ]);
      expect(isMountMode('ro')).toBe(true);
      expect(isMountMode('rw,rshared,Z,nocopy')).toBe(true);
      expect(isMountMode('ro,rw')).toBe(false);
      expect(isMountMode('data')).toBe(false);
      expect(isMountMode('')).toBe(false);
    });
  });

  describe('bind mount allow-list', () => {
    const listed = allow({ bindMountAllowList: ['/srv/data'] });
    const bind = (source: string) => create({ Binds: [`${source}:/mnt`] });
    const mount = (source: string) => create({ Mounts: [{ Type: 'bind', Source: source, Target: '/mnt' }] });
    const volume = (device: string) =>
      create({
        Mounts: [
          {
            Type: 'volume',
            Target: '/mnt',
            VolumeOptions: { DriverConfig: { Options: localBindOptions(device) } },
          },
        ],
      });

    it('allows the prefix itself and paths below it, in Binds, Mounts and local volume options', () => {
      for (const build of [bind, mount, volume]) {
        expect(checkContainerCreate(build('/srv/data'), listed)).toEqual([]);
        expect(checkContainerCreate(build('/srv/data/app/uploads'), listed)).toEqual([]);
        expect(checkContainerCreate(build('//srv//data/./app/'), listed)).toEqual([]);
      }
    });

    it('matches on path-component boundaries: /srv/data does not allow /srv/database or /srv', () => {
      for (const build of [bind, mount, volume]) {
        expect(settingsOf(checkContainerCreate(build('/srv/database'), listed))).toEqual([
          'allowHostBindMounts',
        ]);
        expect(settingsOf(checkContainerCreate(build('/srv/data-old'), listed))).toEqual([
          'allowHostBindMounts',
        ]);
        expect(settingsOf(checkContainerCreate(build('/srv'), listed))).toEqual(['allowHostBindMounts']);
      }
    });

    it('refuses `..` traversal out of an allowed prefix', () => {
      for (const build of [bind, mount, volume]) {
        expect(settingsOf(checkContainerCreate(build('/srv/data/../../etc'), listed))).toEqual([
          'allowHostBindMounts',
        ]);
      }
    });

    it('refuses `..` even when it stays inside the prefix, since a symlink below could redirect it', () => {
      expect(settingsOf(checkContainerCreate(bind('/srv/data/link/..'), listed))).toEqual([
        'allowHostBindMounts',
      ]);
    });

    it('refuses relative paths and ignores allow-list entries that are not absolute', () => {
      expect(settingsOf(checkContainerCreate(mount('srv/data'), listed))).toEqual(['allowHostBindMounts']);
      const sloppy = allow({ bindMountAllowList: ['srv/data', '/srv/data/../..'] });
      expect(settingsOf(checkContainerCreate(bind('/srv/data'), sloppy))).toEqual(['allowHostBindMounts']);
      expect(settingsOf(checkContainerCreate(bind('/etc'), sloppy))).toEqual(['allowHostBindMounts']);
    });

    it('applies to the device of a volume created by POST /volumes/create too', () => {
      expect(checkVolumeCreate({ DriverOpts: localBindOptions('/srv/data/v') }, listed)).toEqual([]);
      expect(
        settingsOf(checkVolumeCreate({ DriverOpts: localBindOptions('/srv/database') }, listed)),
      ).toEqual(['allowHostBindMounts']);
    });
  });

  describe('host namespaces', () => {
    it.each(['NetworkMode', 'PidMode', 'IpcMode', 'UTSMode', 'UsernsMode', 'CgroupnsMode'])(
      'refuses %s=host when off and allows it when on',
      (mode) => {
        const body = create({ [mode]: 'host' });
        expect(checkContainerCreate(body, DENY)).toEqual([
          {
            setting: 'allowHostNamespaces',
            path: `HostConfig.${mode}`,
            message: `Host namespaces are not allowed for your role (setting "allowHostNamespaces"): ${mode}=host`,
          },
        ]);
        expect(checkContainerCreate(body, allow({ allowHostNamespaces: true }))).toEqual([]);
      },
    );

    it('refuses joining the namespace of a container that runs in the host’s, directly or through a chain', () => {
      const engine = engineWith({
        NetworkMode: { hostConfig: { NetworkMode: 'host' } },
        PidMode: { hostConfig: { PidMode: 'host' } },
        IpcMode: { hostConfig: { IpcMode: 'host' } },
        hostnet: { hostConfig: { NetworkMode: 'host' } },
        relay: { hostConfig: { NetworkMode: 'container:hostnet' } },
        plain: { hostConfig: { NetworkMode: 'bridge' } },
      });
      for (const mode of ['NetworkMode', 'PidMode', 'IpcMode']) {
        const violations = checkContainerCreate(create({ [mode]: `container:${mode}` }), DENY, engine);
        expect(pathsOf(violations), mode).toEqual([`HostConfig.${mode}`]);
        expect(violations[0]?.message).toContain(`${mode}=host`);
      }
      expect(pathsOf(checkContainerCreate(create({ NetworkMode: 'container:relay' }), DENY, engine))).toEqual(
        ['HostConfig.NetworkMode'],
      );
      expect(checkContainerCreate(create({ NetworkMode: 'container:plain' }), DENY, engine)).toEqual([]);
      expect(
        checkContainerCreate(
          create({ NetworkMode: 'container:hostnet' }),
          allow({ allowHostNamespaces: true }),
          engine,
        ),
      ).toEqual([]);
      expect(
        settingsOf(checkContainerCreate(create({ NetworkMode: 'container:nobody' }), DENY, engine)),
      ).toEqual(['allowHostNamespaces']);
    });

    it('refuses a PID join into a container this user could not have made (its files are reachable)', () => {
      const engine = engineWith({
        privileged: { hostConfig: { Privileged: true } },
        binder: { mounts: [{ Type: 'bind', Source: '/root', Destination: '/r' }] },
      });
      expect(
        settingsOf(checkContainerCreate(create({ PidMode: 'container:privileged' }), DENY, engine)),
      ).toEqual(['allowPrivileged']);
      expect(settingsOf(checkContainerCreate(create({ PidMode: 'container:binder' }), DENY, engine))).toEqual(
        ['allowHostBindMounts'],
      );
      // The network namespace of a privileged container is its own: nothing of the host in it.
      expect(checkContainerCreate(create({ NetworkMode: 'container:privileged' }), DENY, engine)).toEqual([]);
    });

    it('stops following a cycle of joins', () => {
      const engine = engineWith({
        a: { hostConfig: { NetworkMode: 'container:b' } },
        b: { hostConfig: { NetworkMode: 'container:a' } },
      });
      expect(settingsOf(checkContainerCreate(create({ NetworkMode: 'container:a' }), DENY, engine))).toEqual([
        'allowHostNamespaces',
      ]);
    });

    it('lists every container and volume a body refers to', () => {
      expect(
        policyReferences(
          create({
            NetworkMode: 'container:n1',
            PidMode: 'container:p1',
            VolumesFrom: ['v1:ro'],
            Binds: ['vol1:/a', '/host:/b', '/anon:ro'],
            Mounts: [{ Type: 'volume', Source: 'vol2', Target: '/c' }],
          }),
        ),
      ).toEqual({ containers: ['n1', 'p1', 'v1'], volumes: ['vol1', 'vol2'] });
    });

    it('accepts container:<id>, private, bridge and user-defined modes', () => {
      const body = create({
        NetworkMode: 'container:abc123',
        PidMode: 'container:abc123',
        IpcMode: 'shareable',
        UTSMode: '',
        UsernsMode: 'private',
        CgroupnsMode: 'private',
      });
      expect(checkContainerCreate(body, DENY)).toEqual([]);
      expect(checkContainerCreate(create({ NetworkMode: 'my-hostname-net' }), DENY)).toEqual([]);
    });

    it('refuses the host network named in NetworkingConfig, by key or by NetworkID', () => {
      const body = {
        Image: 'x',
        NetworkingConfig: { EndpointsConfig: { host: {}, innocent: { NetworkID: 'host' } } },
      };
      expect(pathsOf(checkContainerCreate(body, DENY))).toEqual([
        'NetworkingConfig.EndpointsConfig.host',
        'NetworkingConfig.EndpointsConfig.innocent.NetworkID',
      ]);
    });
  });

  describe('capabilities', () => {
    it('refuses CapAdd given as a list or, as the engine also accepts, a single string', () => {
      expect(settingsOf(checkContainerCreate(create({ CapAdd: ['NET_ADMIN', 'SYS_PTRACE'] }), DENY))).toEqual(
        ['allowCapabilities'],
      );
      expect(settingsOf(checkContainerCreate(create({ CapAdd: 'SYS_ADMIN' }), DENY))).toEqual([
        'allowCapabilities',
      ]);
    });

    it('refuses the older Capabilities list, which replaces the default set', () => {
      expect(settingsOf(checkContainerCreate(create({ Capabilities: ['CAP_SYS_ADMIN'] }), DENY))).toEqual([
        'allowCapabilities',
      ]);
    });

    it('always accepts CapDrop and an empty CapAdd', () => {
      expect(checkContainerCreate(create({ CapAdd: [], CapDrop: ['ALL'] }), DENY)).toEqual([]);
      expect(checkContainerCreate(create({ CapAdd: null }), DENY)).toEqual([]);
    });
  });

  describe('devices, sysctls and security options', () => {
    it('accepts empty Devices, DeviceRequests, DeviceCgroupRules, Sysctls and SecurityOpt', () => {
      const body = create({
        Devices: [],
        DeviceRequests: [],
        DeviceCgroupRules: [],
        Sysctls: {},
        SecurityOpt: [],
      });
      expect(checkContainerCreate(body, DENY)).toEqual([]);
    });

    it('names the refused device paths, sysctls and options in the message', () => {
      const body = create({
        Devices: [{ PathOnHost: '/dev/kvm', PathInContainer: '/dev/kvm' }],
        Sysctls: { 'kernel.shm_rmid_forced': '1' },
        SecurityOpt: ['apparmor=unconfined'],
      });
      const messages = checkContainerCreate(body, DENY).map((violation) => violation.message);
      expect(messages).toEqual([
        'Host devices are not allowed for your role (setting "allowDevices"): /dev/kvm',
        'Sysctls are not allowed for your role (setting "allowSysctls"): kernel.shm_rmid_forced',
        'Relaxed security options are not allowed for your role (setting "allowSecurityOpt"): apparmor=unconfined',
      ]);
    });

    it('refuses MaskedPaths and ReadonlyPaths, which unmask /proc (systempaths=unconfined)', () => {
      const body = create({ MaskedPaths: [], ReadonlyPaths: [] });
      expect(pathsOf(checkContainerCreate(body, DENY))).toEqual([
        'HostConfig.MaskedPaths',
        'HostConfig.ReadonlyPaths',
      ]);
      expect(checkContainerCreate(body, allow({ allowSecurityOpt: true }))).toEqual([]);
    });
  });

  describe('reads the body as the engine does', () => {
    it('checks HostConfig fields at the top level, which the engine reads when HostConfig is absent', () => {
      const body = { Image: 'x', Privileged: true, Binds: ['/:/host'], NetworkMode: 'host' };
      expect(pathsOf(checkContainerCreate(body, DENY))).toEqual(['Privileged', 'Binds.0', 'NetworkMode']);
      expect(pathsOf(checkContainerCreate({ ...body, HostConfig: null }, DENY))).toHaveLength(3);
    });

    it('matches keys case-insensitively, as Go does, and checks every spelling present', () => {
      const body = {
        Image: 'x',
        HostConfig: { Memory: 1 },
        hostconfig: { privileged: true, binds: ['/:/host'] },
        HOSTCONFIG: { MOUNTS: [{ type: 'bind', source: '/etc', target: '/e' }] },
      };
      expect(pathsOf(checkContainerCreate(body, DENY))).toEqual([
        'hostconfig.privileged',
        'hostconfig.binds.0',
        'HOSTCONFIG.MOUNTS.0.source',
      ]);
    });

    it('folds the Unicode letters Go folds onto ASCII: long s, Kelvin sign, dotless i', () => {
      const body = {
        Image: 'x',
        HostConfig: { Bindſ: ['/:/host'], NetworKMode: 'host', prıvıleged: true, PRİVİLEGED: true },
      };
      expect(settingsOf(checkContainerCreate(body, DENY))).toEqual([
        'allowPrivileged',
        'allowPrivileged',
        'allowHostBindMounts',
        'allowHostNamespaces',
      ]);
    });
  });

  it('reports every violation together, not just the first', () => {
    const body = create({
      Privileged: true,
      Binds: ['/:/host', '/etc:/etc2', 'named:/ok'],
      Mounts: [{ Type: 'bind', Source: '/root', Target: '/r' }],
      NetworkMode: 'host',
      PidMode: 'host',
      CapAdd: ['SYS_ADMIN'],
      Devices: [{ PathOnHost: '/dev/mem' }],
      Sysctls: { 'kernel.core_pattern': '|/evil' },
      SecurityOpt: ['seccomp=unconfined'],
    });
    const violations = checkContainerCreate(body, DENY);
    expect(pathsOf(violations)).toEqual([
      'HostConfig.Privileged',
      'HostConfig.Binds.0',
      'HostConfig.Binds.1',
      'HostConfig.Mounts.0.Source',
      'HostConfig.NetworkMode',
      'HostConfig.PidMode',
      'HostConfig.CapAdd',
      'HostConfig.Devices',
      'HostConfig.Sysctls',
      'HostConfig.SecurityOpt',
    ]);
    expect(new Set(settingsOf(violations))).toEqual(
      new Set([
        'allowPrivileged',
        'allowHostBindMounts',
        'allowHostNamespaces',
        'allowCapabilities',
        'allowDevices',
        'allowSysctls',
        'allowSecurityOpt',
      ]),
    );
  });

  it('never throws on garbage and finds nothing in it', () => {
    const garbage: unknown[] = [
      null,
      undefined,
      42,
      'HostConfig',
      [],
      [{ HostConfig: { Privileged: true } }],
      {},
      { HostConfig: null },
      { HostConfig: 'privileged' },
      { HostConfig: [] },
      { HostConfig: { Binds: '/etc:/etc', Mounts: { 0: { Type: 'bind' } } } },
      {
        HostConfig: {
          Binds: [null, 1, {}, []],
          Mounts: [null, 'bind', 7, [], { Type: 5 }, { Type: 'bind' }],
        },
      },
      { HostConfig: { CapAdd: 7, Devices: {}, Sysctls: ['a'], SecurityOpt: 'x', NetworkMode: 1 } },
      { Volumes: ['/etc:/etc'], NetworkingConfig: { EndpointsConfig: ['host'] } },
      {
        HostConfig: { Mounts: [{ Type: 'volume', VolumeOptions: { DriverConfig: { Options: ['bind'] } } }] },
      },
      Object.create(null),
    ];
    for (const body of garbage) expect(checkContainerCreate(body, DENY)).toEqual([]);
  });

  it('treats a malformed setting as off rather than on', () => {
    const malformed = {
      ...DENY,
      allowPrivileged: 'false',
      bindMountAllowList: '/',
    } as unknown as SecuritySettings;
    expect(
      settingsOf(checkContainerCreate(create({ Privileged: true, Binds: ['/:/h'] }), malformed)),
    ).toEqual(['allowPrivileged', 'allowHostBindMounts']);
  });
});

describe('checkContainerUpdate', () => {
  it('accepts resource changes', () => {
    expect(
      checkContainerUpdate({ Memory: 1_000_000, NanoCpus: 1e9, RestartPolicy: { Name: 'always' } }, DENY),
    ).toEqual([]);
  });

  it('refuses Devices, DeviceRequests and DeviceCgroupRules when devices are off', () => {
    const body = {
      Devices: [{ PathOnHost: '/dev/sda', PathInContainer: '/dev/sda', CgroupPermissions: 'rwm' }],
      DeviceRequests: [{ Capabilities: [['gpu']] }],
      DeviceCgroupRules: ['b 8:* rwm'],
    };
    const violations = checkContainerUpdate(body, DENY);
    expect(pathsOf(violations)).toEqual(['Devices', 'DeviceRequests', 'DeviceCgroupRules']);
    expect(settingsOf(violations)).toEqual(['allowDevices', 'allowDevices', 'allowDevices']);
    expect(checkContainerUpdate(body, allow({ allowDevices: true }))).toEqual([]);
  });

  it('never throws on garbage', () => {
    for (const body of [null, 'x', [], { Devices: 'x' }, { devices: [null] }]) {
      expect(() => checkContainerUpdate(body, DENY)).not.toThrow();
    }
  });
});

describe('checkExecCreate', () => {
  it('accepts an exec as the container’s own user', () => {
    expect(checkExecCreate({ Cmd: ['sh'], AttachStdin: true, Tty: true, User: '' }, DENY)).toEqual([]);
    expect(checkExecCreate({ Cmd: ['sh'], Privileged: false }, DENY)).toEqual([]);
  });

  it('refuses a privileged exec when off and allows it when on', () => {
    expect(checkExecCreate({ Cmd: ['sh'], Privileged: true }, DENY)).toEqual([
      {
        setting: 'allowPrivileged',
        path: 'Privileged',
        message: 'Privileged mode is not allowed for your role (setting "allowPrivileged"): Privileged=true',
      },
    ]);
    expect(checkExecCreate({ Cmd: ['sh'], Privileged: true }, allow({ allowPrivileged: true }))).toEqual([]);
  });

  it('refuses choosing the user when off and allows it when on', () => {
    for (const User of ['root', '0', '0:0', 'nobody']) {
      expect(settingsOf(checkExecCreate({ Cmd: ['sh'], User }, DENY))).toEqual(['allowExecUser']);
      expect(checkExecCreate({ Cmd: ['sh'], User }, allow({ allowExecUser: true }))).toEqual([]);
    }
    expect(checkExecCreate({ Cmd: ['sh'], user: 'root' }, DENY)[0]?.message).toBe(
      'Choosing the exec user is not allowed for your role (setting "allowExecUser"): User=root',
    );
  });

  it('reports a privileged root exec as two violations', () => {
    expect(settingsOf(checkExecCreate({ Privileged: true, User: 'root' }, DENY))).toEqual([
      'allowPrivileged',
      'allowExecUser',
    ]);
    expect(checkExecCreate({ Privileged: true, User: 'root' }, ALLOW_ALL)).toEqual([]);
  });

  it('never throws on garbage', () => {
    for (const body of [null, undefined, 'root', [], [{ User: 'root' }], { User: 0, Privileged: 'yes' }]) {
      expect(checkExecCreate(body, DENY)).toEqual([]);
    }
  });
});

describe('checkVolumeCreate', () => {
  it('accepts a plain volume and local NFS/tmpfs volumes', () => {
    expect(checkVolumeCreate({ Name: 'data' }, DENY)).toEqual([]);
    expect(checkVolumeCreate({ Name: 'data', Driver: 'local', DriverOpts: {} }, DENY)).toEqual([]);
    expect(
      checkVolumeCreate(
        { Driver: 'local', DriverOpts: { type: 'nfs', o: 'addr=10.0.0.2', device: ':/srv' } },
        DENY,
      ),
    ).toEqual([]);
    expect(checkVolumeCreate({ DriverOpts: { type: 'tmpfs', device: 'tmpfs', o: 'size=1g' } }, DENY)).toEqual(
      [],
    );
  });

  it('refuses a local volume that binds a host path, with or without an explicit driver', () => {
    for (const Driver of [undefined, '', 'local']) {
      const violations = checkVolumeCreate({ Name: 'v', Driver, DriverOpts: localBindOptions('/etc') }, DENY);
      expect(violations).toEqual([
        {
          setting: 'allowHostBindMounts',
          path: 'DriverOpts.device',
          message: 'Host bind mounts are not allowed for your role (setting "allowHostBindMounts"): /etc',
        },
      ]);
    }
  });

  it('refuses `o` containing bind, and type none with a device', () => {
    expect(pathsOf(checkVolumeCreate({ DriverOpts: { o: 'rbind,ro', device: '/' } }, DENY))).toEqual([
      'DriverOpts.device',
    ]);
    expect(pathsOf(checkVolumeCreate({ DriverOpts: { type: 'none', device: '/var/lib' } }, DENY))).toEqual([
      'DriverOpts.device',
    ]);
  });

  it('refuses a local volume on a host block device', () => {
    expect(
      settingsOf(checkVolumeCreate({ DriverOpts: { type: 'xfs', device: '/dev/nvme0n1p1' } }, DENY)),
    ).toEqual(['allowHostBindMounts']);
  });

  it('refuses options for a volume plugin but accepts the plugin without options', () => {
    expect(
      settingsOf(checkVolumeCreate({ Driver: 'local-persist', DriverOpts: { mountpoint: '/' } }, DENY)),
    ).toEqual(['allowHostBindMounts']);
    expect(checkVolumeCreate({ Driver: 'rexray/ebs' }, DENY)).toEqual([]);
  });

  it('allows all of it when host bind mounts are on', () => {
    expect(
      checkVolumeCreate({ DriverOpts: localBindOptions('/etc') }, allow({ allowHostBindMounts: true })),
    ).toEqual([]);
    expect(checkVolumeCreate({ DriverOpts: { type: 'ext4', device: '/dev/sdb' } }, ALLOW_ALL)).toEqual([]);
  });

  it('never throws on garbage', () => {
    for (const body of [null, 1, 'x', [], { DriverOpts: null }, { DriverOpts: ['o=bind'] }, { Driver: 5 }]) {
      expect(checkVolumeCreate(body, DENY)).toEqual([]);
    }
  });
});

describe('checkServiceSpec', () => {
  const service = (containerSpec: Record<string, unknown>, template: Record<string, unknown> = {}) => ({
    Name: 'web',
    TaskTemplate: { ContainerSpec: { Image: 'nginx', ...containerSpec }, ...template },
    Mode: { Replicated: { Replicas: 2 } },
  });

  it('accepts an ordinary service with volume and tmpfs mounts on an overlay network', () => {
    const body = service(
      {
        Mounts: [
          { Type: 'volume', Source: 'web-data', Target: '/data' },
          { Type: 'tmpfs', Target: '/tmp' },
        ],
        CapabilityDrop: ['NET_RAW'],
        Privileges: { NoNewPrivileges: true, Seccomp: { Mode: 'default' }, AppArmor: { Mode: 'default' } },
      },
      { Networks: [{ Target: 'frontend' }], Resources: { Limits: { MemoryBytes: 1e8 } } },
    );
    expect(checkServiceSpec(body, DENY)).toEqual([]);
  });

  it('refuses a bind mount in the ContainerSpec and honours the allow-list', () => {
    const body = service({ Mounts: [{ Type: 'bind', Source: '/var/run/docker.sock', Target: '/s' }] });
    expect(checkServiceSpec(body, DENY)).toEqual([
      {
        setting: 'allowHostBindMounts',
        path: 'TaskTemplate.ContainerSpec.Mounts.0.Source',
        message:
          'Host bind mounts are not allowed for your role (setting "allowHostBindMounts"): /var/run/docker.sock',
      },
    ]);
    expect(checkServiceSpec(body, allow({ allowHostBindMounts: true }))).toEqual([]);
    expect(checkServiceSpec(body, allow({ bindMountAllowList: ['/var/run'] }))).toEqual([]);
    expect(settingsOf(checkServiceSpec(body, allow({ bindMountAllowList: ['/var/runner'] })))).toEqual([
      'allowHostBindMounts',
    ]);
  });

  it('refuses a service volume whose local driver options bind a host path', () => {
    const body = service({
      Mounts: [
        {
          Type: 'volume',
          Target: '/d',
          VolumeOptions: { DriverConfig: { Name: 'local', Options: localBindOptions('/') } },
        },
      ],
    });
    expect(pathsOf(checkServiceSpec(body, DENY))).toEqual([
      'TaskTemplate.ContainerSpec.Mounts.0.VolumeOptions.DriverConfig.Options.device',
    ]);
  });

  it('refuses CapabilityAdd when off and allows it when on', () => {
    const body = service({ CapabilityAdd: ['CAP_SYS_ADMIN'] });
    expect(settingsOf(checkServiceSpec(body, DENY))).toEqual(['allowCapabilities']);
    expect(checkServiceSpec(body, allow({ allowCapabilities: true }))).toEqual([]);
  });

  it('refuses Sysctls when off and allows them when on', () => {
    const body = service({ Sysctls: { 'net.core.somaxconn': '1024' } });
    expect(settingsOf(checkServiceSpec(body, DENY))).toEqual(['allowSysctls']);
    expect(checkServiceSpec(body, allow({ allowSysctls: true }))).toEqual([]);
  });

  it('refuses relaxed Privileges: SELinux disabled, seccomp unconfined, AppArmor disabled, credential specs', () => {
    const body = service({
      Privileges: {
        SELinuxContext: { Disable: true },
        Seccomp: { Mode: 'unconfined' },
        AppArmor: { Mode: 'disabled' },
        CredentialSpec: { Config: 'gmsa' },
      },
    });
    const violations = checkServiceSpec(body, DENY);
    expect(pathsOf(violations)).toEqual([
      'TaskTemplate.ContainerSpec.Privileges.CredentialSpec',
      'TaskTemplate.ContainerSpec.Privileges.SELinuxContext',
      'TaskTemplate.ContainerSpec.Privileges.Seccomp.Mode',
      'TaskTemplate.ContainerSpec.Privileges.AppArmor.Mode',
    ]);
    expect(new Set(settingsOf(violations))).toEqual(new Set(['allowSecurityOpt']));
    expect(checkServiceSpec(body, allow({ allowSecurityOpt: true }))).toEqual([]);
  });

  it('refuses a custom seccomp profile and a custom SELinux type', () => {
    const body = service({
      Privileges: { Seccomp: { Mode: 'custom', Profile: 'eyJ9' }, SELinuxContext: { Type: 'spc_t' } },
    });
    expect(checkServiceSpec(body, DENY)).toHaveLength(3);
  });

  it('accepts empty Privileges sub-objects', () => {
    const body = service({
      Privileges: { CredentialSpec: null, SELinuxContext: { Disable: false, User: '' } },
    });
    expect(checkServiceSpec(body, DENY)).toEqual([]);
  });

  it('refuses the host network in TaskTemplate.Networks and the deprecated top-level Networks', () => {
    const body = { ...service({}, { Networks: [{ Target: 'host' }] }), Networks: [{ Target: 'host' }] };
    expect(pathsOf(checkServiceSpec(body, DENY))).toEqual([
      'TaskTemplate.Networks.0.Target',
      'Networks.0.Target',
    ]);
    expect(checkServiceSpec(body, allow({ allowHostNamespaces: true }))).toEqual([]);
  });

  it('refuses generic resources such as GPUs when devices are off', () => {
    const body = service(
      {},
      {
        Resources: {
          Reservations: { GenericResources: [{ DiscreteResourceSpec: { Kind: 'gpu', Value: 1 } }] },
        },
      },
    );
    expect(pathsOf(checkServiceSpec(body, DENY))).toEqual([
      'TaskTemplate.Resources.Reservations.GenericResources',
    ]);
    expect(checkServiceSpec(body, allow({ allowDevices: true }))).toEqual([]);
  });

  it('refuses plugin services, which install a plugin with the privileges it asks for', () => {
    const body = {
      Name: 'p',
      TaskTemplate: {
        Runtime: 'plugin',
        PluginSpec: { Name: 'evil', Remote: 'evil/plugin', Privileges: [] },
      },
    };
    expect(pathsOf(checkServiceSpec(body, DENY))).toEqual([
      'TaskTemplate.PluginSpec',
      'TaskTemplate.Runtime',
    ]);
    expect(checkServiceSpec(body, allow({ allowPrivileged: true }))).toEqual([]);
  });

  it('reports every violation in a service spec together', () => {
    const body = service(
      {
        Mounts: [{ Type: 'bind', Source: '/', Target: '/host' }],
        CapabilityAdd: ['SYS_ADMIN'],
        Sysctls: { 'kernel.x': '1' },
        Privileges: { AppArmor: { Mode: 'disabled' } },
      },
      { Networks: [{ Target: 'host' }] },
    );
    expect(settingsOf(checkServiceSpec(body, DENY))).toEqual([
      'allowHostBindMounts',
      'allowSecurityOpt',
      'allowCapabilities',
      'allowSysctls',
      'allowHostNamespaces',
    ]);
    expect(checkServiceSpec(body, ALLOW_ALL)).toEqual([]);
  });

  it('matches ServiceSpec keys case-insensitively too', () => {
    const body = {
      taskTemplate: { containerSpec: { mounts: [{ type: 'bind', source: '/etc', target: '/e' }] } },
    };
    expect(pathsOf(checkServiceSpec(body, DENY))).toEqual(['taskTemplate.containerSpec.mounts.0.source']);
  });

  it('never throws on garbage', () => {
    const garbage: unknown[] = [
      null,
      'spec',
      [],
      { TaskTemplate: null },
      { TaskTemplate: [] },
      { TaskTemplate: { ContainerSpec: 'x', Networks: 'host', Resources: [] } },
      { TaskTemplate: { ContainerSpec: { Mounts: {}, Privileges: [], CapabilityAdd: 1 } } },
      { TaskTemplate: { Networks: [null, 'host', { Target: 1 }] }, Networks: {} },
    ];
    for (const body of garbage) expect(checkServiceSpec(body, DENY)).toEqual([]);
  });
});

describe('DEFAULT_SECURITY_SETTINGS', () => {
  it('refuses every kind of request the settings guard', () => {
    const refused = [
      ...REFUSED_CREATES.flatMap(([, , body]) =>
        settingsOf(checkContainerCreate(body, DEFAULT_SECURITY_SETTINGS)),
      ),
      ...settingsOf(
        checkContainerUpdate({ Devices: [{ PathOnHost: '/dev/sda' }] }, DEFAULT_SECURITY_SETTINGS),
      ),
      ...settingsOf(checkExecCreate({ Privileged: true, User: 'root' }, DEFAULT_SECURITY_SETTINGS)),
      ...settingsOf(checkVolumeCreate({ DriverOpts: localBindOptions('/') }, DEFAULT_SECURITY_SETTINGS)),
      ...settingsOf(
        checkServiceSpec(
          {
            TaskTemplate: {
              ContainerSpec: {
                Mounts: [{ Type: 'bind', Source: '/', Target: '/h' }],
                CapabilityAdd: ['ALL'],
              },
            },
          },
          DEFAULT_SECURITY_SETTINGS,
        ),
      ),
    ];
    expect(new Set(refused)).toEqual(
      new Set([
        'allowPrivileged',
        'allowHostBindMounts',
        'allowHostNamespaces',
        'allowCapabilities',
        'allowDevices',
        'allowSysctls',
        'allowSecurityOpt',
        'allowExecUser',
      ]),
    );
  });
});

describe('isHostPathAllowed', () => {
  it('matches whole path components only', () => {
    expect(isHostPathAllowed('/srv/data', ['/srv/data'])).toBe(true);
    expect(isHostPathAllowed('/srv/data/x', ['/srv/data/'])).toBe(true);
    expect(isHostPathAllowed('/srv/database', ['/srv/data'])).toBe(false);
    expect(isHostPathAllowed('/srv/data/../../etc', ['/srv/data'])).toBe(false);
    expect(isHostPathAllowed('/etc', [])).toBe(false);
  });
});

describe('assertAllowed', () => {
  it('does nothing when there is no violation', () => {
    expect(() => assertAllowed([])).not.toThrow();
  });

  it('throws a PolicyError carrying every violation and the settings involved', () => {
    const violations = checkContainerCreate(create({ Privileged: true, Binds: ['/:/h', '/etc:/e'] }), DENY);
    let caught: unknown;
    try {
      assertAllowed(violations);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(PolicyError);
    expect(caught).toBeInstanceOf(Error);
    const error = caught as PolicyError;
    expect(error.name).toBe('PolicyError');
    expect(error.violations).toEqual(violations);
    expect(error.settings).toEqual(['allowPrivileged', 'allowHostBindMounts']);
    expect(error.message).toContain('setting "allowPrivileged"');
    expect(error.message).toContain('setting "allowHostBindMounts"');
  });
});
