import { type Document, isMap, isScalar, isSeq, parseDocument, Scalar, YAMLMap } from 'yaml';
import { type IgnoredRunOption, parseDockerRunDetailed } from '@/lib/containers/docker-run';
import type { ContainerForm } from '@/lib/containers/form';
import { parseMount } from '@/lib/containers/run-specs';

/**
 * A pasted `docker run …` line as a Compose service (Dockge's composerize idea, issue 14), read by our own
 * `docker run` parser (lib/containers/docker-run.ts) so both paste boxes understand the same commands, and
 * added to a compose file without losing its comments. Browser-safe.
 */

export type ComposeService = Record<string, unknown>;

export interface ServiceFromRun {
  /** The service name: the container's `--name`, else the image's name. */
  name: string;
  service: ComposeService;
  /** A whole compose file with just this service (and the volumes and networks it needs). */
  yaml: string;
  /** What could not be carried over, in words a user can act on (the parser's, less what Compose expresses). */
  warnings: string[];
}

/** The compose text cannot take a service: not YAML, or `services` is not a mapping. */
export class ComposeEditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ComposeEditError';
  }
}

/**
 * Compose interpolates `$` everywhere in a file; what the shell left literal must stay literal (`$$`). A
 * `${NAME}` is what our parser keeps for a shell variable: Compose fills it from the environment or `.env`,
 * as the shell would have.
 */
function literal(value: string): string {
  return value.replace(/\$(?!\{[A-Za-z_][A-Za-z0-9_]*\})/g, '$$$$');
}

function keyValue(entry: string): [string, string] {
  const at = entry.indexOf('=');
  return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
}

function toMapping(entries: readonly string[]): Record<string, string> {
  const mapping: Record<string, string> = {};
  // Like docker: a key given twice keeps its last value.
  for (const entry of entries) {
    const [key, value] = keyValue(entry);
    mapping[literal(key)] = literal(value);
  }
  return mapping;
}

/** A Compose service name from an image reference: `ghcr.io/acme/web-app:1.2@sha256:…` → `web-app`. */
function nameFromImage(image: string): string {
  const path = image.split('@')[0] ?? '';
  const last = path.split('/').pop() ?? '';
  const name = last
    .replace(/:[^:]*$/, '')
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '');
  return name === '' ? 'app' : name;
}

const asInteger = (value: string): number | string =>
  /^-?\d+$/.test(value) ? Number(value) : literal(value);

/** `--ulimit nofile=1024:2048` → `nofile: { soft: 1024, hard: 2048 }`; `nproc=512` → `nproc: 512`. */
function ulimit(value: string): [string, unknown] {
  const [name, limits] = keyValue(value);
  const [soft = '', hard] = limits.split(':');
  return hard === undefined
    ? [name, asInteger(soft)]
    : [name, { soft: asInteger(soft), hard: asInteger(hard) }];
}

type Mapper = (service: ComposeService, value: string | true) => void;

const appendTo =
  (key: string): Mapper =>
  (service, value) => {
    if (value === true) return;
    service[key] = [...((service[key] as unknown[] | undefined) ?? []), literal(value)];
  };

const setTo =
  (key: string, convert: (value: string) => unknown = literal): Mapper =>
  (service, value) => {
    if (value !== true) service[key] = convert(value);
  };

const section = (service: ComposeService, key: string): Record<string, unknown> => {
  const current = service[key];
  if (typeof current === 'object' && current !== null && !Array.isArray(current))
    return current as Record<string, unknown>;
  const created: Record<string, unknown> = {};
  service[key] = created;
  return created;
};

/** Options the form refuses (Berth cannot create them) that Compose can still express. */
const IGNORED_TO_COMPOSE: Record<string, Mapper> = {
  'env-file': appendTo('env_file'),
  gpus: setTo('gpus'),
  isolation: setTo('isolation'),
};

/** `--mount` in Compose's long volume syntax. */
function mountToCompose(spec: string): Record<string, unknown> {
  const mount = parseMount(spec);
  return {
    type: mount.Type,
    ...(mount.Source ? { source: literal(mount.Source) } : {}),
    target: literal(mount.Target),
    ...(mount.ReadOnly ? { read_only: true } : {}),
    ...(mount.Consistency ? { consistency: mount.Consistency } : {}),
    ...(mount.BindOptions?.Propagation ? { bind: { propagation: mount.BindOptions.Propagation } } : {}),
    ...(mount.VolumeOptions?.NoCopy ? { volume: { nocopy: true } } : {}),
    ...(mount.TmpfsOptions?.SizeBytes !== undefined || mount.TmpfsOptions?.Mode !== undefined
      ? {
          tmpfs: {
            ...(mount.TmpfsOptions.SizeBytes !== undefined ? { size: mount.TmpfsOptions.SizeBytes } : {}),
            ...(mount.TmpfsOptions.Mode !== undefined ? { mode: mount.TmpfsOptions.Mode } : {}),
          },
        }
      : {}),
  };
}

