import type { ContainerFormInput } from '@/lib/containers/form';

/**
 * The inverse of server/docker/container-create.ts `toCreateOptions` (issue 15: edit, duplicate, recreate): a
 * container's `docker inspect`, read back into the create form in the CLI's own syntax, with what the engine
 * filled in by itself (a hostname from the id, the daemon's log driver, 64m of /dev/shm…) and what the image
 * brings (its environment, command, labels, volumes…) taken out, so that creating the form again makes the same
 * container, and a newer image brings its new defaults. Pure and browser-safe.
 */

/** The parts of `docker inspect` (container) read here; every field optional, as engines differ. */
export interface InspectLike {
  Id: string;
  Name?: string;
  State?: { Running?: boolean; Paused?: boolean; Restarting?: boolean } | null;
  Config?: ConfigLike | null;
  HostConfig?: HostConfigLike | null;
  NetworkSettings?: { Networks?: Record<string, EndpointLike | null> | null } | null;
  Mounts?: readonly { Type?: string; Name?: string; Destination?: string }[] | null;
}

interface ConfigLike {
  Hostname?: string;
  Domainname?: string;
  User?: string;
  AttachStdin?: boolean;
  AttachStdout?: boolean;
  AttachStderr?: boolean;
  ExposedPorts?: Record<string, unknown> | null;
  Tty?: boolean;
  OpenStdin?: boolean;
  Env?: readonly string[] | null;
  Cmd?: readonly string[] | null;
  Healthcheck?: HealthLike | null;
  Image?: string;
  Volumes?: Record<string, unknown> | null;
  WorkingDir?: string;
  Entrypoint?: readonly string[] | null;
  MacAddress?: string;
  Labels?: Record<string, string> | null;
  StopSignal?: string;
  StopTimeout?: number | null;
}

interface HealthLike {
  Test?: readonly string[] | null;
  Interval?: number;
  Timeout?: number;
  StartPeriod?: number;
  StartInterval?: number;
  Retries?: number;
}

interface EndpointLike {
  IPAMConfig?: { IPv4Address?: string; IPv6Address?: string; LinkLocalIPs?: readonly string[] | null } | null;
  Links?: readonly string[] | null;
  Aliases?: readonly string[] | null;
}

interface MountLike {
  Type?: string;
  Source?: string;
  Target?: string;
  ReadOnly?: boolean;
  Consistency?: string;
  BindOptions?: { Propagation?: string; NonRecursive?: boolean } | null;
  VolumeOptions?: {
    NoCopy?: boolean;
    Labels?: Record<string, string> | null;
    DriverConfig?: { Name?: string; Options?: Record<string, string> | null } | null;
  } | null;
  TmpfsOptions?: { SizeBytes?: number; Mode?: number } | null;
}

interface ThrottleLike {
  Path?: string;
  Weight?: number;
  Rate?: number;
}

interface HostConfigLike {
  Binds?: readonly string[] | null;
  LogConfig?: { Type?: string; Config?: Record<string, string> | null } | null;
  NetworkMode?: string;
  PortBindings?: Record<string, readonly { HostIp?: string; HostPort?: string }[] | null> | null;
  RestartPolicy?: { Name?: string; MaximumRetryCount?: number } | null;
  AutoRemove?: boolean;
  VolumeDriver?: string;
  VolumesFrom?: readonly string[] | null;
  CapAdd?: readonly string[] | null;
  CapDrop?: readonly string[] | null;
  CgroupnsMode?: string;
  Dns?: readonly string[] | null;
  DnsOptions?: readonly string[] | null;
  DnsSearch?: readonly string[] | null;
  ExtraHosts?: readonly string[] | null;
  GroupAdd?: readonly string[] | null;
  IpcMode?: string;
  Links?: readonly string[] | null;
  OomScoreAdj?: number;
  PidMode?: string;
  Privileged?: boolean;
  PublishAllPorts?: boolean;
  ReadonlyRootfs?: boolean;
  SecurityOpt?: readonly string[] | null;
  StorageOpt?: Record<string, string> | null;
  Tmpfs?: Record<string, string> | null;
  UTSMode?: string;
  UsernsMode?: string;
  ShmSize?: number;
  Sysctls?: Record<string, string> | null;
  Runtime?: string;
  CpuShares?: number;
  Memory?: number;
  NanoCpus?: number;
  CgroupParent?: string;
  BlkioWeight?: number;
  BlkioWeightDevice?: readonly ThrottleLike[] | null;
  BlkioDeviceReadBps?: readonly ThrottleLike[] | null;
  BlkioDeviceWriteBps?: readonly ThrottleLike[] | null;
  BlkioDeviceReadIOps?: readonly ThrottleLike[] | null;
  BlkioDeviceWriteIOps?: readonly ThrottleLike[] | null;
  CpuPeriod?: number;
  CpuQuota?: number;
  CpuRealtimePeriod?: number;
  CpuRealtimeRuntime?: number;
  CpusetCpus?: string;
  CpusetMems?: string;
  Devices?: readonly { PathOnHost?: string; PathInContainer?: string; CgroupPermissions?: string }[] | null;
  DeviceCgroupRules?: readonly string[] | null;
  DeviceRequests?: readonly unknown[] | null;
  MemoryReservation?: number;
  MemorySwap?: number;
  MemorySwappiness?: number | null;
  OomKillDisable?: boolean | null;
  PidsLimit?: number | null;
  Ulimits?: readonly { Name?: string; Soft?: number; Hard?: number }[] | null;
  Init?: boolean | null;
  Mounts?: readonly MountLike[] | null;
}

