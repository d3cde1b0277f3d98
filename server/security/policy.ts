import { normalizeHostPath, type SecuritySettings } from '@/lib/settings/security';

/**
 * The one place that decides whether a non-admin request may create or change a container. Every check reads
 * the whole body as the engine will: untrusted, any shape, and with Go's encoding/json rules (object keys
 * match struct fields case-insensitively, so `hostconfig.privileged` counts as `HostConfig.Privileged`).
 * Denied unless a setting allows it. The caller must forward the very object it checked, re-serialised:
 * raw text with duplicate keys parses differently in JavaScript than in Go.
 */

export type PolicyViolation = { setting: keyof SecuritySettings; path: string; message: string };

/** What the engine says of a container a request refers to (`container:<X>` modes, VolumesFrom). */
export interface ReferencedContainer {
  name: string;
  /** The engine's HostConfig of it, as inspect returns it. */
  hostConfig: unknown;
  /** Its actual mounts, as inspect returns them (Type, Source, Name). */
  mounts: unknown;
}

/** What the engine says of a named volume a request mounts: its driver and driver options. */
export interface ReferencedVolume {
  driver: string;
  options: unknown;
}

/**
 * The engine objects a request refers to, looked up before the check (server/docker/policy-facts.ts). A
 * container that is `undefined` was not looked up, so the request is refused as uncheckable; a volume that is
 * `null` does not exist (the engine will create an empty local one).
 */
export interface EngineFacts {
  container(ref: string): ReferencedContainer | undefined;
  volume(name: string): ReferencedVolume | null | undefined;
}

/** No lookups: whatever depends on another object is refused as uncheckable. */
export const NO_ENGINE_FACTS: EngineFacts = { container: () => undefined, volume: () => undefined };

const SERVICE_ENGINE_FACTS: EngineFacts = { container: () => undefined, volume: () => null };

/** The containers and volumes a create body refers to: what the facts must hold. */
export interface PolicyReferences {
  containers: string[];
  volumes: string[];
}

type Flag = Exclude<keyof SecuritySettings, 'bindMountAllowList'>;

const SUBJECTS: Record<Flag, string> = {
  allowPrivileged: 'Privileged mode is',
  allowHostBindMounts: 'Host bind mounts are',
  allowHostNamespaces: 'Host namespaces are',
  allowCapabilities: 'Added capabilities are',
  allowDevices: 'Host devices are',
  allowSysctls: 'Sysctls are',
  allowSecurityOpt: 'Relaxed security options are',
  allowExecUser: 'Choosing the exec user is',
};

export class PolicyError extends Error {
  readonly violations: PolicyViolation[];

  constructor(violations: PolicyViolation[]) {
    super(violations.map((violation) => violation.message).join('\n'));
    this.name = 'PolicyError';
    this.violations = violations;
  }

  /** The settings an admin would have to change, each once. */
  get settings(): (keyof SecuritySettings)[] {
    return [...new Set(this.violations.map((violation) => violation.setting))];
  }
}

export function assertAllowed(violations: PolicyViolation[]): void {
  if (violations.length > 0) throw new PolicyError(violations);
}

/** Whether a host path lies inside an allow-list prefix, compared on whole path components. */
export function isHostPathAllowed(path: string, allowList: readonly string[]): boolean {
  const target = normalizeHostPath(path);
  if (target === undefined) return false;
  return allowList.some((entry) => {
    const prefix = typeof entry === 'string' ? normalizeHostPath(entry) : undefined;
    if (prefix === undefined) return false;
    return prefix === '/' || target === prefix || target.startsWith(`${prefix}/`);
  });
}

// ---------------------------------------------------------------------------------------------------------
// Reading untrusted JSON the way the engine does

type Entry = { path: string; value: unknown };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(base: string, key: string | number): string {
  return base ? `${base}.${key}` : String(key);
}

/** Go's fold: upper(lower(rune)), so `ſ`, `K` (Kelvin), `ı` and `İ` match ASCII letters as the engine sees them. */
function foldName(name: string): string {
  let folded = '';
  for (const char of name) {
    const lower = String.fromCodePoint(char.toLowerCase().codePointAt(0) ?? 0);
    folded += String.fromCodePoint(lower.toUpperCase().codePointAt(0) ?? 0);
  }
  return folded;
}

