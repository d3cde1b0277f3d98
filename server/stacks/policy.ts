import { posix } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { normalizeHostPath, type SecuritySettings } from '@/lib/settings/security';
import {
  checkContainerCreate,
  checkVolumeCreate,
  type EngineFacts,
  type PolicyReferences,
  type PolicyViolation,
} from '@/server/security/policy';

/**
 * The security policy for Compose stacks (issue 14): a non-admin's stack is judged on the file Compose would
 * run (`docker compose config --format json`), each service setting mapped to the Engine ContainerCreate
 * field it becomes and judged by the same functions as a container create; top-level volumes by the volume
 * create check (driver_opts `o: bind` / `type: none` + `device:` is a host path: the Portainer CVE class);
 * secrets and configs read from files, build contexts and watched paths are host paths too.
 */

export type StackPolicyViolation = PolicyViolation & { service: string | null };

export interface StackPolicyOptions {
  /**
   * The stack's own folder: build contexts, Dockerfiles and watched paths inside it are the stack's files.
   * Without it every local build context is judged as a host path.
   */
  projectDir?: string;
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function records(value: unknown): Json {
  return isRecord(value) ? value : {};
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function array(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Services and top-level sections of a rendered config; anything else reads as empty. */
function sections(config: unknown) {
  const root = records(config);
  return {
    services: Object.entries(records(root.services)).filter((entry): entry is [string, Json] =>
      isRecord(entry[1]),
    ),
    volumes: records(root.volumes),
    networks: records(root.networks),
    secrets: records(root.secrets),
    configs: records(root.configs),
  };
}

/** The engine name of a top-level volume or network: Compose renders it as `name` (project-prefixed or external). */
function engineName(section: Json, key: string): string {
  return text(records(section[key]).name) ?? key;
}

/** `container:X` → X; `service:X` (another service of this stack, judged on its own) and the rest → undefined. */
function joinedContainer(mode: unknown): string | undefined {
  const match = /^container:(.+)$/i.exec(text(mode)?.trim() ?? '');
  return match?.[1];
}

/** `volumes_from` entries of Compose: `container:X[:ro|rw]` is a container; a bare name is a service of the stack. */
function volumesFromContainer(entry: unknown): string | undefined {
  const match = /^container:(.+?)(?::(?:ro|rw))?$/.exec(text(entry) ?? '');
  return match?.[1];
}

const NAMESPACES: [string, string][] = [
  ['network_mode', 'NetworkMode'],
  ['pid', 'PidMode'],
  ['ipc', 'IpcMode'],
  ['uts', 'UTSMode'],
  ['userns_mode', 'UsernsMode'],
  ['cgroup', 'CgroupnsMode'],
];

/** A Compose mount (always long syntax in rendered configs) as the Engine Mount it becomes. */
function engineMount(mount: Json, volumes: Json): Json {
  const type = text(mount.type) ?? 'volume';
  let source = text(mount.source);
  if (type === 'volume' && source !== undefined && source !== '') source = engineName(volumes, source);
  const volume = records(mount.volume);
  return {
    Type: type,
    Source: source ?? '',
    Target: text(mount.target) ?? '',
    ...(volume.subpath !== undefined ? { VolumeOptions: { Subpath: volume.subpath } } : {}),
  };
}

/** Devices render as objects (`source`, `target`, `permissions`) or, from older writers, as `src:dst` strings. */
function engineDevice(device: unknown): unknown {
  if (!isRecord(device)) return device;
  return { PathOnHost: device.source, PathInContainer: device.target, CgroupPermissions: device.permissions };
}

function deviceRequests(service: Json): unknown[] {
  const reservations = records(records(records(service.deploy).resources).reservations);
  return [...array(service.gpus), ...array(reservations.devices)].map((request) => {
    const r = records(request);
    return {
      Driver: text(r.driver) ?? '',
      Count: typeof r.count === 'number' ? r.count : 0,
      DeviceIDs: r.device_ids ?? [],
      Capabilities: r.capabilities === undefined ? [] : [array(r.capabilities)],
    };
  });
}

function isSet(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isRecord(value)) return Object.keys(value).length > 0;
  return true;
}

/** One compose setting of a service and the Engine create body that expresses it. */
interface Probe {
  /** The setting's path inside the service (`volumes.0`, `network_mode`). */
  local: string;
  body: Json;
}

function hostConfig(local: string, fields: Json): Probe {
  return { local, body: { HostConfig: fields } };
}

/** A host path that the container (or a build, or a watch) reads: judged as a bind mount of it. */
function hostPathProbe(local: string, path: string): Probe {
  return hostConfig(local, { Mounts: [{ Type: 'bind', Source: path, Target: '/' }] });
}

function insideDir(path: string, dir: string | undefined): boolean {
  if (dir === undefined) return false;
  const target = normalizeHostPath(path);
  const base = normalizeHostPath(dir);
  if (target === undefined || base === undefined) return false;
  return target === base || target.startsWith(base === '/' ? '/' : `${base}/`);
}

/** Build contexts may be remote (git, https) or other sources (`docker-image://`, `service:`, `target:`). */
function isLocalPath(value: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:/i.test(value) && !value.startsWith('git@');
}

/** The host file a secret or config is read from (`file:`), if any. */
function fileSource(section: Json, reference: unknown): string | undefined {
  const key = isRecord(reference) ? text(reference.source) : text(reference);
  if (key === undefined) return undefined;
  return text(records(section[key]).file);
}

function serviceProbes(
  service: Json,
  all: ReturnType<typeof sections>,
  options: StackPolicyOptions,
): Probe[] {
  const probes: Probe[] = [];
  if (service.privileged === true) probes.push(hostConfig('privileged', { Privileged: true }));

  array(service.volumes).forEach((mount, i) => {
    if (isRecord(mount))
      probes.push(hostConfig(`volumes.${i}`, { Mounts: [engineMount(mount, all.volumes)] }));
    // Short syntax only reaches here if a config was not rendered by Compose: read as the CLI's -v.
    else if (typeof mount === 'string') probes.push(hostConfig(`volumes.${i}`, { Binds: [mount] }));
  });
  array(service.volumes_from).forEach((entry, i) => {
    const container = volumesFromContainer(entry);
    if (container !== undefined)
      probes.push(
        hostConfig(`volumes_from.${i}`, { VolumesFrom: [(text(entry) ?? '').replace(/^container:/, '')] }),
      );
  });

  for (const [key, field] of NAMESPACES) {
    const mode = text(service[key]);
    if (mode === undefined || /^service:/i.test(mode.trim())) continue;
    probes.push(hostConfig(key, { [field]: mode }));
  }
  for (const key of Object.keys(records(service.networks))) {
    const name = engineName(all.networks, key);
    probes.push({
      local: `networks.${key}`,
      body: { NetworkingConfig: { EndpointsConfig: { [name]: {} } } },
    });
  }

  if (isSet(service.cap_add)) probes.push(hostConfig('cap_add', { CapAdd: service.cap_add }));
  if (isSet(service.devices))
    probes.push(hostConfig('devices', { Devices: array(service.devices).map(engineDevice) }));
  if (isSet(service.device_cgroup_rules))
    probes.push(hostConfig('device_cgroup_rules', { DeviceCgroupRules: service.device_cgroup_rules }));
  const requests = deviceRequests(service);
  if (requests.length > 0)
    probes.push(
      hostConfig(isSet(service.gpus) ? 'gpus' : 'deploy.resources.reservations.devices', {
        DeviceRequests: requests,
      }),
    );
  if (isSet(service.sysctls)) {
    // Rendered as a mapping; a list (`- net.x=1`) only from configs Compose did not render.
    const sysctls = isRecord(service.sysctls)
      ? service.sysctls
      : Object.fromEntries(
          array(service.sysctls)
            .filter((entry): entry is string => typeof entry === 'string')
            .map((entry) => entry.split('=')),
        );
    probes.push(hostConfig('sysctls', { Sysctls: sysctls }));
  }
  if (isSet(service.security_opt))
    probes.push(hostConfig('security_opt', { SecurityOpt: service.security_opt }));
  if (isSet(service.cgroup_parent))
    probes.push(hostConfig('cgroup_parent', { CgroupParent: service.cgroup_parent }));
  if (isSet(service.runtime)) probes.push(hostConfig('runtime', { Runtime: service.runtime }));

  // Compose bind-mounts a file-backed secret or config into the container: a host file the user names.
  for (const [key, section] of [
    ['secrets', all.secrets],
    ['configs', all.configs],
  ] as const) {
    array(service[key]).forEach((reference, i) => {
      const file = fileSource(section, reference);
      if (file !== undefined) probes.push(hostPathProbe(`${key}.${i}`, file));
    });
  }

  probes.push(...buildProbes(records(service.build), all, options));

  array(records(service.develop).watch).forEach((rule, i) => {
    const path = text(records(rule).path);
    if (path !== undefined && !insideDir(path, options.projectDir))
      probes.push(hostPathProbe(`develop.watch.${i}.path`, path));
  });
  return probes;
}

/** A build runs on the engine too: privileged and host-network builds, and the host files it sends or mounts. */
function buildProbes(build: Json, all: ReturnType<typeof sections>, options: StackPolicyOptions): Probe[] {
  if (Object.keys(build).length === 0) return [];
  const probes: Probe[] = [];
  if (build.privileged === true) probes.push(hostConfig('build.privileged', { Privileged: true }));
  if (isSet(build.entitlements)) probes.push(hostConfig('build.entitlements', { Privileged: true }));
  const network = text(build.network);
  if (network !== undefined) probes.push(hostConfig('build.network', { NetworkMode: network }));

  const context = text(build.context);
  if (context !== undefined && isLocalPath(context) && !insideDir(context, options.projectDir))
    probes.push(hostPathProbe('build.context', context));
  const dockerfile = text(build.dockerfile);
  if (dockerfile?.startsWith('/') && !insideDir(dockerfile, options.projectDir))
    probes.push(hostPathProbe('build.dockerfile', dockerfile));
  for (const [name, value] of Object.entries(records(build.additional_contexts))) {
    const path = text(value);
    if (path !== undefined && isLocalPath(path) && !insideDir(path, options.projectDir))
      probes.push(hostPathProbe(`build.additional_contexts.${name}`, path));
  }
  array(build.secrets).forEach((reference, i) => {
    const file = fileSource(all.secrets, reference);
    if (file !== undefined) probes.push(hostPathProbe(`build.secrets.${i}`, file));
  });
  // `ssh: [default]` hands the server's SSH agent to the build; `id=/path` a host key file.
  array(build.ssh).forEach((entry, i) => {
    const spec = text(entry) ?? '';
    const path = spec.includes('=') ? spec.slice(spec.indexOf('=') + 1) : '';
    probes.push(
      hostPathProbe(`build.ssh.${i}`, path.startsWith('/') ? path : `(SSH agent of the server: ${spec})`),
    );
  });
  return probes;
}

/**
 * `Host bind mounts are not allowed … (setting "x"): /etc` + where it is in the service, and the engine volume
 * that was judged when the problem lies in an existing volume's options.
 */
function located(
  violation: PolicyViolation,
  service: string | null,
  path: string,
  local: string,
): StackPolicyViolation {
  const volume = /\(volume "([^"]+)" options\)/.exec(violation.path)?.[1];
  const where = volume === undefined ? local : `${local}, existing volume "${volume}"`;
  return { ...violation, path, service, message: `${violation.message} (${where})` };
}

/** Every container and named volume a rendered config refers to: what the engine facts must hold. */
export function stackPolicyReferences(config: unknown): PolicyReferences {
  const all = sections(config);
  const containers = new Set<string>();
  const volumes = new Set<string>();
  for (const [, service] of all.services) {
    for (const [key] of NAMESPACES) {
      const name = joinedContainer(service[key]);
      if (name) containers.add(name);
    }
    for (const entry of array(service.volumes_from)) {
      const name = volumesFromContainer(entry);
      if (name) containers.add(name);
    }
    for (const mount of array(service.volumes)) {
      if (!isRecord(mount) || (text(mount.type) ?? 'volume') !== 'volume') continue;
      const source = text(mount.source);
      if (source) volumes.add(engineName(all.volumes, source));
    }
  }
  return { containers: [...containers], volumes: [...volumes] };
}

/**
 * Judges a rendered config for a non-admin: each service setting through checkContainerCreate, each
 * top-level volume through checkVolumeCreate. `facts` holds what stackPolicyReferences names (an existing
 * volume of the same name is reused by Compose, whatever the file says of it).
 */
export function checkStackConfig(
  config: unknown,
  settings: SecuritySettings,
  facts: EngineFacts,
  options: StackPolicyOptions = {},
): StackPolicyViolation[] {
  const all = sections(config);
  const violations: StackPolicyViolation[] = [];
  for (const [name, service] of all.services) {
    for (const probe of serviceProbes(service, all, options)) {
      const path = `services.${name}.${probe.local}`;
      for (const violation of checkContainerCreate(probe.body, settings, facts))
        violations.push(located(violation, name, path, probe.local));
    }
  }
  for (const [key, volume] of Object.entries(all.volumes)) {
    const spec = records(volume);
    // An external volume is not created by Compose: what it is was judged through the facts where mounted.
    if (spec.external === true) continue;
    const body = { Driver: text(spec.driver) ?? 'local', DriverOpts: spec.driver_opts };
    for (const violation of checkVolumeCreate(body, settings)) {
      const violationPath = violation.path.replace(/^DriverOpts/, 'driver_opts');
      violations.push({
        ...violation,
        service: null,
        path: `volumes.${key}.${violationPath}`,
        message: `top-level volume "${key}": ${violation.message}`,
      });
    }
  }
  return violations;
}

/** The text of the 403: `service "web": Privileged mode is not allowed …`. */
export function stackViolationMessage(violation: StackPolicyViolation): string {
  return violation.service === null
    ? violation.message
    : `service "${violation.service}": ${violation.message}`;
}

// ---------------------------------------------------------------------------------------------------------
// Files Compose reads while rendering

/** A path as Compose resolves it against the stack folder; undefined when it cannot be known (`${X}`, `~`). */
function resolveAgainst(dir: string, path: string): string | undefined {
  if (path.includes('$') || path.startsWith('~')) return undefined;
  return posix.resolve(dir, path);
}

function pathsOf(value: unknown, key = 'path'): string[] {
  const entries = Array.isArray(value) ? value : [value];
  return entries.flatMap((entry) => {
    if (typeof entry === 'string') return [entry];
    if (isRecord(entry)) {
      const path = entry[key];
      return typeof path === 'string'
        ? [path]
        : array(path).filter((p): p is string => typeof p === 'string');
    }
    return [];
  });
}

/** A host-path probe refers to no engine object. */
const NO_LOOKUPS: EngineFacts = { container: () => undefined, volume: () => null };

/** The files a compose text makes Compose read on the server, each with where it is named. */
function sourceFiles(text: string): { local: string; service: string | null; path: string }[] {
  const found: { local: string; service: string | null; path: string }[] = [];
  for (const doc of parseAllDocuments(text, { merge: true })) {
    let root: unknown;
    try {
      root = doc.toJS({ maxAliasCount: 1000 });
    } catch {
      continue; // Not readable YAML: Compose refuses it before reading anything.
    }
    const top = records(root);
    array(top.include).forEach((entry, i) => {
      for (const path of pathsOf(entry)) found.push({ local: `include.${i}`, service: null, path });
      for (const path of pathsOf(records(entry).env_file, 'path'))
        found.push({ local: `include.${i}.env_file`, service: null, path });
      const dir = records(entry).project_directory;
      if (typeof dir === 'string')
        found.push({ local: `include.${i}.project_directory`, service: null, path: dir });
    });
    for (const [name, service] of Object.entries(records(top.services))) {
      const spec = records(service);
      pathsOf(spec.env_file).forEach((path, i) => {
        found.push({ local: `env_file.${i}`, service: name, path });
      });
      const file = records(spec.extends).file;
      if (typeof file === 'string') found.push({ local: 'extends.file', service: name, path: file });
      pathsOf(spec.label_file).forEach((path, i) => {
        found.push({ local: `label_file.${i}`, service: name, path });
      });
    }
  }
  return found;
}

/**
 * Before Compose renders anything: the files it would read on the server to do so (`env_file`, `extends.file`,
 * `include`) must lie in the stack's own folder, or pass the host-path policy. Compose puts what it reads into
 * the rendered config (an env file's variables), so a file elsewhere would be shown to the user. Judge the raw
 * texts with this, then render, then judge the rendered config with checkStackConfig.
 */
export function checkStackSources(
  texts: { compose: string; override?: string },
  settings: SecuritySettings,
  projectDir: string,
): StackPolicyViolation[] {
  const violations: StackPolicyViolation[] = [];
  const files = [...sourceFiles(texts.compose), ...sourceFiles(texts.override ?? '')];
  for (const { local, service, path } of files) {
    const resolved = resolveAgainst(projectDir, path);
    if (resolved !== undefined && insideDir(resolved, projectDir)) continue;
    const probe = hostPathProbe(local, resolved ?? `${path} (a path that depends on variables)`);
    const where = service === null ? local : `services.${service}.${local}`;
    for (const violation of checkContainerCreate(probe.body, settings, NO_LOOKUPS))
      violations.push(located(violation, service, where, local));
  }
  return violations;
}
