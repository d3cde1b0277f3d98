import { describe, expect, it } from 'vitest';
import { containerFormSchema } from '@/lib/containers/form';
import {
  formatBytes,
  formatCpus,
  formatDuration,
  type ImageConfigLike,
  type InspectLike,
  linkSpec,
  mountSpec,
  portsFromBindings,
  settingsFromInspect,
} from '@/lib/containers/from-inspect';
import { parseMount } from '@/lib/containers/run-specs';

const ID = 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00';

/** What the engine answers for a plain `docker create --name web app:1` (20.10, cgroup v1). */
function plain(
  overrides: { Config?: object; HostConfig?: object; NetworkSettings?: object } = {},
): InspectLike {
  return {
    Id: ID,
    Name: '/web',
    State: { Running: false },
    Config: {
      Hostname: ID.slice(0, 12),
      Domainname: '',
      User: '',
      AttachStdin: false,
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
      OpenStdin: false,
      Env: ['PATH=/bin'],
      Cmd: ['/bin/sh'],
      Image: 'app:1',
      Volumes: null,
      WorkingDir: '',
      Entrypoint: null,
      Labels: {},
      ...overrides.Config,
    },
    HostConfig: {
      Binds: null,
      LogConfig: { Type: 'json-file', Config: {} },
      NetworkMode: 'default',
      PortBindings: {},
      RestartPolicy: { Name: 'no', MaximumRetryCount: 0 },
      CgroupnsMode: 'host',
      Dns: [],
      IpcMode: 'private',
      ShmSize: 64 * 1024 * 1024,
      Runtime: 'runc',
      MemorySwappiness: null,
      PidsLimit: null,
      OomKillDisable: false,
      Init: null,
      ...overrides.HostConfig,
    },
    NetworkSettings: {
      Networks: { bridge: { Aliases: null, IPAMConfig: null, Links: null } },
      ...overrides.NetworkSettings,
    },
  };
}
const IMAGE: ImageConfigLike = { Env: ['PATH=/bin'], Cmd: ['/bin/sh'] };
const DAEMON = { loggingDriver: 'json-file', cgroupVersion: '1', defaultRuntime: 'runc' };