/** Every value the engine would decode into struct field `name`: all keys that fold to it, not only the first. */
function fields(value: unknown, name: string, base: string): Entry[] {
  if (!isRecord(value)) return [];
  const wanted = foldName(name);
  return Object.keys(value)
    .filter((key) => foldName(key) === wanted)
    .map((key) => ({ path: join(base, key), value: value[key] }));
}

function items(entry: Entry): Entry[] {
  return Array.isArray(entry.value)
    ? entry.value.map((value, index) => ({ path: join(entry.path, index), value }))
    : [];
}

/** Docker's StrSlice: a JSON string is read as a one-element list. */
function strSlice(value: unknown): unknown[] {
  if (typeof value === 'string') return value === '' ? [] : [value];
  return Array.isArray(value) ? value : [];
}

function strings(values: readonly unknown[]): string[] {
  return values.filter((value): value is string => typeof value === 'string');
}

function stringFields(value: unknown, name: string): string[] {
  return strings(fields(value, name, '').map((entry) => entry.value));
}

/** Whether a value asks for anything: false, 0, '', null and empty containers do not. */
function isSet(value: unknown, depth = 0): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === '') return false;
  if (depth > 8) return true;
  if (Array.isArray(value)) return value.some((item) => isSet(item, depth + 1));
  if (isRecord(value)) return Object.values(value).some((item) => isSet(item, depth + 1));
  return true;
}

function clip(text: string): string {
  return text.length > 160 ? `${text.slice(0, 159)}…` : text;
}

function list(values: readonly unknown[]): string {
  const named = strings(values).filter(Boolean);
  return named.length > 0 ? named.join(', ') : `${values.length} entr${values.length === 1 ? 'y' : 'ies'}`;
}

function hasDotDot(path: string): boolean {
  return path.split(/[\\/]/).includes('..');
}

class Findings {
  readonly violations: PolicyViolation[] = [];
  readonly settings: SecuritySettings;
  readonly engine: EngineFacts;
  /** How many `container:` joins deep this check is (a chain, or a cycle made with renames, ends here). */
  readonly depth: number;

  constructor(settings: SecuritySettings, engine: EngineFacts = NO_ENGINE_FACTS, depth = 0) {
    this.settings = settings;
    this.engine = engine;
    this.depth = depth;
  }

  refuse(setting: Flag, path: string, detail: string): void {
    // Strict comparison: a malformed stored setting such as the string "false" must not allow anything.
    if (this.settings[setting] === true) return;
    const message = `${SUBJECTS[setting]} not allowed for your role (setting "${setting}"): ${clip(detail)}`;
    this.violations.push({ setting, path, message });
  }

  hostPath(path: string, source: string): void {
    const allowList = Array.isArray(this.settings.bindMountAllowList) ? this.settings.bindMountAllowList : [];
    if (this.settings.allowHostBindMounts === true || isHostPathAllowed(source, allowList)) return;
    this.refuse('allowHostBindMounts', path, source || '(empty host path)');
  }
}

// ---------------------------------------------------------------------------------------------------------
// Mounts and volumes

const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** Mount types whose Source is never a host path; every other type (bind, npipe, unknown) is treated as one. */
const NON_HOST_MOUNT_TYPES = new Set(['volume', 'tmpfs', 'cluster', 'image']);

/** Local-driver filesystem types that mount remote or memory filesystems rather than anything on the host. */
const REMOTE_OR_MEMORY_FS = new Set(['nfs', 'nfs4', 'cifs', 'smb3', 'tmpfs']);

const MOUNT_MODE_GROUPS = [
  ['rw', 'ro'],
  ['z', 'Z'],
  ['shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate'],
  ['nocopy'],
];

/** The engine's ValidMountMode: comma-separated, at most one of each group (`ro`, `ro,Z`, `rw,rshared`). */
export function isMountMode(mode: string): boolean {
  const used = new Set<number>();
  for (const token of mode.split(',')) {
    const group = MOUNT_MODE_GROUPS.findIndex((names) => names.includes(token));
    if (group < 0 || used.has(group)) return false;
    used.add(group);
  }
  return true;
}

/**
 * The source of a `source:target[:mode]` bind, or undefined when the spec is only a container path. As the
 * engine parses it, `/data:ro` is the anonymous volume `/data` mounted read-only, not a bind of the host's /data.
 */