/** The form's fields beyond the basic ones (issue 15), as Compose settings. */
function extrasToCompose(form: ContainerForm, service: ComposeService, left: string[]): void {
  const lists: [keyof ContainerForm, string][] = [
    ['capAdd', 'cap_add'],
    ['capDrop', 'cap_drop'],
    ['devices', 'devices'],
    ['deviceCgroupRules', 'device_cgroup_rules'],
    ['addHosts', 'extra_hosts'],
    ['dns', 'dns'],
    ['dnsSearch', 'dns_search'],
    ['dnsOptions', 'dns_opt'],
    ['tmpfs', 'tmpfs'],
    ['sysctls', 'sysctls'],
    ['securityOpts', 'security_opt'],
    ['expose', 'expose'],
    ['links', 'links'],
    ['groupAdd', 'group_add'],
  ];
  for (const [field, key] of lists) {
    const values = form[field];
    if (Array.isArray(values) && values.length > 0) service[key] = values.map((v) => literal(String(v)));
  }
  const texts: [keyof ContainerForm, string, (value: string) => unknown][] = [
    ['pid', 'pid', literal],
    ['ipc', 'ipc', literal],
    ['uts', 'uts', literal],
    ['userns', 'userns_mode', literal],
    ['cgroupns', 'cgroup', literal],
    ['cgroupParent', 'cgroup_parent', literal],
    ['shmSize', 'shm_size', literal],
    ['memoryReservation', 'mem_reservation', literal],
    ['memorySwap', 'memswap_limit', literal],
    ['memorySwappiness', 'mem_swappiness', asInteger],
    ['cpuShares', 'cpu_shares', asInteger],
    ['cpuPeriod', 'cpu_period', asInteger],
    ['cpuQuota', 'cpu_quota', asInteger],
    ['cpuRtPeriod', 'cpu_rt_period', asInteger],
    ['cpuRtRuntime', 'cpu_rt_runtime', asInteger],
    ['cpusetCpus', 'cpuset', literal],
    ['pidsLimit', 'pids_limit', asInteger],
    ['oomScoreAdj', 'oom_score_adj', asInteger],

    ['stopSignal', 'stop_signal', literal],
    ['stopTimeout', 'stop_grace_period', (v) => (/^\d+$/.test(v) ? `${v}s` : literal(v))],
    ['macAddress', 'mac_address', literal],
    ['platform', 'platform', literal],
    ['pull', 'pull_policy', literal],
    ['runtime', 'runtime', literal],
    ['domainname', 'domainname', literal],
  ];
  for (const [field, key, convert] of texts) {
    const value = form[field];
    if (typeof value === 'string') service[key] = convert(value);
  }
  if (form.oomKillDisable) service.oom_kill_disable = true;
  const blkio: Record<string, unknown> = {};
  if (form.blkioWeight !== undefined) blkio.weight = asInteger(form.blkioWeight);
  const throttle = (specs: readonly string[] | undefined, key: string, field: 'weight' | 'rate') => {
    if (!specs?.length) return;
    blkio[key] = specs.map((spec) => {
      const colon = spec.lastIndexOf(':');
      const value = spec.slice(colon + 1);
      return { path: literal(spec.slice(0, colon)), [field]: asInteger(value) };
    });
  };
  throttle(form.blkioWeightDevices, 'weight_device', 'weight');
  throttle(form.deviceReadBps, 'device_read_bps', 'rate');
  throttle(form.deviceWriteBps, 'device_write_bps', 'rate');
  throttle(form.deviceReadIops, 'device_read_iops', 'rate');
  throttle(form.deviceWriteIops, 'device_write_iops', 'rate');
  if (Object.keys(blkio).length > 0) service.blkio_config = blkio;
  if (form.init !== undefined) service.init = form.init;
  if (form.readOnly) service.read_only = true;
  if (form.mounts?.length)
    service.volumes = [
      ...((service.volumes as unknown[] | undefined) ?? []),
      // An invalid mount is already among the parser's warnings.
      ...form.mounts.flatMap((spec) => {
        try {
          return [mountToCompose(spec)];
        } catch {
          return [];
        }
      }),
    ];
  if (form.volumesFrom?.length)
    // A container here; a bare name in Compose is a service of the stack.
    service.volumes_from = form.volumesFrom.map((v) =>
      literal(v.startsWith('container:') ? v : `container:${v}`),
    );
  if (form.ulimits?.length) {
    const ulimits: Record<string, unknown> = {};
    for (const spec of form.ulimits) {
      const [name, limit] = ulimit(spec);
      ulimits[literal(name)] = limit;
    }
    service.ulimits = ulimits;
  }
  if (form.logDriver !== undefined || form.logOpts?.length) {
    const logging = section(service, 'logging');
    if (form.logDriver !== undefined) logging.driver = literal(form.logDriver);
    if (form.logOpts?.length) logging.options = toMapping(form.logOpts);
  }
  if (form.noHealthcheck) section(service, 'healthcheck').disable = true;
  const health = section(service, 'healthcheck');
  if (form.healthCmd !== undefined) health.test = ['CMD-SHELL', literal(form.healthCmd)];
  if (form.healthInterval !== undefined) health.interval = literal(form.healthInterval);
  if (form.healthTimeout !== undefined) health.timeout = literal(form.healthTimeout);
  if (form.healthStartPeriod !== undefined) health.start_period = literal(form.healthStartPeriod);
  if (form.healthRetries !== undefined) health.retries = asInteger(form.healthRetries);
  if (Object.keys(health).length === 0) delete service.healthcheck;
  if (form.networkAliases?.length || form.ip || form.ip6 || form.linkLocalIps?.length) {
    const network = form.network;
    if (network !== undefined && Array.isArray(service.networks)) {
      service.networks = {
        [literal(network)]: {
          ...(form.networkAliases?.length ? { aliases: form.networkAliases.map(literal) } : {}),
          ...(form.ip ? { ipv4_address: form.ip } : {}),
          ...(form.ip6 ? { ipv6_address: form.ip6 } : {}),
          ...(form.linkLocalIps?.length ? { link_local_ips: form.linkLocalIps } : {}),
        },
      };
    }
  }
  if (form.storageOpts?.length) service.storage_opt = toMapping(form.storageOpts);
  if (form.volumeDriver !== undefined) service.volume_driver = literal(form.volumeDriver);
  if (form.attach?.length)
    left.push('-a has no Compose equivalent: Compose attaches to every service it runs');
}

