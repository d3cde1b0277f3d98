import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SECURITY_SETTINGS, type SecuritySettings } from '@/lib/settings/security';
import { renderComposeConfig } from '@/lib/testing/compose';
import type { EngineFacts, ReferencedContainer, ReferencedVolume } from '@/server/security/policy';
import {
  checkStackConfig,
  checkStackSources,
  type StackPolicyViolation,
  stackPolicyReferences,
  stackViolationMessage,
} from '@/server/stacks/policy';

/**
 * Every config judged here is what the real Docker Compose (2.26.1 on our machines) renders for the file next
 * to it: `docker compose -p berthtest config --format json`, run in beforeAll (lib/testing/compose.ts).
 */

const IMAGE = 'berth-test/busybox:latest';
const service = (body: string) => `services:\n  web:\n    image: ${IMAGE}\n${body}`;

const FILES = {
  harmless: `services:
  web:
    image: ${IMAGE}
    ports: ["127.0.0.1:8080:80"]
    environment: { A: "1" }
    volumes:
      - data:/data
      - /anonymous
      - type: tmpfs
        target: /cache
    tmpfs: /run
    cap_drop: [ALL]
    read_only: true
    user: "1000"
    networks: [front]
  db:
    image: ${IMAGE}
    ipc: shareable
    volumes_from: [web]
  sidecar:
    image: ${IMAGE}
    network_mode: service:web
    pid: service:web
    ipc: service:db
networks:
  front: {}
volumes:
  data: {}
  nfs:
    driver_opts: { type: nfs, o: "addr=10.0.0.1,ro", device: ":/export" }
`,
  privileged: service('    privileged: true\n'),
  bindShort: service('    volumes:\n      - /etc:/host-etc:ro\n'),
  bindRelative: service('    volumes:\n      - ./data:/data\n'),
  bindLong: service(
    '    volumes:\n      - type: bind\n        source: /var/run/docker.sock\n        target: /sock\n',
  ),
  bindAllowed: service('    volumes:\n      - /srv/data/app:/data\n'),
  subpath: service(
    '    volumes:\n      - type: volume\n        source: data\n        target: /d\n        volume: { subpath: ../.. }\nvolumes:\n  data: {}\n',
  ),
  driverOptsBind: service(
    '    volumes:\n      - hostdir:/h\nvolumes:\n  hostdir:\n    driver: local\n    driver_opts: { type: none, o: bind, device: /etc }\n',
  ),
  driverOptsDevice: service(
    '    volumes:\n      - disk:/d\nvolumes:\n  disk:\n    driver_opts: { type: ext4, device: /dev/sda1 }\n',
  ),
  externalVolume: service(
    '    volumes:\n      - ext:/e\nvolumes:\n  ext:\n    external: true\n    name: admin_made\n',
  ),
  networkHost: service('    network_mode: host\n'),
  pidHost: service('    pid: host\n'),
  ipcHost: service('    ipc: host\n'),
  utsHost: service('    uts: host\n'),
  usernsHost: service('    userns_mode: host\n'),
  cgroupHost: service('    cgroup: host\n'),
  networksHost: service(
    '    networks: [hostnet]\nnetworks:\n  hostnet:\n    external: true\n    name: host\n',
  ),
  joinContainer: service('    network_mode: container:other\n'),
  pidContainer: service('    pid: container:other\n'),
  volumesFrom: service('    volumes_from: ["container:other:ro"]\n'),
  capAdd: service('    cap_add: [SYS_ADMIN]\n'),
  devices: service('    devices: ["/dev/fuse:/dev/fuse"]\n'),
  cgroupRules: service('    device_cgroup_rules: ["c 1:3 mr"]\n'),
  gpus: service('    gpus: all\n'),
  reservedDevices: service(
    '    deploy:\n      resources:\n        reservations:\n          devices:\n            - capabilities: [gpu]\n',
  ),
  sysctls: service('    sysctls: ["net.ipv4.ip_forward=1"]\n'),
  securityOpt: service('    security_opt: ["seccomp=unconfined"]\n'),
  secretFile: service('    secrets: [s]\nsecrets:\n  s:\n    file: /etc/shadow\n'),
  configFile: service('    configs: [c]\nconfigs:\n  c:\n    file: /etc/passwd\n'),
  buildPrivileged: `services:\n  web:\n    build:\n      context: /srv/app\n      privileged: true\n      network: host\n`,
} satisfies Record<string, string>;