function bindSource(spec: string): string | undefined {
  // Windows drive or UNC/pipe paths: a host path on a Windows engine, and `C` would look like a volume name.
  if (/^[a-zA-Z]:[\\/]/.test(spec) || spec.startsWith('\\\\')) return spec;
  const parts = spec.split(':');
  if (parts.length < 2) return undefined;
  if (parts.length === 2 && isMountMode(parts[1] ?? '')) return undefined;
  return parts[0];
}

function checkBindSpec(findings: Findings, path: string, spec: string): void {
  const source = bindSource(spec);
  if (source === undefined) return;
  if (VOLUME_NAME.test(source)) checkNamedVolume(findings, path, source);
  else findings.hostPath(path, source);
}

/** A named volume that already exists may be a host directory an admin made (`-o type=none,o=bind`). */
function checkNamedVolume(findings: Findings, path: string, name: string): void {
  const volume = findings.engine.volume(name);
  if (volume === null) return;
  if (volume === undefined) {
    findings.refuse('allowHostBindMounts', path, `volume "${name}" could not be checked`);
    return;
  }
  checkDriverOptions(findings, [volume.driver], {
    path: `${path} (volume "${name}" options)`,
    value: volume.options,
  });
}

function isLocalDriver(name: string): boolean {
  return name === '' || name === 'local';
}

/**
 * Volume driver options. The local driver passes `type`, `o` and `device` to mount(2): with `bind` in `o`
 * (or type `none`) `device` is a host path; any other local filesystem type reads a host block device or host
 * directories (overlay's lowerdir=…). Other drivers' options cannot be checked at all.
 */
function checkDriverOptions(findings: Findings, drivers: readonly string[], options: Entry): void {
  const values = options.value;
  if (!isRecord(values) || Object.keys(values).length === 0) return;
  const foreign = drivers.find((driver) => !isLocalDriver(driver));
  if (foreign !== undefined) {
    findings.refuse(
      'allowHostBindMounts',
      options.path,
      `options of volume driver "${foreign}" cannot be checked`,
    );
    return;
  }
  const option = (name: string): { path: string; value: string }[] =>
    Object.entries(values).flatMap(([key, value]) =>
      key.toLowerCase() === name && typeof value === 'string'
        ? [{ path: join(options.path, key), value }]
        : [],
    );
  const fsTypes = option('type').map((entry) => entry.value.trim().toLowerCase());
  const mountOptions = option('o');
  const devices = option('device');

  if (mountOptions.some((entry) => /bind/i.test(entry.value)) || fsTypes.includes('none')) {
    for (const device of devices) findings.hostPath(device.path, device.value);
    return;
  }
  const where = devices[0] ?? mountOptions[0];
  if (where === undefined) return;
  if (fsTypes.length > 0 && fsTypes.every((type) => REMOTE_OR_MEMORY_FS.has(type))) return;
  findings.refuse(
    'allowHostBindMounts',
    where.path,
    `local volume of type "${fsTypes.join(', ')}" mounting "${where.value}"`,
  );
}

function checkSubpath(findings: Findings, options: Entry): void {
  for (const subpath of fields(options.value, 'Subpath', options.path)) {
    if (typeof subpath.value === 'string' && hasDotDot(subpath.value))
      findings.refuse('allowHostBindMounts', subpath.path, `subpath escaping its volume: ${subpath.value}`);
  }
}

/** A `Mounts` entry (container HostConfig or Swarm ContainerSpec); `fallbackDrivers` is HostConfig.VolumeDriver. */
function checkMount(findings: Findings, mount: Entry, fallbackDrivers: readonly string[]): void {
  if (!isRecord(mount.value)) return;
  const types = stringFields(mount.value, 'Type');
  const hostType = types.length === 0 || types.some((type) => !NON_HOST_MOUNT_TYPES.has(type));
  for (const source of fields(mount.value, 'Source', mount.path)) {
    if (typeof source.value !== 'string') continue;
    if (hostType) findings.hostPath(source.path, source.value);
    else if (types.includes('volume') && source.value !== '' && !VOLUME_NAME.test(source.value))
      findings.hostPath(source.path, source.value);
    else if (types.includes('volume') && source.value !== '')
      checkNamedVolume(findings, source.path, source.value);
  }

  for (const volumeOptions of fields(mount.value, 'VolumeOptions', mount.path)) {
    checkSubpath(findings, volumeOptions);
    for (const driverConfig of fields(volumeOptions.value, 'DriverConfig', volumeOptions.path)) {
      const named = stringFields(driverConfig.value, 'Name').filter(Boolean);
      const drivers = named.length > 0 ? named : fallbackDrivers.length > 0 ? fallbackDrivers : ['local'];
      for (const options of fields(driverConfig.value, 'Options', driverConfig.path))
        checkDriverOptions(findings, drivers, options);
    }
  }
  for (const imageOptions of fields(mount.value, 'ImageOptions', mount.path))
    checkSubpath(findings, imageOptions);
}

