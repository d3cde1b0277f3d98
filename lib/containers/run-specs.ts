import { isIPv4, isIPv6 } from '@/lib/forms/ip';

/**
 * The values of `docker run` options beyond the basic ones (issue 15), each parsed the way the docker CLI
 * (20.10, the engine's own client) parses it, into the Engine API's shape. Browser-safe: the form checks with
 * them, server/docker/container-create.ts builds the Engine body with them.
 */

/** Thrown by the parse* helpers; the message quotes the bad value and says what was expected. */
export class InvalidSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidSpecError';
  }
}

const q = (value: string) => JSON.stringify(value);
const bad = (message: string) => new InvalidSpecError(message);

// ---------------------------------------------------------------------------------------------- numbers

const SIZE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
  t: 1024 ** 4,
  p: 1024 ** 5,
};

/** docker's RAMInBytes (binary units): `1073741824`, `512k`, `64m`, `1.5g`, `2GiB`. */
export function parseBytes(text: string, what = 'a size'): number {
  const match = /^(\d+(?:\.\d+)?) ?([kmgtp]?)i?b?$/i.exec(text);
  if (!match)
    throw bad(`${q(text)} is not ${what}: expected a number with an optional unit b, k, m, g or t, e.g. 64m`);
  const bytes = Math.floor(Number(match[1]) * (SIZE_UNITS[(match[2] ?? '').toLowerCase()] ?? 1));
  if (!Number.isSafeInteger(bytes)) throw bad(`${q(text)} is too large for ${what}`);
  return bytes;
}

/** A whole number as Go's strconv.ParseInt reads it, within bounds. */
export function parseInteger(text: string, what: string, min: number, max: number): number {
  if (!/^[-+]?\d+$/.test(text)) throw bad(`${q(text)} is not ${what}: expected a whole number`);
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw bad(`${q(text)} is not ${what}: expected a whole number from ${min} to ${max}`);
  return value;
}

const INT64 = Number.MAX_SAFE_INTEGER;

const DURATION_UNITS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/** A Go duration (`30s`, `1m30s`, `500ms`, `0`), as the `--health-*` options take it; in nanoseconds. */
export function parseDuration(text: string, what = 'a duration'): number {
  if (text === '0') return 0;
  const unit = /(\d+(?:\.\d*)?|\.\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)/gy;
  let total = 0;
  let at = 0;
  for (let match = unit.exec(text); match; match = unit.exec(text)) {
    total += Number(match[1]) * (DURATION_UNITS[match[2] ?? ''] ?? 0);
    at = unit.lastIndex;
  }
  if (text === '' || at !== text.length)
    throw bad(`${q(text)} is not ${what}: expected a number with a unit, e.g. 30s, 1m30s or 500ms`);
  const ns = Math.round(total);
  if (!Number.isSafeInteger(ns)) throw bad(`${q(text)} is too long for ${what}`);
  return ns;
}

// ---------------------------------------------------------------------------------------------- --mount

export interface MountSpec {
  Type: 'bind' | 'volume' | 'tmpfs' | 'npipe';
  Source?: string;
  Target: string;
  ReadOnly?: boolean;
  Consistency?: string;
  BindOptions?: { Propagation?: string; NonRecursive?: boolean };
  VolumeOptions?: {
    NoCopy?: boolean;
    Labels?: Record<string, string>;
    DriverConfig?: { Name?: string; Options?: Record<string, string> };
  };
  TmpfsOptions?: { SizeBytes?: number; Mode?: number };
}

/** One CSV record, as Go's encoding/csv reads the `--mount` value (fields may be "quoted, with ""escapes"""). */
function csvFields(text: string): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw bad(`${q(text)} has an unclosed quote`);
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i];
        i++;
      }
      if (i < text.length && text[i] !== ',') throw bad(`${q(text)} has text after a closing quote`);
    } else {
      const comma = text.indexOf(',', i);
      const end = comma < 0 ? text.length : comma;
      field = text.slice(i, end);
      if (field.includes('"')) throw bad(`${q(text)} has a quote inside an unquoted field`);
      i = end;
    }
    fields.push(field);
    if (i >= text.length) return fields;
    i++; // the comma
  }
}

const MOUNT_SYNTAX = 'expected type=bind|volume|tmpfs,source=…,target=/path[,options]';
const bool = (text: string, field: string): boolean => {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  throw bad(`${q(field)} is not a boolean option: expected true or false`);
};