type Case = keyof typeof FILES;
const configs = {} as Record<Case, Record<string, unknown>>;

beforeAll(async () => {
  for (const [name, text] of Object.entries(FILES)) {
    configs[name as Case] = (await renderComposeConfig({ 'compose.yaml': text })).config;
  }
}, 120_000);

const DENY: SecuritySettings = { ...DEFAULT_SECURITY_SETTINGS };

/** No volume exists yet, no container is known. */
const EMPTY_ENGINE: EngineFacts = { container: () => undefined, volume: () => null };

function engine(
  containers: Record<string, ReferencedContainer> = {},
  volumes: Record<string, ReferencedVolume> = {},
): EngineFacts {
  return { container: (ref) => containers[ref], volume: (name) => volumes[name] ?? null };
}

function check(
  name: Case,
  settings: Partial<SecuritySettings> = {},
  facts = EMPTY_ENGINE,
): StackPolicyViolation[] {
  return checkStackConfig(configs[name], { ...DENY, ...settings }, facts);
}

describe('checkStackConfig on real Compose output', () => {
  it('allows a harmless stack (named volumes, tmpfs, NFS volume, in-stack service: modes and volumes_from)', () => {
    expect(check('harmless')).toEqual([]);
  });

  const refused: [Case, keyof SecuritySettings, string, RegExp][] = [
    ['privileged', 'allowPrivileged', 'services.web.privileged', /Privileged mode/],
    ['bindShort', 'allowHostBindMounts', 'services.web.volumes.0', /\/etc/],
    ['bindRelative', 'allowHostBindMounts', 'services.web.volumes.0', /\/data/],
    ['bindLong', 'allowHostBindMounts', 'services.web.volumes.0', /docker\.sock/],
    ['subpath', 'allowHostBindMounts', 'services.web.volumes.0', /subpath escaping/],
    [
      'driverOptsBind',
      'allowHostBindMounts',
      'volumes.hostdir.driver_opts.device',
      /top-level volume "hostdir".*\/etc/,
    ],
    ['driverOptsDevice', 'allowHostBindMounts', 'volumes.disk.driver_opts.device', /ext4.*\/dev\/sda1/],
    ['networkHost', 'allowHostNamespaces', 'services.web.network_mode', /NetworkMode=host/],
    ['pidHost', 'allowHostNamespaces', 'services.web.pid', /PidMode=host/],
    ['ipcHost', 'allowHostNamespaces', 'services.web.ipc', /IpcMode=host/],
    ['utsHost', 'allowHostNamespaces', 'services.web.uts', /UTSMode=host/],
    ['usernsHost', 'allowHostNamespaces', 'services.web.userns_mode', /UsernsMode=host/],
    ['cgroupHost', 'allowHostNamespaces', 'services.web.cgroup', /CgroupnsMode=host/],
    ['networksHost', 'allowHostNamespaces', 'services.web.networks.hostnet', /network "host"/],
    [
      'joinContainer',
      'allowHostNamespaces',
      'services.web.network_mode',
      /container:other could not be checked/,
    ],
    [
      'volumesFrom',
      'allowHostBindMounts',
      'services.web.volumes_from.0',
      /volumes from other could not be checked/,
    ],
    ['capAdd', 'allowCapabilities', 'services.web.cap_add', /SYS_ADMIN/],
    ['devices', 'allowDevices', 'services.web.devices', /\/dev\/fuse/],
    ['cgroupRules', 'allowDevices', 'services.web.device_cgroup_rules', /c 1:3 mr/],
    ['gpus', 'allowDevices', 'services.web.gpus', /device requests/],
    [
      'reservedDevices',
      'allowDevices',
      'services.web.deploy.resources.reservations.devices',
      /device requests/,
    ],
    ['sysctls', 'allowSysctls', 'services.web.sysctls', /net\.ipv4\.ip_forward/],
    ['securityOpt', 'allowSecurityOpt', 'services.web.security_opt', /seccomp=unconfined/],
    ['secretFile', 'allowHostBindMounts', 'services.web.secrets.0', /\/etc\/shadow/],
    ['configFile', 'allowHostBindMounts', 'services.web.configs.0', /\/etc\/passwd/],
  ];

  it.each(refused)('refuses %s (%s) at %s', (name, setting, path, detail) => {
    const violations = check(name);
    expect(violations.length).toBeGreaterThan(0);
    const found = violations.find((v) => v.path === path);
    expect(found, JSON.stringify(violations)).toBeDefined();
    expect(found?.setting).toBe(setting);
    expect(found?.message).toMatch(detail);
    expect(found?.service).toBe(path.startsWith('services.') ? 'web' : null);
  });

  it.each(refused)('lets %s through when %s is on', (name, setting) => {
    // `volumes_from` / `container:` joins still need the engine's facts: the setting alone is not enough.
    const violations = check(name, { [setting]: true });
    expect(
      violations.filter((v) => v.setting === setting && !/could not be checked/.test(v.message)),
    ).toEqual([]);
    if (!['joinContainer', 'volumesFrom'].includes(name)) expect(violations).toEqual([]);
  });

  it('lets an allow-listed host path through, and only that one', () => {
    expect(check('bindAllowed', { bindMountAllowList: ['/srv/data'] })).toEqual([]);
    expect(check('bindAllowed', { bindMountAllowList: ['/srv/other'] })).toHaveLength(1);
    expect(check('bindShort', { bindMountAllowList: ['/srv/data'] })).toHaveLength(1);
  });

  it('judges a joined container and volumes_from by what they are on the engine', () => {
    const hostNet: ReferencedContainer = { name: 'other', hostConfig: { NetworkMode: 'host' }, mounts: [] };
    const plain: ReferencedContainer = {
      name: 'other',
      hostConfig: { NetworkMode: 'bridge' },
      mounts: [{ Type: 'volume', Name: 'v', Source: '/var/lib/docker/volumes/v/_data' }],
    };
    const binds: ReferencedContainer = {
      name: 'other',
      hostConfig: {},
      mounts: [{ Type: 'bind', Source: '/etc', Destination: '/etc' }],
    };
    expect(check('joinContainer', {}, engine({ other: hostNet }))[0]?.message).toMatch(
      /runs with NetworkMode=host/,
    );
    expect(check('joinContainer', {}, engine({ other: plain }))).toEqual([]);
    expect(check('pidContainer', {}, engine({ other: binds }))[0]?.message).toMatch(/\/etc/);
    expect(check('volumesFrom', {}, engine({ other: plain }))).toEqual([]);
    expect(check('volumesFrom', {}, engine({ other: binds }))[0]).toMatchObject({
      setting: 'allowHostBindMounts',
      path: 'services.web.volumes_from.0',
    });
  });

  it('judges a named volume that already exists by its options (Compose reuses it)', () => {
    const bindVolume: ReferencedVolume = {
      driver: 'local',
      options: { type: 'none', o: 'bind', device: '/root' },
    };
    const violations = check('harmless', {}, engine({}, { berthtest_data: bindVolume }));
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({
      service: 'web',
      path: 'services.web.volumes.0',
      setting: 'allowHostBindMounts',
    });
    expect(violations[0]?.message).toMatch(/\/root/);
    const external = check('externalVolume', {}, engine({}, { admin_made: bindVolume }));
    expect(external[0]?.message).toMatch(/\/root \(volumes.0, existing volume "admin_made"\)$/);
    expect(
      check('externalVolume', {}, engine({}, { admin_made: { driver: 'local', options: null } })),
    ).toEqual([]);
  });

  it('refuses an unknown existing volume as uncheckable when no facts were read', () => {
    const noFacts: EngineFacts = { container: () => undefined, volume: () => undefined };
    expect(check('externalVolume', {}, noFacts)[0]?.message).toMatch(/could not be checked/);
  });

  it('judges builds: privileged, host network and a context outside the stack folder', () => {
    const violations = check('buildPrivileged');
    expect(violations.map((v) => v.path).sort()).toEqual([
      'services.web.build.context',
      'services.web.build.network',
      'services.web.build.privileged',
    ]);
    const inside = checkStackConfig(
      configs.buildPrivileged,
      { ...DENY, allowPrivileged: true, allowHostNamespaces: true },
      EMPTY_ENGINE,
      { projectDir: '/srv/app' },
    );
    expect(inside).toEqual([]);
  });

  it('reads a malformed config as nothing to judge rather than throwing', () => {
    for (const bad of [null, 'x', [], { services: [] }, { services: { web: 'x' } }, { volumes: 3 }])
      expect(checkStackConfig(bad, DENY, EMPTY_ENGINE)).toEqual([]);
  });
});