// ---------------------------------------------------------------------------------------------------------
// Container HostConfig

const NAMESPACE_MODES = ['NetworkMode', 'PidMode', 'IpcMode', 'UTSMode', 'UsernsMode', 'CgroupnsMode'];

function isHost(value: unknown): boolean {
  return typeof value === 'string' && value.trim().toLowerCase() === 'host';
}

function checkDevices(findings: Findings, config: unknown, base: string): void {
  for (const devices of fields(config, 'Devices', base)) {
    if (!Array.isArray(devices.value) || devices.value.length === 0) continue;
    const paths = devices.value.map((device) =>
      typeof device === 'string' ? device : stringFields(device, 'PathOnHost')[0],
    );
    findings.refuse('allowDevices', devices.path, list(paths));
  }
  for (const requests of fields(config, 'DeviceRequests', base)) {
    if (!Array.isArray(requests.value) || requests.value.length === 0) continue;
    const drivers = requests.value.map((request) => stringFields(request, 'Driver')[0] || 'GPU');
    findings.refuse('allowDevices', requests.path, `device requests (${list(drivers)})`);
  }
  for (const rules of fields(config, 'DeviceCgroupRules', base)) {
    if (Array.isArray(rules.value) && rules.value.length > 0)
      findings.refuse('allowDevices', rules.path, `device cgroup rules ${list(rules.value)}`);
  }
}

function checkCapabilities(
  findings: Findings,
  config: unknown,
  base: string,
  names: readonly string[],
): void {
  for (const name of names) {
    for (const caps of fields(config, name, base)) {
      const added = strSlice(caps.value);
      if (added.length > 0) findings.refuse('allowCapabilities', caps.path, list(added));
    }
  }
}

function checkSysctls(findings: Findings, config: unknown, base: string): void {
  for (const sysctls of fields(config, 'Sysctls', base)) {
    if (isRecord(sysctls.value) && Object.keys(sysctls.value).length > 0)
      findings.refuse('allowSysctls', sysctls.path, Object.keys(sysctls.value).join(', '));
  }
}

/** The X of a `container:<X>` namespace mode, or undefined for any other mode. */
function joinedContainer(value: string): string | undefined {
  const match = /^container:(.+)$/i.exec(value.trim());
  return match?.[1];
}

const MAX_JOIN_DEPTH = 5;

/**
 * `--network/--pid/--ipc container:X` shares X's namespace: a non-admin gets what X has. The network and IPC
 * namespaces are X's own unless X runs in the host's (directly or through a chain of joins); the PID namespace
 * also opens X's processes, and through /proc/<pid>/root its filesystem, so X must pass this user's policy whole.
 */
function checkNamespaceJoin(findings: Findings, path: string, mode: string, value: string): void {
  const name = joinedContainer(value);
  if (name === undefined) return;
  const target = findings.engine.container(name);
  if (target === undefined || findings.depth >= MAX_JOIN_DEPTH) {
    findings.refuse('allowHostNamespaces', path, `${mode}=container:${name} could not be checked`);
    return;
  }
  // X judged as if this user had made it: its own joins are followed one level deeper.
  const inner = new Findings(findings.settings, findings.engine, findings.depth + 1);
  if (mode === 'PidMode') {
    // The whole of X: its PID mode (and joins) as well as whatever its processes can reach.
    checkHostConfig(inner, target.hostConfig, '', []);
    checkActualMounts(inner, 'Mounts', target.mounts);
  } else {
    const joined = stringFields(target.hostConfig, mode)[0] ?? '';
    if (isHost(joined)) inner.refuse('allowHostNamespaces', mode, `${target.name} runs with ${mode}=host`);
    else checkNamespaceJoin(inner, mode, mode, joined);
  }
  for (const violation of inner.violations) {
    const message = `${violation.message} (reached through ${mode}=container:${name})`;
    if (!findings.violations.some((v) => v.path === path && v.message === message))
      findings.violations.push({ setting: violation.setting, path, message });
  }
}