/** Networks `docker run --network` can name that are modes in Compose rather than networks. */
function isNetworkMode(network: string): boolean {
  return ['host', 'none', 'bridge', 'default'].includes(network) || /^(container|service):/.test(network);
}

/** Named volumes in short syntax (`data:/data`), which Compose wants declared at the top level. */
function namedVolumes(service: ComposeService): string[] {
  const names: string[] = [];
  for (const volume of Array.isArray(service.volumes) ? service.volumes : []) {
    if (typeof volume === 'object' && volume !== null) {
      const { type, source } = volume as { type?: unknown; source?: unknown };
      if (type === 'volume' && typeof source === 'string' && source !== '') names.push(source);
      continue;
    }
    if (typeof volume !== 'string') continue;
    const parts = volume.split(':');
    const source = parts[0] ?? '';
    if (parts.length >= 2 && /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(source)) names.push(source);
  }
  return [...new Set(names)];
}

/** Networks listed by name: a `docker run --network` names one that already exists, so it is external. */
function externalNetworks(service: ComposeService): string[] {
  return Array.isArray(service.networks)
    ? service.networks.filter((n): n is string => typeof n === 'string' && n !== 'default')
    : [];
}

/**
 * Converts a pasted `docker run …` (or `docker create …`) line into a Compose service. Throws
 * DockerRunParseError when the line is no usable command, as the container paste box does.
 */