describe('stackPolicyReferences', () => {
  it('lists the joined containers and the engine names of mounted volumes', () => {
    expect(stackPolicyReferences(configs.harmless)).toEqual({ containers: [], volumes: ['berthtest_data'] });
    expect(stackPolicyReferences(configs.externalVolume)).toEqual({
      containers: [],
      volumes: ['admin_made'],
    });
    expect(stackPolicyReferences(configs.joinContainer)).toEqual({ containers: ['other'], volumes: [] });
    expect(stackPolicyReferences(configs.volumesFrom)).toEqual({ containers: ['other'], volumes: [] });
  });
});

describe('stackViolationMessage', () => {
  it('names the service and the setting', () => {
    const [violation] = check('privileged');
    expect(violation && stackViolationMessage(violation)).toBe(
      'service "web": Privileged mode is not allowed for your role (setting "allowPrivileged"): Privileged=true (privileged)',
    );
    const [volume] = check('driverOptsBind');
    expect(volume && stackViolationMessage(volume)).toMatch(
      /^top-level volume "hostdir": Host bind mounts are not allowed/,
    );
  });
});

describe('checkStackSources (before Compose reads anything)', () => {
  const dir = '/data/stacks/app';

  it('allows env files, extends and includes inside the stack folder', () => {
    const compose = `include: [./db.yaml]
services:
  web:
    image: x
    env_file: [.env.web, { path: ./sub/other.env, required: false }]
    extends: { file: ./base.yaml, service: web }
`;
    expect(checkStackSources({ compose }, DENY, dir)).toEqual([]);
  });

  it('refuses files outside the folder, by absolute path, .. or variables, naming service and setting', () => {
    const compose = `include:
  - path: /etc/compose.yaml
services:
  web:
    image: x
    env_file: [/etc/shadow, ../other/.env]
    extends: { file: "\${HOME}/base.yaml", service: web }
`;
    const violations = checkStackSources(
      { compose, override: 'services:\n  db:\n    env_file: ../../../root/.env\n' },
      DENY,
      dir,
    );
    expect(violations.map((v) => [v.service, v.path])).toEqual([
      [null, 'include.0'],
      ['web', 'services.web.env_file.0'],
      ['web', 'services.web.env_file.1'],
      ['web', 'services.web.extends.file'],
      ['db', 'services.db.env_file.0'],
    ]);
    expect(violations.every((v) => v.setting === 'allowHostBindMounts')).toBe(true);
    expect(violations[1] && stackViolationMessage(violations[1])).toMatch(
      /^service "web": Host bind mounts .*\/etc\/shadow \(env_file\.0\)$/,
    );
    expect(violations[2]?.message).toMatch(/\/data\/stacks\/other\/\.env/);
  });

  it('lets them through with host bind mounts allowed or an allow-listed folder', () => {
    const compose = 'services:\n  web:\n    image: x\n    env_file: /srv/shared/common.env\n';
    expect(checkStackSources({ compose }, DENY, dir)).toHaveLength(1);
    expect(checkStackSources({ compose }, { ...DENY, allowHostBindMounts: true }, dir)).toEqual([]);
    expect(checkStackSources({ compose }, { ...DENY, bindMountAllowList: ['/srv/shared'] }, dir)).toEqual([]);
  });

  it('ignores text that is not YAML (Compose refuses it before reading files)', () => {
    expect(checkStackSources({ compose: 'services: [' }, DENY, dir)).toEqual([]);
  });
});