describe('settingsFromInspect', () => {
  it('reads a plain create back as just its image and name: what the engine filled in stays out', () => {
    const { form, extraNetworks, notes } = settingsFromInspect(plain(), IMAGE, DAEMON);
    expect(form).toEqual({ image: 'app:1', name: 'web', start: false });
    expect(extraNetworks).toEqual([]);
    expect(notes).toEqual([]);
  });

  it("takes the image's defaults out, so a newer image brings its own", () => {
    const image: ImageConfigLike = {
      Env: ['PATH=/bin', 'MODE=prod'],
      Cmd: ['serve'],
      Entrypoint: ['/entry'],
      WorkingDir: '/srv',
      User: 'app',
      Labels: { vendor: 'acme', tier: 'web' },
      ExposedPorts: { '8080/tcp': {} },
      Volumes: { '/var/lib/app': {} },
      StopSignal: 'SIGQUIT',
      Healthcheck: { Test: ['CMD', 'true'], Interval: 30e9 },
    };
    const { form } = settingsFromInspect(
      plain({
        Config: {
          Env: ['PATH=/bin', 'MODE=dev', 'EXTRA=1'],
          Cmd: ['serve'],
          Entrypoint: ['/entry'],
          WorkingDir: '/srv',
          User: 'app',
          Labels: { vendor: 'acme', tier: 'api', mine: 'yes' },
          ExposedPorts: { '8080/tcp': {}, '9000/udp': {} },
          Volumes: { '/var/lib/app': {}, '/cache': {} },
          StopSignal: 'SIGQUIT',
          Healthcheck: { Test: ['CMD', 'true'], Interval: 30e9 },
        },
      }),
      image,
      DAEMON,
    );
    expect(form).toEqual({
      image: 'app:1',
      name: 'web',
      start: false,
      env: ['MODE=dev', 'EXTRA=1'],
      labels: ['tier=api', 'mine=yes'],
      expose: ['9000/udp'],
      volumes: ['/cache'],
    });
  });

  it('keeps the command with an own entrypoint, and clears an image entrypoint as --entrypoint ""', () => {
    const image: ImageConfigLike = { Entrypoint: ['/entry'], Cmd: ['serve'] };
    expect(
      settingsFromInspect(plain({ Config: { Entrypoint: ['/bin/echo'], Cmd: ['serve'] } }), image, DAEMON)
        .form,
    ).toMatchObject({ entrypoint: ['/bin/echo'], command: ['serve'] });
    expect(
      settingsFromInspect(plain({ Config: { Entrypoint: null, Cmd: ['sleep', '5'] } }), image, DAEMON).form,
    ).toMatchObject({ entrypoint: [''], command: ['sleep', '5'] });
    // The image's entrypoint given again without a command: the engine took no command from the image.
    expect(
      settingsFromInspect(plain({ Config: { Entrypoint: ['/entry'], Cmd: null } }), image, DAEMON).form,
    ).toMatchObject({
      entrypoint: ['/entry'],
    });
    const other = settingsFromInspect(
      plain({ Config: { Entrypoint: ['/entry'], Cmd: ['other'] } }),
      image,
      DAEMON,
    ).form;
    expect(other.command).toEqual(['other']);
    expect(other.entrypoint).toBeUndefined();
  });

  it('reads port bindings back as -p values: ranges, addresses, protocols, ephemeral and host ranges', () => {
    const bindings = {
      '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8100' }],
      '81/tcp': [{ HostIp: '127.0.0.1', HostPort: '8101' }],
      '82/tcp': [{ HostIp: '127.0.0.1', HostPort: '8102' }],
      '443/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }],
      '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '8103-8110' }],
      '53/udp': [
        { HostIp: '127.0.0.1', HostPort: '1053' },
        { HostIp: '::1', HostPort: '1053' },
      ],
      '90/udp': [{ HostIp: '::1', HostPort: '9000' }],
      '5000/tcp': [{ HostIp: '', HostPort: '5000' }],
      '7/sctp': [{ HostIp: '', HostPort: '' }],
    };
    expect(portsFromBindings(bindings)).toEqual([
      '7/sctp',
      '127.0.0.1:8100-8102:80-82',
      '127.0.0.1::443',
      '5000:5000',
      '127.0.0.1:8103-8110:8080',
      '127.0.0.1:1053:53/udp',
      '[::1]:1053:53/udp',
      '[::1]:9000:90/udp',
    ]);
    const { form } = settingsFromInspect(
      plain({
        Config: { ExposedPorts: Object.fromEntries(Object.keys(bindings).map((k) => [k, {}])) },
        HostConfig: { PortBindings: bindings },
      }),
      IMAGE,
      DAEMON,
    );
    expect(form.expose).toBeUndefined();
    expect(containerFormSchema.safeParse(form).success).toBe(true);
  });

  it('renders --mount values that parse back to the same Engine mount', () => {
    const mounts = [
      { Type: 'volume', Target: '/anon' },
      {
        Type: 'bind',
        Source: '/tmp',
        Target: '/app',
        ReadOnly: true,
        BindOptions: { Propagation: 'rslave' },
      },
      { Type: 'tmpfs', Target: '/scratch', TmpfsOptions: { SizeBytes: 64 * 1024 * 1024, Mode: 0o1770 } },
      {
        Type: 'volume',
        Source: 'data',
        Target: '/data',
        VolumeOptions: {
          NoCopy: true,
          Labels: { team: 'web', 'odd,key': 'a"b' },
          DriverConfig: { Name: 'local', Options: { type: 'tmpfs', o: 'size=1m,uid=1000' } },
        },
      },
    ];
    for (const mount of mounts) expect(parseMount(mountSpec(mount))).toEqual(mount);
    expect(mountSpec(mounts[2] ?? {})).toBe('type=tmpfs,target=/scratch,tmpfs-size=67108864,tmpfs-mode=1770');
  });

  it('reads the health check field by field against the image, and NONE as --no-healthcheck', () => {
    const image: ImageConfigLike = {
      ...IMAGE,
      Healthcheck: { Test: ['CMD-SHELL', 'curl -f localhost'], Interval: 30e9, Retries: 3 },
    };
    const changed = settingsFromInspect(
      plain({
        Config: {
          Healthcheck: {
            Test: ['CMD-SHELL', 'curl -f localhost'],
            Interval: 5e9,
            Timeout: 500e6,
            StartPeriod: 90e9,
            Retries: 3,
          },
        },
      }),
      image,
      DAEMON,
    ).form;
    expect(changed).toMatchObject({
      healthInterval: '5s',
      healthTimeout: '500ms',
      healthStartPeriod: '1m30s',
    });
    expect(changed.healthCmd).toBeUndefined();
    expect(changed.healthRetries).toBeUndefined();
    expect(
      settingsFromInspect(plain({ Config: { Healthcheck: { Test: ['NONE'] } } }), image, DAEMON).form
        .noHealthcheck,
    ).toBe(true);
    const own = settingsFromInspect(
      plain({ Config: { Healthcheck: { Test: ['CMD-SHELL', 'exit 0'], Retries: 10 } } }),
      IMAGE,
      DAEMON,
    );
    expect(own.form).toMatchObject({ healthCmd: 'exit 0', healthRetries: '10' });
    const exec = settingsFromInspect(
      plain({ Config: { Healthcheck: { Test: ['CMD', 'pg_isready', '-U', 'my user'] } } }),
      IMAGE,
      DAEMON,
    );
    expect(exec.form.healthCmd).toBe("pg_isready -U 'my user'");
    expect(exec.notes.join(' ')).toContain('CMD-SHELL');
  });

  it("keeps a log driver only when it is not the daemon's, and its options always", () => {
    const opts = { LogConfig: { Type: 'json-file', Config: { 'max-size': '10m' } } };
    expect(settingsFromInspect(plain({ HostConfig: opts }), IMAGE, DAEMON).form).toMatchObject({
      logOpts: ['max-size=10m'],
    });
    expect(settingsFromInspect(plain({ HostConfig: opts }), IMAGE, DAEMON).form.logDriver).toBeUndefined();
    expect(
      settingsFromInspect(plain({ HostConfig: opts }), IMAGE, { loggingDriver: 'journald' }).form.logDriver,
    ).toBe('json-file');
    expect(
      settingsFromInspect(plain({ HostConfig: { LogConfig: { Type: 'none', Config: {} } } }), IMAGE, DAEMON)
        .form.logDriver,
    ).toBe('none');
  });

  it("leaves the daemon's defaults out: cgroup namespace by cgroup version, runtime, ipc, 64m of /dev/shm", () => {
    const v2 = settingsFromInspect(plain({ HostConfig: { CgroupnsMode: 'private' } }), IMAGE, {
      cgroupVersion: '2',
    }).form;
    expect(v2.cgroupns).toBeUndefined();
    const v1 = settingsFromInspect(
      plain({
        HostConfig: {
          CgroupnsMode: 'private',
          IpcMode: 'shareable',
          ShmSize: 2 * 1024 ** 3,
          Runtime: 'crun',
        },
      }),
      IMAGE,
      DAEMON,
    ).form;
    expect(v1).toMatchObject({ cgroupns: 'private', ipc: 'shareable', shmSize: '2g', runtime: 'crun' });
  });

  it('reads the network endpoint without the automatic alias, and the other networks as extra', () => {
    const { form, extraNetworks, notes } = settingsFromInspect(
      plain({
        HostConfig: { NetworkMode: 'app-net', Links: null },
        NetworkSettings: {
          Networks: {
            'app-net': {
              Aliases: ['blog', ID.slice(0, 12)],
              IPAMConfig: { IPv4Address: '10.0.0.10', LinkLocalIPs: ['169.254.1.1'] },
              Links: ['peer:db'],
            },
            backend: { Aliases: [ID.slice(0, 12), 'api'], IPAMConfig: { IPv4Address: '10.1.0.5' } },
          },
        },
      }),
      IMAGE,
      DAEMON,
    );
    expect(form).toMatchObject({
      network: 'app-net',
      networkAliases: ['blog'],
      ip: '10.0.0.10',
      linkLocalIps: ['169.254.1.1'],
      links: ['peer:db'],
    });
    expect(extraNetworks).toEqual([{ name: 'backend', aliases: ['api'], ipv4: '10.1.0.5' }]);
    expect(notes.join(' ')).toContain('backend');
  });

  it('reads links back in the syntax of --link', () => {
    expect(linkSpec('/berth-peer:/web/db')).toBe('berth-peer:db');
    expect(linkSpec('/berth-peer:/web/berth-peer')).toBe('berth-peer');
    expect(linkSpec('peer:db')).toBe('peer:db');
  });

  it('says when the container belongs to a Compose project, and keeps its labels', () => {
    const { form, notes } = settingsFromInspect(
      plain({
        Config: { Labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'web' } },
      }),
      IMAGE,
      DAEMON,
    );
    expect(form.labels).toEqual(['com.docker.compose.project=shop', 'com.docker.compose.service=web']);
    expect(notes.join(' ')).toMatch(/Compose project "shop".*stack/);
  });

  it('keeps everything when the image is gone, and says why', () => {
    const { form, notes } = settingsFromInspect(plain(), null, DAEMON);
    expect(form).toMatchObject({ env: ['PATH=/bin'], command: ['/bin/sh'] });
    expect(notes.join(' ')).toContain('no longer on this engine');
  });

  it('reads resources, limits and switches in the CLI syntax the form parses', () => {
    const { form } = settingsFromInspect(
      plain({
        Config: { Tty: true, OpenStdin: true, StopTimeout: 30, Domainname: 'example.org', Hostname: 'box' },
        HostConfig: {
          Memory: 512 * 1024 ** 2,
          MemorySwap: -1,
          MemoryReservation: 256 * 1024 ** 2,
          MemorySwappiness: 10,
          NanoCpus: 1_500_000_000,
          CpuShares: 512,
          PidsLimit: 100,
          OomScoreAdj: 500,
          Init: false,
          Privileged: true,
          ReadonlyRootfs: true,
          RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 5 },
          Ulimits: [
            { Name: 'nofile', Soft: 1024, Hard: 2048 },
            { Name: 'core', Soft: 0, Hard: 0 },
          ],
          Devices: [
            { PathOnHost: '/dev/null', PathInContainer: '/dev/mynull', CgroupPermissions: 'r' },
            { PathOnHost: '/dev/zero', PathInContainer: '/dev/zero', CgroupPermissions: 'rw' },
            { PathOnHost: '/dev/fuse', PathInContainer: '/dev/fuse', CgroupPermissions: 'rwm' },
          ],
          BlkioDeviceReadBps: [{ Path: '/dev/sda', Rate: 1048576 }],
          Tmpfs: { '/run': 'rw,size=64k', '/tmp': '' },
          Sysctls: { 'net.core.somaxconn': '1024' },
        },
      }),
      IMAGE,
      DAEMON,
    );
    expect(form).toMatchObject({
      tty: true,
      interactive: true,
      stopTimeout: '30',
      domainname: 'example.org',
      hostname: 'box',
      memory: '512m',
      memorySwap: '-1',
      memoryReservation: '256m',
      memorySwappiness: '10',
      cpus: '1.5',
      cpuShares: '512',
      pidsLimit: '100',
      oomScoreAdj: '500',
      init: false,
      privileged: true,
      readOnly: true,
      restart: 'on-failure:5',
      ulimits: ['nofile=1024:2048', 'core=0'],
      devices: ['/dev/null:/dev/mynull:r', '/dev/zero:rw', '/dev/fuse'],
      deviceReadBps: ['/dev/sda:1048576'],
      tmpfs: ['/run:rw,size=64k', '/tmp'],
      sysctls: ['net.core.somaxconn=1024'],
    });
    expect(containerFormSchema.safeParse(form).success).toBe(true);
    // Twice the memory is what the engine sets for --memory alone.
    const doubled = { Memory: 64 * 1024 ** 2, MemorySwap: 128 * 1024 ** 2 };
    expect(
      settingsFromInspect(plain({ HostConfig: doubled }), IMAGE, DAEMON).form.memorySwap,
    ).toBeUndefined();
    const own = { Memory: 64 * 1024 ** 2, MemorySwap: 96 * 1024 ** 2 };
    expect(settingsFromInspect(plain({ HostConfig: own }), IMAGE, DAEMON).form.memorySwap).toBe('96m');
  });

  it('reads the streams of docker create -a, and none for a running container', () => {
    const attached = plain({ Config: { AttachStdin: true, AttachStdout: false, AttachStderr: false } });
    expect(settingsFromInspect(attached, IMAGE, DAEMON).form.attach).toEqual(['stdin']);
    const running = {
      ...plain({ Config: { AttachStdout: false, AttachStderr: false } }),
      State: { Running: true },
    };
    const form = settingsFromInspect(running, IMAGE, DAEMON).form;
    expect(form.start).toBe(true);
    expect(form.attach).toBeUndefined();
  });
});

describe('formatting in the CLI units', () => {
  it('formats sizes, durations and CPUs so the form parses them back exactly', () => {
    expect(formatBytes(2 * 1024 ** 3)).toBe('2g');
    expect(formatBytes(65536 * 1024)).toBe('64m');
    expect(formatBytes(1000)).toBe('1000');
    expect(formatDuration(3723e9)).toBe('1h2m3s');
    expect(formatDuration(500e6)).toBe('500ms');
    expect(formatDuration(1500)).toBe('1500ns');
    expect(formatCpus(1_500_000_000)).toBe('1.5');
    expect(formatCpus(2e9)).toBe('2');
    expect(formatCpus(1)).toBe('0.000000001');
  });
});