/** The container of a `--volumes-from X[:ro|:rw]` entry. */
function volumesFromContainer(spec: string): string {
  return spec.replace(/:(ro|rw)$/, '');
}

/** `--volumes-from X[:ro|:rw]`: every mount X really has, judged as if this user mounted it. */
function checkVolumesFrom(findings: Findings, path: string, spec: string): void {
  const name = volumesFromContainer(spec);
  const target = findings.engine.container(name);
  if (target === undefined) {
    findings.refuse('allowHostBindMounts', path, `volumes from ${name} could not be checked`);
    return;
  }
  checkActualMounts(findings, path, target.mounts);
}

/** A container's mounts as inspect lists them: binds are host paths, volumes are judged by their options. */
function checkActualMounts(findings: Findings, path: string, mounts: unknown): void {
  if (!Array.isArray(mounts)) return;
  for (const mount of mounts) {
    const type = stringFields(mount, 'Type')[0] ?? '';
    const source = stringFields(mount, 'Source')[0] ?? '';
    const name = stringFields(mount, 'Name')[0] ?? '';
    if (type === 'bind') findings.hostPath(path || 'mounts', source);
    else if (type === 'volume' && name) checkNamedVolume(findings, path || 'mounts', name);
  }
}

function checkHostConfig(findings: Findings, config: unknown, base: string, volumeDrivers: string[]): void {
  if (!isRecord(config)) return;

  for (const privileged of fields(config, 'Privileged', base)) {
    if (privileged.value === true) findings.refuse('allowPrivileged', privileged.path, 'Privileged=true');
  }

  for (const binds of fields(config, 'Binds', base)) {
    for (const bind of items(binds)) {
      if (typeof bind.value === 'string') checkBindSpec(findings, bind.path, bind.value);
    }
  }
  for (const mounts of fields(config, 'Mounts', base)) {
    for (const mount of items(mounts)) checkMount(findings, mount, volumeDrivers);
  }
  // Inherits every mount of the other container: judged by the mounts it really has.
  for (const from of fields(config, 'VolumesFrom', base)) {
    for (const item of items(from)) {
      if (typeof item.value === 'string') checkVolumesFrom(findings, item.path, item.value);
      else findings.refuse('allowHostBindMounts', item.path, 'volumes from an unreadable entry');
    }
    if (!Array.isArray(from.value) && isSet(from.value))
      findings.refuse('allowHostBindMounts', from.path, 'volumes from an unreadable entry');
  }

  for (const mode of NAMESPACE_MODES) {
    for (const entry of fields(config, mode, base)) {
      if (isHost(entry.value)) findings.refuse('allowHostNamespaces', entry.path, `${mode}=host`);
      else if (typeof entry.value === 'string') checkNamespaceJoin(findings, entry.path, mode, entry.value);
    }
  }

  // `Capabilities` (API 1.40–1.42) replaces the default set, so anything in it may add a capability.
  checkCapabilities(findings, config, base, ['CapAdd', 'Capabilities']);
  checkDevices(findings, config, base);
  checkSysctls(findings, config, base);

  for (const securityOpt of fields(config, 'SecurityOpt', base)) {
    if (Array.isArray(securityOpt.value) && securityOpt.value.length > 0)
      findings.refuse('allowSecurityOpt', securityOpt.path, list(securityOpt.value));
  }
  // A list here replaces the default masked / read-only /proc paths (`--security-opt systempaths=unconfined`).
  for (const name of ['MaskedPaths', 'ReadonlyPaths']) {
    for (const paths of fields(config, name, base)) {
      if (Array.isArray(paths.value))
        findings.refuse('allowSecurityOpt', paths.path, `${name} replaces the default protected /proc paths`);
    }
  }
}