/** `--mount` as the CLI's MountOpt reads it (opts/mount.go), into an Engine `Mount`. */
export function parseMount(spec: string): MountSpec {
  const mount: MountSpec = { Type: 'volume', Target: '' };
  const volumeOptions = () => {
    mount.VolumeOptions ??= {};
    return mount.VolumeOptions;
  };
  const bindOptions = () => {
    mount.BindOptions ??= {};
    return mount.BindOptions;
  };
  const tmpfsOptions = () => {
    mount.TmpfsOptions ??= {};
    return mount.TmpfsOptions;
  };
  const setOn = (target: Record<string, string>, value: string) => {
    const eq = value.indexOf('=');
    if (eq < 0) target[value] = '';
    else target[value.slice(0, eq)] = value.slice(eq + 1);
  };
  const prefix = `${q(spec)} is not a mount:`;
  for (const field of csvFields(spec)) {
    const eq = field.indexOf('=');
    const key = (eq < 0 ? field : field.slice(0, eq)).toLowerCase();
    if (eq < 0) {
      if (key === 'readonly' || key === 'ro') mount.ReadOnly = true;
      else if (key === 'volume-nocopy') volumeOptions().NoCopy = true;
      else if (key === 'bind-nonrecursive') bindOptions().NonRecursive = true;
      else throw bad(`${prefix} ${q(field)} must be a key=value pair; ${MOUNT_SYNTAX}`);
      continue;
    }
    const value = field.slice(eq + 1);
    switch (key) {
      case 'type': {
        const type = value.toLowerCase();
        if (type !== 'bind' && type !== 'volume' && type !== 'tmpfs' && type !== 'npipe')
          throw bad(`${prefix} type ${q(value)} is not bind, volume or tmpfs`);
        mount.Type = type;
        break;
      }
      case 'source':
      case 'src':
        if (value === '.' || value.startsWith('./'))
          throw bad(
            `${prefix} the relative source ${q(value)} is a path on your machine: give an absolute path`,
          );
        mount.Source = value;
        break;
      case 'target':
      case 'dst':
      case 'destination':
        mount.Target = value;
        break;
      case 'readonly':
      case 'ro':
        mount.ReadOnly = bool(value, field);
        break;
      case 'consistency':
        mount.Consistency = value.toLowerCase();
        break;
      case 'bind-propagation':
        bindOptions().Propagation = value.toLowerCase();
        break;
      case 'bind-nonrecursive':
        bindOptions().NonRecursive = bool(value, field);
        break;
      case 'volume-nocopy':
        volumeOptions().NoCopy = bool(value, field);
        break;
      case 'volume-label':
        volumeOptions().Labels ??= {};
        setOn(volumeOptions().Labels ?? {}, value);
        break;
      case 'volume-driver':
        volumeOptions().DriverConfig = { ...volumeOptions().DriverConfig, Name: value };
        break;
      case 'volume-opt': {
        const driver = { ...volumeOptions().DriverConfig };
        driver.Options ??= {};
        setOn(driver.Options, value);
        volumeOptions().DriverConfig = driver;
        break;
      }
      case 'tmpfs-size':
        tmpfsOptions().SizeBytes = parseBytes(value, 'a tmpfs size');
        break;
      case 'tmpfs-mode':
        if (!/^[0-7]{1,11}$/.test(value)) throw bad(`${prefix} tmpfs-mode ${q(value)} is not an octal mode`);
        tmpfsOptions().Mode = Number.parseInt(value, 8);
        break;
      default:
        throw bad(`${prefix} unexpected key ${q(key)}; ${MOUNT_SYNTAX}`);
    }
  }
  if (mount.Target === '') throw bad(`${prefix} target is required; ${MOUNT_SYNTAX}`);
  for (const [options, type] of [
    [mount.VolumeOptions, 'volume'],
    [mount.BindOptions, 'bind'],
    [mount.TmpfsOptions, 'tmpfs'],
  ] as const) {
    if (options !== undefined && mount.Type !== type)
      throw bad(`${prefix} ${type} options cannot be used with type=${mount.Type}`);
  }
  if (mount.Type === 'bind' && !mount.Source) throw bad(`${prefix} a bind mount needs a source`);
  if (mount.Type === 'tmpfs' && mount.Source) throw bad(`${prefix} a tmpfs mount takes no source`);
  return mount;
}

// ------------------------------------------------------------------------------------------- the rest