/** The image's `Config` (image inspect), whose values the container inherits unless it sets its own. */
export interface ImageConfigLike {
  User?: string;
  ExposedPorts?: Record<string, unknown> | null;
  Env?: readonly string[] | null;
  Cmd?: readonly string[] | null;
  Healthcheck?: HealthLike | null;
  Volumes?: Record<string, unknown> | null;
  WorkingDir?: string;
  Entrypoint?: readonly string[] | null;
  Labels?: Record<string, string> | null;
  StopSignal?: string;
}

/** What a plain `docker create` gets from this daemon (docker info), to tell it from a value that was chosen. */
export interface DaemonDefaults {
  /** `docker info` LoggingDriver (json-file unless the daemon is configured otherwise). */
  loggingDriver?: string;
  /** `docker info` DefaultRuntime. */
  defaultRuntime?: string;
  /** `docker info` CgroupVersion: the default cgroup namespace is `host` on v1, `private` on v2. */
  cgroupVersion?: string;
  /** The daemon's default-ipc-mode (`private` unless configured; docker info does not say). */
  ipcMode?: string;
  /** The daemon's default-shm-size (64m unless configured). */
  shmSize?: number;
}

export interface SettingsFromInspect {
  form: ContainerFormInput;
  extraNetworks: { name: string; aliases: string[]; ipv4?: string; ipv6?: string }[];
  notes: string[];
}

const DEFAULT_SHM_SIZE = 64 * 1024 * 1024;
const SHORT_ID = 12;

const list = <T>(value: readonly T[] | null | undefined): T[] => (value ? [...value] : []);
const sameList = (a: readonly string[] | null | undefined, b: readonly string[] | null | undefined) =>
  JSON.stringify(list(a)) === JSON.stringify(list(b));