export function serviceFromDockerRun(line: string): ServiceFromRun {
  const { form, warnings, ignored } = parseDockerRunDetailed(line);
  const service: ComposeService = { image: literal(form.image) };
  const name = form.name ?? nameFromImage(form.image);
  if (form.name !== undefined) service.container_name = literal(form.name);
  if (form.entrypoint !== undefined) service.entrypoint = form.entrypoint.map(literal);
  if (form.command !== undefined) service.command = form.command.map(literal);
  if (form.restart !== undefined) service.restart = literal(form.restart);
  if (form.ports?.length) service.ports = form.ports.map(literal);
  if (form.volumes?.length) service.volumes = form.volumes.map(literal);
  if (form.env?.length) service.environment = toMapping(form.env);
  if (form.labels?.length) service.labels = toMapping(form.labels);
  if (form.network !== undefined) {
    if (isNetworkMode(form.network)) service.network_mode = literal(form.network);
    else service.networks = [literal(form.network)];
  }
  if (form.workingDir !== undefined) service.working_dir = literal(form.workingDir);
  if (form.user !== undefined) service.user = literal(form.user);
  if (form.hostname !== undefined) service.hostname = literal(form.hostname);
  if (form.memory !== undefined) service.mem_limit = literal(form.memory);
  if (form.cpus !== undefined)
    service.cpus = Number.isFinite(Number(form.cpus)) ? Number(form.cpus) : form.cpus;
  if (form.privileged) service.privileged = true;
  if (form.interactive) service.stdin_open = true;
  if (form.tty) service.tty = true;
  const extras: string[] = [];
  extrasToCompose(form, service, extras);

  const handled = new Set<IgnoredRunOption>();
  for (const option of ignored) {
    const map = IGNORED_TO_COMPOSE[option.option];
    if (map === undefined) continue;
    map(service, option.value);
    handled.add(option);
  }
  const handledWarnings = new Set([...handled].map((option) => option.warning));
  const left = [...warnings.filter((warning) => !handledWarnings.has(warning)), ...extras];
  if (form.publishAll)
    left.push('-P (publish all exposed ports) has no Compose equivalent: list the ports under "ports"');
  if (form.autoRemove) left.push('--rm has no Compose equivalent: Compose keeps the container until "down"');
  if (ignored.some((option) => option.option === 'env-file' && handled.has(option)))
    left.push('env_file: put the file next to compose.yaml, or Compose refuses the stack');

  return { name, service, yaml: addServiceToCompose('', name, service), warnings: left };
}

/** `name`, or `name-2`, `name-3`… when the file already has a service of that name. */
function freeName(taken: (name: string) => boolean, name: string): string {
  if (!taken(name)) return name;
  for (let i = 2; ; i++) {
    const candidate = `${name}-${i}`;
    if (!taken(candidate)) return candidate;
  }
}

/** The top-level mapping `key` of the document, created (at the end) when absent. */
function topLevel(doc: Document, key: string): YAMLMap {
  const current = doc.get(key, true);
  if (isMap(current)) return current;
  if (current !== undefined && current !== null && !(isScalar(current) && current.value === null))
    throw new ComposeEditError(`"${key}" in the compose file is not a mapping`);
  const created = new YAMLMap();
  doc.set(key, created);
  return created;
}

/**
 * The compose text with `service` added under `services` (as `name`, or `name-2`… if that is taken), and
 * the named volumes and external networks it uses declared at the top level. Comments and the rest of the
 * file are kept as written.
 */
export function addServiceToCompose(composeText: string, name: string, service: ComposeService): string {
  const doc: Document = parseDocument(composeText);
  if (doc.errors.length > 0)
    throw new ComposeEditError(`The compose file is not valid YAML: ${doc.errors[0]?.message ?? ''}`);
  if (
    doc.contents !== null &&
    !isMap(doc.contents) &&
    !(isScalar(doc.contents) && doc.contents.value === null)
  )
    throw new ComposeEditError('The compose file is not a mapping');
  if (!isMap(doc.contents)) doc.contents = new YAMLMap();

  const services = topLevel(doc, 'services');
  const serviceName = freeName((n) => services.has(n), name);
  const node = doc.createNode(service);
  // `80:80` unquoted is a base-60 number to YAML 1.1 readers: ports are written quoted, as Compose's docs advise.
  const ports = node.get('ports', true);
  if (isSeq(ports)) for (const port of ports.items) if (isScalar(port)) port.type = Scalar.QUOTE_DOUBLE;
  services.set(serviceName, node);

  const volumes = namedVolumes(service);
  if (volumes.length > 0) {
    const declared = topLevel(doc, 'volumes');
    for (const volume of volumes) if (!declared.has(volume)) declared.set(volume, doc.createNode({}));
  }
  const networks = externalNetworks(service);
  if (networks.length > 0) {
    const declared = topLevel(doc, 'networks');
    for (const network of networks)
      if (!declared.has(network)) declared.set(network, doc.createNode({ external: true }));
  }
  return doc.toString();
}