/** Every container and named volume a create body refers to, for the lookups before the check. */
export function policyReferences(body: unknown): PolicyReferences {
  const containers = new Set<string>();
  const volumes = new Set<string>();
  const configs = [body, ...fields(body, 'HostConfig', '').map((entry) => entry.value)];
  for (const config of configs) {
    for (const mode of NAMESPACE_MODES) {
      for (const value of stringFields(config, mode)) {
        const name = joinedContainer(value);
        if (name) containers.add(name);
      }
    }
    for (const from of fields(config, 'VolumesFrom', '')) {
      for (const spec of strings(Array.isArray(from.value) ? from.value : []))
        containers.add(volumesFromContainer(spec));
    }
    for (const binds of fields(config, 'Binds', '')) {
      for (const spec of strings(Array.isArray(binds.value) ? binds.value : [])) {
        const source = bindSource(spec);
        if (source !== undefined && VOLUME_NAME.test(source)) volumes.add(source);
      }
    }
    for (const mounts of fields(config, 'Mounts', '')) {
      for (const mount of Array.isArray(mounts.value) ? mounts.value : []) {
        const source = stringFields(mount, 'Source')[0] ?? '';
        if (stringFields(mount, 'Type').includes('volume') && VOLUME_NAME.test(source)) volumes.add(source);
      }
    }
  }
  for (const spec of fields(body, 'Volumes', '').flatMap((entry) =>
    isRecord(entry.value) ? Object.keys(entry.value) : [],
  )) {
    const source = bindSource(spec);
    if (source !== undefined && VOLUME_NAME.test(source)) volumes.add(source);
  }
  return { containers: [...containers], volumes: [...volumes] };
}

/** POST /containers/create; `engine` holds what the body refers to (see policyReferences). */
export function checkContainerCreate(
  body: unknown,
  settings: SecuritySettings,
  engine: EngineFacts = NO_ENGINE_FACTS,
): PolicyViolation[] {
  const findings = new Findings(settings, engine);
  const hostConfigs = fields(body, 'HostConfig', '');
  const volumeDrivers = [body, ...hostConfigs.map((entry) => entry.value)]
    .flatMap((config) => stringFields(config, 'VolumeDriver'))
    .filter(Boolean);

  // The engine still reads HostConfig fields from the top level when HostConfig is absent (a legacy wrapper).
  checkHostConfig(findings, body, '', volumeDrivers);
  for (const hostConfig of hostConfigs)
    checkHostConfig(findings, hostConfig.value, hostConfig.path, volumeDrivers);

  for (const volumes of fields(body, 'Volumes', '')) {
    if (!isRecord(volumes.value)) continue;
    for (const spec of Object.keys(volumes.value)) checkBindSpec(findings, join(volumes.path, spec), spec);
  }

  for (const networking of fields(body, 'NetworkingConfig', '')) {
    for (const endpoints of fields(networking.value, 'EndpointsConfig', networking.path)) {
      if (!isRecord(endpoints.value)) continue;
      for (const [name, endpoint] of Object.entries(endpoints.value)) {
        const path = join(endpoints.path, name);
        if (isHost(name)) findings.refuse('allowHostNamespaces', path, 'network "host"');
        // The engine prefers an endpoint's NetworkID over the key it is listed under.
        for (const id of fields(endpoint, 'NetworkID', path)) {
          if (isHost(id.value)) findings.refuse('allowHostNamespaces', id.path, 'network "host"');
        }
      }
    }
  }
  return findings.violations;
}

/** POST /containers/{id}/update: Resources sit at the top level of the body. */
export function checkContainerUpdate(body: unknown, settings: SecuritySettings): PolicyViolation[] {
  const findings = new Findings(settings);
  checkDevices(findings, body, '');
  return findings.violations;
}

/** POST /containers/{id}/exec. */
export function checkExecCreate(body: unknown, settings: SecuritySettings): PolicyViolation[] {
  const findings = new Findings(settings);
  for (const privileged of fields(body, 'Privileged', '')) {
    if (privileged.value === true) findings.refuse('allowPrivileged', privileged.path, 'Privileged=true');
  }
  for (const user of fields(body, 'User', '')) {
    if (typeof user.value === 'string' && user.value !== '')
      findings.refuse('allowExecUser', user.path, `User=${user.value}`);
  }
  return findings.violations;
}