/** `--tmpfs /run:rw,size=64m`: the path and its mount options. */
export function parseTmpfs(spec: string): { path: string; options: string } {
  const colon = spec.indexOf(':');
  const path = colon < 0 ? spec : spec.slice(0, colon);
  if (!path.startsWith('/'))
    throw bad(`${q(spec)} is not a tmpfs mount: the path must be absolute, e.g. /run`);
  return { path, options: colon < 0 ? '' : spec.slice(colon + 1) };
}

/** `--expose 80`, `--expose 8000-8010/udp`: the `port/proto` keys it exposes. */
export function parseExpose(spec: string): string[] {
  const match = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/.exec(spec);
  if (!match) throw bad(`${q(spec)} is not a port to expose: expected port[-end][/tcp|udp|sctp]`);
  const start = Number(match[1]);
  const end = match[2] === undefined ? start : Number(match[2]);
  if (start < 1 || end > 65535 || end < start)
    throw bad(`${q(spec)} is not a port to expose: ports go from 1 to 65535, a range upwards`);
  const protocol = match[3] ?? 'tcp';
  return Array.from({ length: end - start + 1 }, (_, i) => `${start + i}/${protocol}`);
}

const DEVICE_MODE = /^(?!.*(.).*\1)[rwm]{1,3}$/;

/** `--device /dev/sda[:/dev/xvda][:rwm]`, as the CLI's parseLinuxDevice reads it. */
export function parseDevice(spec: string): {
  PathOnHost: string;
  PathInContainer: string;
  CgroupPermissions: string;
} {
  const parts = spec.split(':');
  if (parts.length > 3) throw bad(`${q(spec)} is not a device: expected /dev/host[:/dev/container][:rwm]`);
  const [source = '', second, third] = parts;
  let target = '';
  let permissions = 'rwm';
  if (third !== undefined) permissions = third;
  if (second !== undefined) {
    if (DEVICE_MODE.test(second)) permissions = second;
    else target = second;
  }
  if (!source.startsWith('/')) throw bad(`${q(spec)} is not a device: the host path must be absolute`);
  if (target !== '' && !target.startsWith('/'))
    throw bad(`${q(spec)} is not a device: the container path must be absolute`);
  if (!DEVICE_MODE.test(permissions))
    throw bad(`${q(spec)} is not a device: permissions ${q(permissions)} must be made of r, w and m`);
  return { PathOnHost: source, PathInContainer: target || source, CgroupPermissions: permissions };
}

/**
 * `--blkio-weight-device /dev/sda:300`, `--device-read-bps /dev/sda:1mb`, `--device-write-iops /dev/sda:100`:
 * a device under /dev and its weight, rate in bytes per second, or operations per second.
 */
export function parseThrottle(
  spec: string,
  kind: 'weight' | 'bps' | 'iops',
): { Path: string; Weight: number } | { Path: string; Rate: number } {
  const colon = spec.lastIndexOf(':');
  const path = colon < 0 ? '' : spec.slice(0, colon);
  const value = spec.slice(colon + 1);
  const example = kind === 'weight' ? '/dev/sda:300' : kind === 'bps' ? '/dev/sda:1mb' : '/dev/sda:100';
  if (!path.startsWith('/dev/'))
    throw bad(`${q(spec)} is not a device limit: expected a device under /dev and a value, e.g. ${example}`);
  if (kind === 'weight') return { Path: path, Weight: parseInteger(value, 'a block IO weight', 10, 1000) };
  if (kind === 'bps') return { Path: path, Rate: parseBytes(value, 'a rate in bytes per second') };
  return { Path: path, Rate: parseInteger(value, 'a number of operations per second', 0, INT64) };
}

/** `--add-host name:ip` (or `name:host-gateway`). */
export function parseExtraHost(spec: string): string {
  const colon = spec.indexOf(':');
  const name = colon < 0 ? '' : spec.slice(0, colon);
  const ip = spec.slice(colon + 1);
  if (colon < 0 || name === '' || /\s/.test(name))
    throw bad(`${q(spec)} is not a host entry: expected name:ip, e.g. db.local:10.0.0.5`);
  if (ip !== 'host-gateway' && !isIPv4(ip) && !isIPv6(ip))
    throw bad(`${q(spec)} is not a host entry: ${q(ip)} is not an IP address (or host-gateway)`);
  return spec;
}

export function parseIpAddress(text: string, what = 'an IP address'): string {
  if (!isIPv4(text) && !isIPv6(text)) throw bad(`${q(text)} is not ${what}`);
  return text;
}

