import type { ContainerCreateOptions, EndpointSettings, HostConfig, PortBinding } from 'dockerode';
import {
  type ContainerForm,
  parseCpus,
  parseKeyValue,
  parseMemory,
  parsePortSpec,
  parseRestart,
  parseVolumeSpec,
} from '@/lib/containers/form';
import {
  parseBytes,
  parseDevice,
  parseDuration,
  parseExpose,
  parseMount,
  parseOption,
  parseThrottle,
  parseTmpfs,
  parseUlimit,
} from '@/lib/containers/run-specs';

/** The entries with a key given more than once reduced to its last one, in the order of the survivors. */
function lastByKey<T>(entries: readonly T[], key: (entry: T) => string): T[] {
  const last = new Map<string, number>();
  for (const [index, entry] of entries.entries()) last.set(key(entry), index);
  return entries.filter((entry, index) => last.get(key(entry)) === index);
}

const toMap = (entries: readonly string[], what: string): Record<string, string> =>
  Object.fromEntries(entries.map((entry) => parseOption(entry, what)));

/**
 * The engine's create body for a validated form, field for field what the docker CLI sends for the
 * equivalent `docker run` (see renderRunCommand). Throws InvalidSpecError on values the schema would reject.
 */
export function toCreateOptions(form: ContainerForm): ContainerCreateOptions {
  const options: ContainerCreateOptions = { Image: form.image };
  const host: HostConfig = {};

  if (form.name) options.name = form.name;
  if (form.command?.length) options.Cmd = form.command;
  if (form.entrypoint) options.Entrypoint = form.entrypoint;
  // A variable (or ulimit) given twice keeps its last value, as the CLI's map of them does.
  if (form.env?.length) options.Env = lastByKey(form.env, (entry) => entry.split('=')[0] ?? entry);
  if (form.labels?.length) {
    options.Labels = Object.fromEntries(
      form.labels.map((label) => {
        const { key, value } = parseKeyValue(label);
        return [key, value];
      }),
    );
  }
  if (form.workingDir) options.WorkingDir = form.workingDir;
  if (form.user) options.User = form.user;
  if (form.hostname) options.Hostname = form.hostname;
  if (form.tty) options.Tty = true;
  if (form.interactive) options.OpenStdin = true;
  if (form.start === false) {
    // As `docker create` sets them (a started container is detached, as `docker run -d`, and attaches nothing):
    // the streams of -a, else stdout and stderr; stdin with -i; stdin closes after one attach when both.
    const attach = new Set(form.attach ?? []);
    if (attach.size === 0) {
      attach.add('stdout');
      attach.add('stderr');
    }
    if (form.interactive) attach.add('stdin');
    if (attach.has('stdin')) options.AttachStdin = true;
    if (attach.has('stdout')) options.AttachStdout = true;
    if (attach.has('stderr')) options.AttachStderr = true;
    if (form.interactive && attach.has('stdin')) options.StdinOnce = true;
  }
  if (form.domainname) options.Domainname = form.domainname;
  if (form.macAddress) options.MacAddress = form.macAddress;
  if (form.stopSignal) options.StopSignal = form.stopSignal;
  if (form.stopTimeout) options.StopTimeout = Number(form.stopTimeout);
  const interval = form.healthInterval ? parseDuration(form.healthInterval) : 0;
  const timeout = form.healthTimeout ? parseDuration(form.healthTimeout) : 0;
  const startPeriod = form.healthStartPeriod ? parseDuration(form.healthStartPeriod) : 0;
  const retries = form.healthRetries ? Number(form.healthRetries) : 0;
  if (form.noHealthcheck) options.Healthcheck = { Test: ['NONE'] };
  else if (form.healthCmd !== undefined || interval || timeout || startPeriod || retries) {
    // What the CLI sends: zero for what is not given (the engine's default), no test without --health-cmd.
    options.Healthcheck = {
      ...(form.healthCmd !== undefined ? { Test: ['CMD-SHELL', form.healthCmd] } : {}),
      Interval: interval,
      Timeout: timeout,
      StartPeriod: startPeriod,
      Retries: retries,
    };
  }
  if (form.platform) (options as ContainerCreateOptions & { platform?: string }).platform = form.platform;

  const exposed: Record<string, object> = {};
  for (const spec of form.expose ?? []) for (const key of parseExpose(spec)) exposed[key] = {};
  if (form.ports?.length) {
    const bindings: Record<string, PortBinding[]> = {};
    for (const spec of form.ports) {
      const { hostIp = '', hostPorts, containerPorts, protocol } = parsePortSpec(spec);
      const count = containerPorts.end - containerPorts.start;
      for (let i = 0; i <= count; i++) {
        const key = `${containerPorts.start + i}/${protocol}`;
        // '' asks the engine for an ephemeral port; a host range for one container port means "any free one in it".
        let hostPort = '';
        if (hostPorts && count > 0) hostPort = String(hostPorts.start + i);
        else if (hostPorts) {
          hostPort =
            hostPorts.start === hostPorts.end
              ? String(hostPorts.start)
              : `${hostPorts.start}-${hostPorts.end}`;
        }
        exposed[key] = {};
        bindings[key] = [...(bindings[key] ?? []), { HostIp: hostIp, HostPort: hostPort }];
      }
    }
    host.PortBindings = bindings;
  }
  if (Object.keys(exposed).length > 0) options.ExposedPorts = exposed;
  if (form.publishAll) host.PublishAllPorts = true;

  // A `-v` given twice is one mount, as in the CLI's map of them.
  for (const spec of new Set(form.volumes ?? [])) {
    // Like the CLI: anonymous volumes (which take no options) go in Volumes, the rest in Binds.
    if (parseVolumeSpec(spec).kind === 'anonymous') options.Volumes = { ...options.Volumes, [spec]: {} };
    else host.Binds = [...(host.Binds ?? []), spec];
  }

  if (form.network) host.NetworkMode = form.network;
  // "no" unless given, as the CLI sends it (the engine would otherwise store an empty name).
  const policy = form.restart ? parseRestart(form.restart) : { name: 'no', maximumRetryCount: 0 };
  host.RestartPolicy = { Name: policy.name, MaximumRetryCount: policy.maximumRetryCount };
  if (form.memory) host.Memory = parseMemory(form.memory);
  if (form.cpus) host.NanoCpus = parseCpus(form.cpus);
  if (form.privileged) host.Privileged = true;
  if (form.autoRemove) host.AutoRemove = true;

  if (form.mounts?.length) host.Mounts = form.mounts.map(parseMount) as HostConfig['Mounts'];
  if (form.tmpfs?.length)
    host.Tmpfs = Object.fromEntries(form.tmpfs.map((spec) => Object.values(parseTmpfs(spec))));
  if (form.capAdd?.length) host.CapAdd = form.capAdd;
  if (form.capDrop?.length) host.CapDrop = form.capDrop;
  if (form.devices?.length) host.Devices = form.devices.map(parseDevice);
  if (form.deviceCgroupRules?.length) host.DeviceCgroupRules = form.deviceCgroupRules;
  if (form.addHosts?.length) host.ExtraHosts = form.addHosts;
  if (form.dns?.length) host.Dns = form.dns;
  if (form.dnsSearch?.length) host.DnsSearch = form.dnsSearch;
  if (form.dnsOptions?.length) host.DnsOptions = form.dnsOptions;
  if (form.ulimits?.length) host.Ulimits = lastByKey(form.ulimits.map(parseUlimit), (ulimit) => ulimit.Name);
  if (form.logDriver || form.logOpts?.length)
    host.LogConfig = { Type: form.logDriver ?? '', Config: toMap(form.logOpts ?? [], 'a log option') };
  if (form.init !== undefined) host.Init = form.init;
  if (form.readOnly) host.ReadonlyRootfs = true;
  if (form.shmSize) host.ShmSize = parseBytes(form.shmSize);
  if (form.pid) host.PidMode = form.pid;
  if (form.ipc) host.IpcMode = form.ipc;
  if (form.uts) host.UTSMode = form.uts;
  if (form.userns) host.UsernsMode = form.userns;
  if (form.cgroupns) (host as HostConfig & { CgroupnsMode?: string }).CgroupnsMode = form.cgroupns;
  if (form.cgroupParent) host.CgroupParent = form.cgroupParent;
  if (form.securityOpts?.length) host.SecurityOpt = form.securityOpts;
  if (form.sysctls?.length) host.Sysctls = toMap(form.sysctls, 'a sysctl');
  if (form.storageOpts?.length) host.StorageOpt = toMap(form.storageOpts, 'a storage option');
  if (form.groupAdd?.length) host.GroupAdd = form.groupAdd;
  if (form.memoryReservation) host.MemoryReservation = parseBytes(form.memoryReservation);
  if (form.memorySwap) host.MemorySwap = form.memorySwap === '-1' ? -1 : parseBytes(form.memorySwap);
  // -1 is the CLI's "not given".
  if (form.memorySwappiness && form.memorySwappiness !== '-1')
    host.MemorySwappiness = Number(form.memorySwappiness);
  if (form.oomKillDisable) host.OomKillDisable = true;
  if (form.oomScoreAdj) host.OomScoreAdj = Number(form.oomScoreAdj);
  if (form.cpuShares) host.CpuShares = Number(form.cpuShares);
  if (form.cpusetCpus) host.CpusetCpus = form.cpusetCpus;
  if (form.cpusetMems) host.CpusetMems = form.cpusetMems;
  if (form.cpuPeriod) host.CpuPeriod = Number(form.cpuPeriod);
  if (form.cpuQuota) host.CpuQuota = Number(form.cpuQuota);
  if (form.cpuRtPeriod) host.CpuRealtimePeriod = Number(form.cpuRtPeriod);
  if (form.cpuRtRuntime) host.CpuRealtimeRuntime = Number(form.cpuRtRuntime);
  if (form.blkioWeight) host.BlkioWeight = Number(form.blkioWeight);
  const throttles = (specs: readonly string[] | undefined, kind: 'weight' | 'bps' | 'iops') =>
    specs?.length ? specs.map((spec) => parseThrottle(spec, kind)) : undefined;
  const weightDevices = throttles(form.blkioWeightDevices, 'weight');
  if (weightDevices) host.BlkioWeightDevice = weightDevices as HostConfig['BlkioWeightDevice'];
  const readBps = throttles(form.deviceReadBps, 'bps');
  if (readBps) host.BlkioDeviceReadBps = readBps as HostConfig['BlkioDeviceReadBps'];
  const writeBps = throttles(form.deviceWriteBps, 'bps');
  if (writeBps) host.BlkioDeviceWriteBps = writeBps as HostConfig['BlkioDeviceWriteBps'];
  const readIops = throttles(form.deviceReadIops, 'iops');
  if (readIops) host.BlkioDeviceReadIOps = readIops as HostConfig['BlkioDeviceReadIOps'];
  const writeIops = throttles(form.deviceWriteIops, 'iops');
  if (writeIops) host.BlkioDeviceWriteIOps = writeIops as HostConfig['BlkioDeviceWriteIOps'];
  if (form.pidsLimit) host.PidsLimit = Number(form.pidsLimit);
  if (form.links?.length) host.Links = form.links;
  if (form.volumesFrom?.length) host.VolumesFrom = form.volumesFrom;
  if (form.volumeDriver) host.VolumeDriver = form.volumeDriver;
  if (form.runtime) host.Runtime = form.runtime;

  // The endpoint on the one network, as the CLI builds it (aliases and fixed addresses need a user network).
  const endpoint: EndpointSettings = {};
  if (form.ip || form.ip6 || form.linkLocalIps?.length) {
    endpoint.IPAMConfig = {
      ...(form.ip ? { IPv4Address: form.ip } : {}),
      ...(form.ip6 ? { IPv6Address: form.ip6 } : {}),
      ...(form.linkLocalIps?.length ? { LinkLocalIPs: form.linkLocalIps } : {}),
    };
  }
  const userDefined =
    form.network !== undefined &&
    !['default', 'bridge', 'host', 'none'].includes(form.network) &&
    !form.network.startsWith('container:');
  if (userDefined && form.links?.length) endpoint.Links = form.links;
  if (form.networkAliases?.length) endpoint.Aliases = form.networkAliases;
  if (form.network && Object.keys(endpoint).length > 0)
    options.NetworkingConfig = { EndpointsConfig: { [form.network]: endpoint } };

  // Always sent, as the CLI does: with a HostConfig the engine fills in its defaults (the runtime, for one).
  options.HostConfig = host;
  return options;
}