/** A size in bytes as the CLI's units read it back (`512m`, `2g`), or the plain number. */
export function formatBytes(bytes: number): string {
  for (const [unit, size] of [
    ['t', 1024 ** 4],
    ['g', 1024 ** 3],
    ['m', 1024 ** 2],
    ['k', 1024],
  ] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return String(bytes);
}

/** Nanoseconds as a Go duration (`1m30s`, `500ms`), as the `--health-*` options take it. */
export function formatDuration(ns: number): string {
  if (ns === 0) return '0';
  if (ns % 1e9 !== 0) {
    if (ns % 1e6 === 0) return `${ns / 1e6}ms`;
    if (ns % 1e3 === 0) return `${ns / 1e3}us`;
    return `${ns}ns`;
  }
  let seconds = ns / 1e9;
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  return `${hours ? `${hours}h` : ''}${minutes ? `${minutes}m` : ''}${seconds ? `${seconds}s` : ''}`;
}

/** Nano CPUs as `--cpus` takes them (`1.5`), exactly. */
export function formatCpus(nano: number): string {
  const whole = Math.floor(nano / 1e9);
  const fraction = String(nano % 1e9)
    .padStart(9, '0')
    .replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}

/** A `-p` value: `[ip:][hostPort[-end]:]containerPort[-end]/proto`, IPv6 in brackets. */
function portSpec(hostIp: string, host: string, container: string, protocol: string): string {
  const ip = hostIp.includes(':') ? `[${hostIp}]` : hostIp;
  const proto = protocol === 'tcp' ? '' : `/${protocol}`;
  if (ip) return `${ip}:${host}:${container}${proto}`;
  if (host) return `${host}:${container}${proto}`;
  return `${container}${proto}`;
}

interface Binding {
  port: number;
  protocol: string;
  hostIp: string;
  hostPort: string;
}

/**
 * `-p` values for the port bindings, in the engine's order of ports. Consecutive ports bound one to one on the
 * same address (`8100:80`, `8101:81`) read back as the range they were probably written as; it makes the same
 * bindings either way.
 */
export function portsFromBindings(
  bindings: Record<string, readonly { HostIp?: string; HostPort?: string }[] | null> | null | undefined,
): string[] {
  const entries = Object.entries(bindings ?? {})
    .map(([key, value]) => {
      const [port = '', protocol = 'tcp'] = key.split('/');
      return { port: Number(port), protocol, value: list(value) };
    })
    .filter((entry) => Number.isInteger(entry.port) && entry.port > 0)
    .sort((a, b) => a.protocol.localeCompare(b.protocol) || a.port - b.port);
  const specs: string[] = [];
  let run: Binding[] = [];
  const flush = () => {
    const first = run[0];
    const last = run[run.length - 1];
    if (!first || !last) return;
    const container = first === last ? String(first.port) : `${first.port}-${last.port}`;
    const host =
      first.hostPort === '' ? '' : first === last ? first.hostPort : `${first.hostPort}-${last.hostPort}`;
    specs.push(portSpec(first.hostIp, host, container, first.protocol));
    run = [];
  };
  for (const entry of entries) {
    if (entry.value.length !== 1) {
      flush();
      // Several bindings of one port (two addresses), or an exposed port bound to nothing (`[]`).
      for (const binding of entry.value)
        specs.push(
          portSpec(binding.HostIp ?? '', binding.HostPort ?? '', String(entry.port), entry.protocol),
        );
      continue;
    }
    const binding: Binding = {
      port: entry.port,
      protocol: entry.protocol,
      hostIp: entry.value[0]?.HostIp ?? '',
      hostPort: entry.value[0]?.HostPort ?? '',
    };
    const previous = run[run.length - 1];
    const numeric = /^\d+$/.test(binding.hostPort);
    const follows =
      previous !== undefined &&
      previous.protocol === binding.protocol &&
      previous.hostIp === binding.hostIp &&
      previous.port + 1 === binding.port &&
      ((previous.hostPort === '' && binding.hostPort === '') ||
        (numeric &&
          /^\d+$/.test(previous.hostPort) &&
          Number(previous.hostPort) + 1 === Number(binding.hostPort)));
    if (!follows) flush();
    // A host range for one port (`8103-8110:8080`: any free one of them) stands alone.
    if (binding.hostPort !== '' && !numeric) {
      flush();
      specs.push(portSpec(binding.hostIp, binding.hostPort, String(binding.port), binding.protocol));
      continue;
    }
    run.push(binding);
  }
  flush();
  return specs;
}

/** A `--mount` value for an Engine `Mount`, CSV-quoted where a field needs it (as the CLI reads it). */
export function mountSpec(mount: MountLike): string {
  const fields: string[] = [`type=${mount.Type ?? 'volume'}`];
  if (mount.Source) fields.push(`source=${mount.Source}`);
  fields.push(`target=${mount.Target ?? ''}`);
  if (mount.ReadOnly) fields.push('readonly');
  if (mount.Consistency && mount.Consistency !== 'default') fields.push(`consistency=${mount.Consistency}`);
  const bind = mount.BindOptions;
  if (bind?.Propagation) fields.push(`bind-propagation=${bind.Propagation}`);
  if (bind?.NonRecursive) fields.push('bind-nonrecursive');
  const volume = mount.VolumeOptions;
  if (volume?.NoCopy) fields.push('volume-nocopy');
  for (const [key, value] of Object.entries(volume?.Labels ?? {}))
    fields.push(`volume-label=${key}=${value}`);
  if (volume?.DriverConfig?.Name) fields.push(`volume-driver=${volume.DriverConfig.Name}`);
  for (const [key, value] of Object.entries(volume?.DriverConfig?.Options ?? {}))
    fields.push(`volume-opt=${key}=${value}`);
  const tmpfs = mount.TmpfsOptions;
  if (tmpfs?.SizeBytes) fields.push(`tmpfs-size=${tmpfs.SizeBytes}`);
  if (tmpfs?.Mode) fields.push(`tmpfs-mode=${tmpfs.Mode.toString(8)}`);
  return fields.map((field) => (/[",\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field)).join(',');
}

/** `/peer:/this/alias` (how the engine lists a link) back to `peer:alias`, or `peer` when they agree. */
export function linkSpec(link: string): string {
  const match = /^\/?([^:]+):\/?(?:[^/]+\/)?([^/]+)$/.exec(link);
  if (!match) return link;
  const [, peer = '', alias = ''] = match;
  return peer === alias ? peer : `${peer}:${alias}`;
}

function deviceSpec(device: { PathOnHost?: string; PathInContainer?: string; CgroupPermissions?: string }) {
  const host = device.PathOnHost ?? '';
  const container = device.PathInContainer || host;
  const permissions = device.CgroupPermissions || 'rwm';
  if (container === host && permissions === 'rwm') return host;
  if (container === host) return `${host}:${permissions}`;
  return permissions === 'rwm' ? `${host}:${container}` : `${host}:${container}:${permissions}`;
}

const COMPOSE_PROJECT = 'com.docker.compose.project';
const HOST_OWNED_NETWORKS = ['host', 'none'];

/**
 * Reads a container back into the create form. `image` is the image's Config (null when the image is gone:
 * nothing can be told apart from its defaults then, and the form keeps everything). Never throws.
 */
export function settingsFromInspect(
  container: InspectLike,
  image: ImageConfigLike | null,
  daemon: DaemonDefaults = {},
): SettingsFromInspect {
  const config = container.Config ?? {};
  const host = container.HostConfig ?? {};
  const notes: string[] = [];
  const form: ContainerFormInput = { image: config.Image ?? '' };
  const shortId = container.Id.slice(0, SHORT_ID);
  const name = (container.Name ?? '').replace(/^\//, '');
  if (name) form.name = name;
  const running = container.State?.Running === true;
  form.start = running;
  if (!image)
    notes.push(
      `The image ${config.Image ?? ''} is no longer on this engine: its defaults (environment, command, labels…) could not be told apart and stay in the form.`,
    );
  const img: ImageConfigLike = image ?? {};

  // ---- command and entrypoint: the image's stay out unless the container replaced them.
  const entrypoint = list(config.Entrypoint);
  const imageEntrypoint = list(img.Entrypoint);
  const command = list(config.Cmd);
  const ownEntrypoint = image === null ? entrypoint.length > 0 : !sameList(entrypoint, imageEntrypoint);
  if (ownEntrypoint) {
    // --entrypoint "" clears the image's: the engine then stores none.
    form.entrypoint = entrypoint.length > 0 ? entrypoint : [''];
    if (command.length) form.command = command;
  } else if (image !== null && !sameList(command, img.Cmd)) {
    if (command.length) form.command = command;
    // The image's entrypoint given again with no command: the engine took no command from the image.
    else if (entrypoint.length) form.entrypoint = entrypoint;
  } else if (image === null && command.length) form.command = command;

  // ---- environment and labels: what the image sets, unchanged, comes from the (maybe newer) image.
  const imageEnv = new Set(list(img.Env));
  const env = list(config.Env).filter((entry) => !imageEnv.has(entry));
  if (env.length) form.env = env;
  const imageLabels = img.Labels ?? {};
  const labels = Object.entries(config.Labels ?? {})
    .filter(([key, value]) => imageLabels[key] !== value)
    .map(([key, value]) => `${key}=${value}`);
  if (labels.length) form.labels = labels;
  const project = config.Labels?.[COMPOSE_PROJECT];
  if (project)
    notes.push(
      `This container belongs to the Compose project "${project}": its com.docker.compose.* labels are kept, but it is better redeployed from its stack, which recreates it the same way.`,
    );

  if (config.WorkingDir && config.WorkingDir !== (img.WorkingDir ?? '')) form.workingDir = config.WorkingDir;
  if (config.User && config.User !== (img.User ?? '')) form.user = config.User;
  if (config.StopSignal && config.StopSignal !== (img.StopSignal ?? '')) form.stopSignal = config.StopSignal;
  if (typeof config.StopTimeout === 'number') form.stopTimeout = String(config.StopTimeout);
  if (config.Domainname) form.domainname = config.Domainname;
  if (config.MacAddress) form.macAddress = config.MacAddress;
  if (config.Tty) form.tty = true;
  if (config.OpenStdin) form.interactive = true;

  // ---- the network: the mode, and its endpoint's aliases and fixed addresses.
  const mode = host.NetworkMode ?? '';
  const sharesHostname = HOST_OWNED_NETWORKS.includes(mode) || mode.startsWith('container:');
  // Without --hostname the engine takes the short id (or, sharing a network namespace, the other's name).
  if (config.Hostname && config.Hostname !== shortId && !(sharesHostname && mode !== 'none'))
    form.hostname = config.Hostname;
  if (mode && mode !== 'default') form.network = mode;
  const networks = container.NetworkSettings?.Networks ?? {};
  const primaryName = mode === 'default' || mode === '' ? 'bridge' : mode;
  const userDefined =
    !['default', '', 'bridge', 'host', 'none'].includes(mode) && !mode.startsWith('container:');
  const primary = networks[primaryName] ?? null;
  const aliasesOf = (endpoint: EndpointLike | null) =>
    list(endpoint?.Aliases).filter((alias) => alias !== shortId && alias !== container.Id);
  if (userDefined && primary) {
    const aliases = aliasesOf(primary);
    if (aliases.length) form.networkAliases = aliases;
    const ipam = primary.IPAMConfig;
    if (ipam?.IPv4Address) form.ip = ipam.IPv4Address;
    if (ipam?.IPv6Address) form.ip6 = ipam.IPv6Address;
    if (ipam?.LinkLocalIPs?.length) form.linkLocalIps = [...ipam.LinkLocalIPs];
  } else if (primary?.IPAMConfig?.LinkLocalIPs?.length) {
    form.linkLocalIps = [...primary.IPAMConfig.LinkLocalIPs];
  }
  const extraNetworks: SettingsFromInspect['extraNetworks'] = [];
  for (const [networkName, endpoint] of Object.entries(networks)) {
    if (networkName === primaryName || endpoint === null) continue;
    extraNetworks.push({
      name: networkName,
      aliases: aliasesOf(endpoint),
      ...(endpoint.IPAMConfig?.IPv4Address ? { ipv4: endpoint.IPAMConfig.IPv4Address } : {}),
      ...(endpoint.IPAMConfig?.IPv6Address ? { ipv6: endpoint.IPAMConfig.IPv6Address } : {}),
    });
  }
  if (extraNetworks.length)
    notes.push(
      `Also connected to ${extraNetworks.map((n) => n.name).join(', ')}: a recreate connects it again (docker network connect), a new container from this form does not.`,
    );
  const links = new Set<string>();
  for (const link of list(host.Links)) links.add(linkSpec(link));
  if (userDefined) for (const link of list(primary?.Links)) links.add(linkSpec(link));
  if (links.size) form.links = [...links];

  // ---- ports.
  const ports = portsFromBindings(host.PortBindings);
  if (ports.length) form.ports = ports;
  if (host.PublishAllPorts) form.publishAll = true;
  const bound = new Set(Object.keys(host.PortBindings ?? {}));
  const imagePorts = new Set(Object.keys(img.ExposedPorts ?? {}));
  const expose = Object.keys(config.ExposedPorts ?? {})
    .filter((key) => !bound.has(key) && !imagePorts.has(key))
    .map((key) => key.replace(/\/tcp$/, ''));
  if (expose.length) form.expose = expose;

  // ---- storage: -v binds and named volumes, anonymous volumes (not the image's), --mount, --tmpfs.
  const imageVolumes = new Set(Object.keys(img.Volumes ?? {}));
  const volumes = [
    ...list(host.Binds),
    ...Object.keys(config.Volumes ?? {}).filter((target) => !imageVolumes.has(target)),
  ];
  if (volumes.length) form.volumes = volumes;
  const mounts = list(host.Mounts).map(mountSpec);
  if (mounts.length) form.mounts = mounts;
  const tmpfs = Object.entries(host.Tmpfs ?? {}).map(([path, options]) =>
    options ? `${path}:${options}` : path,
  );
  if (tmpfs.length) form.tmpfs = tmpfs;
  if (host.VolumesFrom?.length) form.volumesFrom = [...host.VolumesFrom];
  if (host.VolumeDriver) form.volumeDriver = host.VolumeDriver;

  // ---- restart and lifecycle.
  const restart = host.RestartPolicy;
  if (restart?.Name && restart.Name !== 'no')
    form.restart =
      restart.Name === 'on-failure' && restart.MaximumRetryCount
        ? `on-failure:${restart.MaximumRetryCount}`
        : restart.Name;
  if (host.AutoRemove) form.autoRemove = true;
  if (host.Privileged) form.privileged = true;
  if (typeof host.Init === 'boolean') form.init = host.Init;
  if (host.ReadonlyRootfs) form.readOnly = true;

  // ---- health check: field by field, as the engine merges the image's into the container's.
  const health = config.Healthcheck ?? null;
  const imageHealth = img.Healthcheck ?? null;
  if (health) {
    const test = list(health.Test);
    if (test[0] === 'NONE') {
      if (list(imageHealth?.Test)[0] !== 'NONE') form.noHealthcheck = true;
    } else {
      if (test.length && !sameList(test, imageHealth?.Test)) {
        if (test[0] === 'CMD-SHELL') form.healthCmd = test.slice(1).join(' ');
        else if (test[0] === 'CMD') {
          form.healthCmd = test
            .slice(1)
            .map((word) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`))
            .join(' ');
          notes.push(
            'The health check ran its command directly (CMD); the form runs it through a shell (CMD-SHELL).',
          );
        }
      }
      const durations = [
        ['Interval', 'healthInterval'],
        ['Timeout', 'healthTimeout'],
        ['StartPeriod', 'healthStartPeriod'],
      ] as const;
      for (const [field, key] of durations) {
        const value = health[field] ?? 0;
        if (value && value !== (imageHealth?.[field] ?? 0)) form[key] = formatDuration(value);
      }
      if (health.Retries && health.Retries !== (imageHealth?.Retries ?? 0))
        form.healthRetries = String(health.Retries);
      if (health.StartInterval)
        notes.push('The health check start interval cannot be set from the form and is not kept.');
    }
  }

  // ---- logging: the daemon's driver is what a plain create gets.
  const logType = host.LogConfig?.Type ?? '';
  if (logType && logType !== (daemon.loggingDriver ?? 'json-file')) form.logDriver = logType;
  const logOpts = Object.entries(host.LogConfig?.Config ?? {}).map(([key, value]) => `${key}=${value}`);
  if (logOpts.length) form.logOpts = logOpts;

  // ---- security, devices, DNS, limits.
  if (host.CapAdd?.length) form.capAdd = [...host.CapAdd];
  if (host.CapDrop?.length) form.capDrop = [...host.CapDrop];
  if (host.Devices?.length) form.devices = host.Devices.map(deviceSpec);
  if (host.DeviceCgroupRules?.length) form.deviceCgroupRules = [...host.DeviceCgroupRules];
  if (host.DeviceRequests?.length)
    notes.push('GPU requests (--gpus) cannot be set from the form and are not kept.');
  if (host.ExtraHosts?.length) form.addHosts = [...host.ExtraHosts];
  if (host.Dns?.length) form.dns = [...host.Dns];
  if (host.DnsSearch?.length) form.dnsSearch = [...host.DnsSearch];
  if (host.DnsOptions?.length) form.dnsOptions = [...host.DnsOptions];
  if (host.Ulimits?.length)
    form.ulimits = host.Ulimits.map((u) =>
      u.Soft === u.Hard ? `${u.Name}=${u.Soft}` : `${u.Name}=${u.Soft}:${u.Hard}`,
    );
  if (host.SecurityOpt?.length) form.securityOpts = [...host.SecurityOpt];
  const sysctls = Object.entries(host.Sysctls ?? {}).map(([key, value]) => `${key}=${value}`);
  if (sysctls.length) form.sysctls = sysctls;
  const storage = Object.entries(host.StorageOpt ?? {}).map(([key, value]) => `${key}=${value}`);
  if (storage.length) form.storageOpts = storage;
  if (host.GroupAdd?.length) form.groupAdd = [...host.GroupAdd];

  // ---- namespaces: the daemon's defaults are left out.
  if (host.PidMode) form.pid = host.PidMode;
  if (host.IpcMode && host.IpcMode !== (daemon.ipcMode ?? 'private')) form.ipc = host.IpcMode;
  if (host.UTSMode) form.uts = host.UTSMode;
  if (host.UsernsMode) form.userns = host.UsernsMode;
  const cgroupns = daemon.cgroupVersion === '2' ? 'private' : 'host';
  if (host.CgroupnsMode && host.CgroupnsMode !== cgroupns) form.cgroupns = host.CgroupnsMode;
  if (host.CgroupParent) form.cgroupParent = host.CgroupParent;
  if (host.Runtime && host.Runtime !== (daemon.defaultRuntime ?? 'runc')) form.runtime = host.Runtime;
  if (host.ShmSize && host.ShmSize !== (daemon.shmSize ?? DEFAULT_SHM_SIZE))
    form.shmSize = formatBytes(host.ShmSize);

  // ---- resources.
  if (host.Memory) form.memory = formatBytes(host.Memory);
  if (host.NanoCpus) form.cpus = formatCpus(host.NanoCpus);
  if (host.MemoryReservation) form.memoryReservation = formatBytes(host.MemoryReservation);
  // With --memory alone the engine sets memory+swap to twice the memory: that is what the form gets again.
  if (host.MemorySwap && !(host.Memory && host.MemorySwap === 2 * host.Memory))
    form.memorySwap = host.MemorySwap === -1 ? '-1' : formatBytes(host.MemorySwap);
  if (typeof host.MemorySwappiness === 'number' && host.MemorySwappiness !== -1)
    form.memorySwappiness = String(host.MemorySwappiness);
  if (host.OomKillDisable) form.oomKillDisable = true;
  if (host.OomScoreAdj) form.oomScoreAdj = String(host.OomScoreAdj);
  if (host.CpuShares) form.cpuShares = String(host.CpuShares);
  if (host.CpusetCpus) form.cpusetCpus = host.CpusetCpus;
  if (host.CpusetMems) form.cpusetMems = host.CpusetMems;
  if (host.CpuPeriod) form.cpuPeriod = String(host.CpuPeriod);
  if (host.CpuQuota) form.cpuQuota = String(host.CpuQuota);
  if (host.CpuRealtimePeriod) form.cpuRtPeriod = String(host.CpuRealtimePeriod);
  if (host.CpuRealtimeRuntime) form.cpuRtRuntime = String(host.CpuRealtimeRuntime);
  if (host.BlkioWeight) form.blkioWeight = String(host.BlkioWeight);
  const throttles = (entries: readonly ThrottleLike[] | null | undefined, field: 'Weight' | 'Rate') =>
    list(entries).map((entry) => `${entry.Path ?? ''}:${entry[field] ?? 0}`);
  const weights = throttles(host.BlkioWeightDevice, 'Weight');
  if (weights.length) form.blkioWeightDevices = weights;
  const readBps = throttles(host.BlkioDeviceReadBps, 'Rate');
  if (readBps.length) form.deviceReadBps = readBps;
  const writeBps = throttles(host.BlkioDeviceWriteBps, 'Rate');
  if (writeBps.length) form.deviceWriteBps = writeBps;
  const readIops = throttles(host.BlkioDeviceReadIOps, 'Rate');
  if (readIops.length) form.deviceReadIops = readIops;
  const writeIops = throttles(host.BlkioDeviceWriteIOps, 'Rate');
  if (writeIops.length) form.deviceWriteIops = writeIops;
  if (host.PidsLimit) form.pidsLimit = String(host.PidsLimit);

  // ---- streams `docker create` attaches (only for a container that is not started).
  if (!running) {
    const streams = (
      [
        ['stdin', config.AttachStdin],
        ['stdout', config.AttachStdout],
        ['stderr', config.AttachStderr],
      ] as const
    )
      .filter(([, on]) => on)
      .map(([stream]) => stream);
    // stdout and stderr (and stdin with -i) are what create attaches without -a.
    const usual = form.interactive ? ['stdin', 'stdout', 'stderr'] : ['stdout', 'stderr'];
    if (streams.length && JSON.stringify(streams) !== JSON.stringify(usual)) form.attach = streams;
  }

  return { form, extraNetworks, notes };
}