const ULIMITS = [
  'core',
  'cpu',
  'data',
  'fsize',
  'locks',
  'memlock',
  'msgqueue',
  'nice',
  'nofile',
  'nproc',
  'rss',
  'rtprio',
  'rttime',
  'sigpending',
  'stack',
];

/** `--ulimit nofile=1024:2048` (soft:hard; one number sets both), as docker's units.ParseUlimit. */
export function parseUlimit(spec: string): { Name: string; Soft: number; Hard: number } {
  const match = /^([a-z]+)=(-?\d+)(?::(-?\d+))?$/.exec(spec);
  if (!match) throw bad(`${q(spec)} is not a ulimit: expected name=soft[:hard], e.g. nofile=1024:2048`);
  const [, name = '', softText = '', hardText] = match;
  if (!ULIMITS.includes(name))
    throw bad(`${q(spec)} is not a ulimit: ${q(name)} is not one of ${ULIMITS.join(', ')}`);
  const soft = parseInteger(softText, 'a ulimit', -1, INT64);
  const hard = hardText === undefined ? soft : parseInteger(hardText, 'a ulimit', -1, INT64);
  if (hard !== -1 && soft > hard)
    throw bad(`${q(spec)} is not a ulimit: the soft limit is above the hard one`);
  return { Name: name, Soft: soft, Hard: hard };
}

/** `KEY=VALUE` options such as `--sysctl`, `--log-opt`, `--storage-opt`. */
export function parseOption(spec: string, what: string): [string, string] {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw bad(`${q(spec)} is not ${what}: expected key=value`);
  return [spec.slice(0, eq), spec.slice(eq + 1)];
}

/**
 * `--security-opt`: kept as written (the engine reads it), except a seccomp profile, which the CLI reads
 * from a file on the user's machine and Berth cannot.
 */
export function parseSecurityOpt(spec: string): string {
  const sep = /[=:]/.exec(spec);
  if (!sep && spec !== 'no-new-privileges')
    throw bad(
      `${q(spec)} is not a security option: expected key=value, e.g. no-new-privileges:true or apparmor=unconfined`,
    );
  const key = sep ? spec.slice(0, sep.index) : spec;
  const value = sep ? spec.slice(sep.index + 1) : '';
  if (key === 'seccomp' && value !== 'unconfined')
    throw bad(
      `${q(spec)}: a seccomp profile is a file on your machine, which Berth cannot read; only seccomp=unconfined can be given here`,
    );
  return spec;
}

/** `-a stdin|stdout|stderr`. */
export function parseAttach(spec: string): 'stdin' | 'stdout' | 'stderr' {
  const stream = spec.toLowerCase();
  if (stream !== 'stdin' && stream !== 'stdout' && stream !== 'stderr')
    throw bad(`${q(spec)} is not a stream to attach: expected stdin, stdout or stderr`);
  return stream;
}

/** A namespace mode (`--pid`, `--ipc`, `--uts`, `--userns`, `--cgroupns`), from the modes the option knows. */
export function namespaceMode(modes: readonly string[], container: boolean) {
  return (text: string): string => {
    if (modes.includes(text) || (container && /^container:[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(text)))
      return text;
    throw bad(
      `${q(text)} is not a mode here: expected ${[...modes, ...(container ? ['container:<name|id>'] : [])].join(', ')}`,
    );
  };
}

export const PULL_POLICIES = ['missing', 'never'] as const;

/** `--pull`: Berth creates from the engine's own images, which is what missing and never mean for a present one. */
export function parsePull(text: string): string {
  if (text === 'always')
    throw bad(
      '--pull always is not supported: pull the image first (Images → Pull, or docker pull), then create',
    );
  if (!(PULL_POLICIES as readonly string[]).includes(text))
    throw bad(`${q(text)} is not a pull policy: expected missing or never`);
  return text;
}

/** `--platform os[/arch[/variant]]`. */
export function parsePlatform(text: string): string {
  if (!/^[a-z0-9_-]+(\/[a-z0-9_-]+){0,2}$/i.test(text))
    throw bad(`${q(text)} is not a platform: expected os[/arch[/variant]], e.g. linux/amd64`);
  return text;
}

/** `--mac-address`. */
export function parseMacAddress(text: string): string {
  if (!/^[0-9a-f]{2}([:-][0-9a-f]{2}){5}$/i.test(text))
    throw bad(`${q(text)} is not a MAC address: expected six hex pairs, e.g. 02:42:ac:11:00:02`);
  return text;
}