/** POST /volumes/create. */
export function checkVolumeCreate(body: unknown, settings: SecuritySettings): PolicyViolation[] {
  const findings = new Findings(settings);
  const named = stringFields(body, 'Driver').filter(Boolean);
  const drivers = named.length > 0 ? named : ['local'];
  for (const options of fields(body, 'DriverOpts', '')) checkDriverOptions(findings, drivers, options);
  return findings.violations;
}

// ---------------------------------------------------------------------------------------------------------
// Swarm services

function checkSwarmNetworks(findings: Findings, networks: Entry): void {
  for (const network of items(networks)) {
    for (const target of fields(network.value, 'Target', network.path)) {
      if (isHost(target.value)) findings.refuse('allowHostNamespaces', target.path, 'network "host"');
    }
  }
}

function checkPrivileges(findings: Findings, privileges: Entry): void {
  for (const credentialSpec of fields(privileges.value, 'CredentialSpec', privileges.path)) {
    if (isSet(credentialSpec.value))
      findings.refuse('allowSecurityOpt', credentialSpec.path, 'a credential spec');
  }
  for (const selinux of fields(privileges.value, 'SELinuxContext', privileges.path)) {
    if (isSet(selinux.value)) findings.refuse('allowSecurityOpt', selinux.path, 'a custom SELinux context');
  }
  for (const name of ['Seccomp', 'AppArmor']) {
    for (const profile of fields(privileges.value, name, privileges.path)) {
      for (const mode of fields(profile.value, 'Mode', profile.path)) {
        if (typeof mode.value === 'string' && mode.value !== '' && mode.value !== 'default')
          findings.refuse('allowSecurityOpt', mode.path, `${name} mode "${mode.value}"`);
      }
      for (const custom of fields(profile.value, 'Profile', profile.path)) {
        if (isSet(custom.value)) findings.refuse('allowSecurityOpt', custom.path, `a custom ${name} profile`);
      }
    }
  }
}

function checkContainerSpec(findings: Findings, spec: Entry): void {
  for (const mounts of fields(spec.value, 'Mounts', spec.path)) {
    for (const mount of items(mounts)) checkMount(findings, mount, []);
  }
  for (const privileges of fields(spec.value, 'Privileges', spec.path)) checkPrivileges(findings, privileges);
  checkCapabilities(findings, spec.value, spec.path, ['CapabilityAdd', 'Capabilities']);
  checkSysctls(findings, spec.value, spec.path);
}

/** POST /services/create and /services/{id}/update: a ServiceSpec. */
export function checkServiceSpec(body: unknown, settings: SecuritySettings): PolicyViolation[] {
  // A service's named volumes are made on whichever node runs its tasks: no one engine's volume applies.
  const findings = new Findings(settings, SERVICE_ENGINE_FACTS);
  for (const template of fields(body, 'TaskTemplate', '')) {
    for (const spec of fields(template.value, 'ContainerSpec', template.path))
      checkContainerSpec(findings, spec);

    // A plugin service installs a plugin on every node with whatever privileges it requests.
    for (const plugin of fields(template.value, 'PluginSpec', template.path)) {
      if (isSet(plugin.value)) findings.refuse('allowPrivileged', plugin.path, 'a plugin service');
    }
    for (const runtime of fields(template.value, 'Runtime', template.path)) {
      if (typeof runtime.value === 'string' && runtime.value !== '' && runtime.value !== 'container')
        findings.refuse('allowPrivileged', runtime.path, `task runtime "${runtime.value}"`);
    }

    for (const networks of fields(template.value, 'Networks', template.path))
      checkSwarmNetworks(findings, networks);

    for (const resources of fields(template.value, 'Resources', template.path)) {
      for (const name of ['Reservations', 'Limits']) {
        for (const bucket of fields(resources.value, name, resources.path)) {
          for (const generic of fields(bucket.value, 'GenericResources', bucket.path)) {
            if (Array.isArray(generic.value) && generic.value.length > 0)
              findings.refuse('allowDevices', generic.path, `generic resources (${generic.value.length})`);
          }
        }
      }
    }
  }
  // Deprecated top-level spec.Networks is still honoured by the engine.
  for (const networks of fields(body, 'Networks', '')) checkSwarmNetworks(findings, networks);
  return findings.violations;
}
