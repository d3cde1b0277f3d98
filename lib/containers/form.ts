import { z } from 'zod';
import {
  InvalidSpecError,
  namespaceMode,
  parseAttach,
  parseBytes,
  parseDevice,
  parseDuration,
  parseExpose,
  parseExtraHost,
  parseInteger,
  parseIpAddress,
  parseMacAddress,
  parseMount,
  parseOption,
  parsePlatform,
  parsePull,
  parseSecurityOpt,
  parseThrottle,
  parseTmpfs,
  parseUlimit,
} from '@/lib/containers/run-specs';
import { isIPv4, isIPv6 } from '@/lib/forms/ip';
import { splitImageReference, type WrittenReference } from '@/lib/images/reference';

/**
 * The "create container" input, shared by the form, the `docker run` parser, the CLI renderer and the API.
 * Values keep the docker CLI's own syntax (`-p`, `-v`, `--memory`…) so users can type what they know;
 * the parse* helpers below turn them into structured values.
 */

export { InvalidSpecError };

const q = (value: string) => JSON.stringify(value);

// ---------------------------------------------------------------------------------------------- image

const IMAGE_SYNTAX = 'expected [registry[:port]/]name[:tag][@sha256:digest]';

/** Docker's reference grammar, as written (`nginx` stays `nginx`): lib/images/reference.ts. */
export function parseImageRef(ref: string): WrittenReference {
  const split = splitImageReference(ref);
  if (!split.ok)
    throw new InvalidSpecError(`${q(ref)} is not a valid image reference: ${split.error}; ${IMAGE_SYNTAX}`);
  return split.parts;
}

// ---------------------------------------------------------------------------------------------- ports

export type PortProtocol = 'tcp' | 'udp' | 'sctp';
/** Inclusive; `start === end` for a single port. */
export interface PortRange {
  start: number;
  end: number;
}
export interface PortSpec {
  /** Without brackets for IPv6. Absent: all interfaces. */
  hostIp?: string;
  /** Absent: the engine picks an ephemeral port. A range with a single container port means "any free port in it". */
  hostPorts?: PortRange;
  containerPorts: PortRange;
  protocol: PortProtocol;
}

const PORT_SYNTAX = 'expected [ip:][hostPort:]containerPort[/tcp|udp|sctp]';
const PROTOCOLS: readonly string[] = ['tcp', 'udp', 'sctp'] satisfies PortProtocol[];

/** `-p` syntax: `[ip:][hostPort[-end]:]containerPort[-end][/tcp|udp|sctp]`, IPv6 addresses in brackets. */
export function parsePortSpec(spec: string): PortSpec {
  const syntax = (hint = '') =>
    new InvalidSpecError(`${q(spec)} is not a port mapping: ${hint}${PORT_SYNTAX}`);
  const bad = (why: string) => new InvalidSpecError(`${q(spec)} is not a port mapping: ${why}`);

  let rest = spec;
  let protocol: PortProtocol = 'tcp';
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    const suffix = rest.slice(slash + 1);
    if (!PROTOCOLS.includes(suffix)) throw syntax();
    protocol = suffix as PortProtocol;
    rest = rest.slice(0, slash);
  }

  let ip: string | undefined;
  let host: string | undefined;
  let container: string;
  if (rest.startsWith('[')) {
    const match = /^\[([^\]]*)\]:([^:]*):([^:]*)$/.exec(rest);
    if (!match) throw syntax();
    [, ip = '', host = '', container = ''] = match;
    if (!isIPv6(ip)) throw bad(`${q(ip)} is not an IPv6 address`);
  } else {
    const parts = rest.split(':');
    if (parts.length > 3) throw syntax('put an IPv6 address in brackets, e.g. [::1]:8080:80; ');
    container = parts.pop() ?? '';
    host = parts.pop();
    ip = parts.pop();
    if (ip && !isIPv4(ip)) throw bad(`${q(ip)} is not an IP address`);
  }

  const range = (text: string, side: string): PortRange => {
    const match = /^(\d+)(?:-(\d+))?$/.exec(text);
    if (!match) throw syntax();
    const start = Number(match[1]);
    const end = match[2] === undefined ? start : Number(match[2]);
    for (const port of [start, end]) {
      if (port < 1 || port > 65535) throw bad(`${side} port ${port} is not between 1 and 65535`);
    }
    if (end < start) throw bad(`${side} port range ${text} ends before it starts`);
    return { start, end };
  };
  const containerPorts = range(container, 'container');
  const hostPorts = host ? range(host, 'host') : undefined;
  if (
    hostPorts &&
    containerPorts.end !== containerPorts.start &&
    hostPorts.end - hostPorts.start !== containerPorts.end - containerPorts.start
  ) {
    throw bad(`host range ${host} and container range ${container} have different lengths`);
  }
  return {
    ...(ip ? { hostIp: ip } : {}),
    ...(hostPorts ? { hostPorts } : {}),
    containerPorts,
    protocol,
  };
}

// -------------------------------------------------------------------------------------------- volumes

export type VolumeSpec =
  /** `-v /data`: a fresh anonymous volume (no options: the engine takes none). */
  | { kind: 'anonymous'; target: string; options: string[]; readOnly: boolean }
  /** `-v /host/path:/data`. */
  | { kind: 'bind'; source: string; target: string; options: string[]; readOnly: boolean }
  /** `-v name:/data`. */
  | { kind: 'volume'; source: string; target: string; options: string[]; readOnly: boolean };

const VOLUME_SYNTAX = 'expected /container/path or source:/container/path[:options]';
const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
const PROPAGATION = ['shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate'];
/** Mutually exclusive groups, as docker's mount parser checks them. */
const OPTION_GROUPS: readonly (readonly string[])[] = [
  ['ro', 'rw'],
  ['z', 'Z'],
  PROPAGATION,
  ['nocopy'],
  ['consistent', 'cached', 'delegated'],
];
const OPTIONS = OPTION_GROUPS.flat();

/** `-v` syntax: `target` | `source:target[:opts]`; source is an absolute host path or a volume name. */
export function parseVolumeSpec(spec: string): VolumeSpec {
  const bad = (why: string) => new InvalidSpecError(`${q(spec)} is not a volume: ${why}`);
  const parts = spec.split(':');
  if (parts.length > 3 || spec === '') throw bad(VOLUME_SYNTAX);

  let source: string | undefined;
  let target: string;
  let optionText: string | undefined;
  const [a = '', b, c] = parts;
  if (b === undefined) target = a;
  else if (c !== undefined) [source, target, optionText] = [a, b, c];
  // `/data:ro` reads as an anonymous volume with options, which the engine refuses ("invalid volume
  // specification") and cannot make read-only even as a --mount: said here, with what works instead.
  else if (a.startsWith('/') && b.split(',').every((o) => OPTIONS.includes(o)))
    throw bad(
      `an anonymous volume takes no options (the engine refuses them); give it a name, e.g. ${q(`data:${a}:${b}`)}`,
    );
  else [source, target] = [a, b];

  if (!target.startsWith('/'))
    throw bad(`the container path ${q(target)} must be absolute; ${VOLUME_SYNTAX}`);
  if (/^\/+$/.test(target)) throw bad('cannot mount over the container\'s root "/"');

  let kind: VolumeSpec['kind'] = 'anonymous';
  if (source !== undefined) {
    if (source.startsWith('/')) kind = 'bind';
    else if (VOLUME_NAME.test(source)) kind = 'volume';
    else {
      throw bad(
        source === ''
          ? `the source is empty; ${VOLUME_SYNTAX}`
          : `the source ${q(source)} must be an absolute host path or a volume name (letters, digits, "_", "." and "-")`,
      );
    }
  }

  const options = optionText === undefined ? [] : optionText.split(',');
  for (const option of options) {
    if (!OPTIONS.includes(option))
      throw bad(`unknown option ${q(option)}; options are ${OPTIONS.join(', ')}`);
  }
  for (const group of OPTION_GROUPS) {
    const used = options.filter((o) => group.includes(o));
    if (used.length > 1) throw bad(`options ${used.map(q).join(' and ')} cannot be combined`);
  }
  const propagation = options.find((o) => PROPAGATION.includes(o));
  if (propagation && kind !== 'bind')
    throw bad(`${q(propagation)} only applies to bind mounts of a host path`);
  if (options.includes('nocopy') && kind === 'bind') throw bad('"nocopy" only applies to volumes');

  const readOnly = options.includes('ro');
  return source === undefined
    ? { kind: 'anonymous', target, options, readOnly }
    : { kind: kind === 'bind' ? 'bind' : 'volume', source, target, options, readOnly };
}

// ---------------------------------------------------------------------------------------------- sizes

/** Docker refuses smaller memory limits. */
export const MIN_MEMORY_BYTES = 6 * 1024 * 1024;
const MEMORY_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
  t: 1024 ** 4,
  p: 1024 ** 5,
};

/** `--memory` syntax (binary units, like docker's RAMInBytes): `1073741824`, `512k`, `500m`, `1.5g`, `2GiB`. */
export function parseMemory(text: string): number {
  const match = /^(\d+(?:\.\d+)?) ?([kmgtp]?)i?b?$/i.exec(text);
  if (!match) {
    throw new InvalidSpecError(
      `${q(text)} is not a memory size: expected a number with an optional unit b, k, m, g or t, e.g. 512m or 1.5g`,
    );
  }
  const bytes = Math.floor(Number(match[1]) * (MEMORY_UNITS[(match[2] ?? '').toLowerCase()] ?? 1));
  if (bytes < MIN_MEMORY_BYTES) {
    throw new InvalidSpecError(
      `${q(text)} is too little memory: docker needs at least 6m (${MIN_MEMORY_BYTES} bytes)`,
    );
  }
  if (!Number.isSafeInteger(bytes)) throw new InvalidSpecError(`${q(text)} is too large a memory size`);
  return bytes;
}

/** `--cpus` syntax: a positive decimal such as `0.5` or `2`; returns nano CPUs (cpus × 10⁹), exactly. */
export function parseCpus(text: string): number {
  const match = /^(\d*)(?:\.(\d*))?$/.exec(text);
  const [, whole = '', fraction = ''] = match ?? [];
  if (!match || whole + fraction === '') {
    throw new InvalidSpecError(`${q(text)} is not a number of CPUs: expected a positive decimal such as 1.5`);
  }
  if (fraction.length > 9) throw new InvalidSpecError(`${q(text)} is too precise: use at most 9 decimals`);
  // String arithmetic: 1.1 * 1e9 in floating point is 1100000000.0000002.
  const nano = Number(whole || '0') * 1e9 + Number(fraction.padEnd(9, '0'));
  if (nano <= 0) throw new InvalidSpecError(`${q(text)} CPUs: the number of CPUs must be more than 0`);
  if (!Number.isSafeInteger(nano)) throw new InvalidSpecError(`${q(text)} is too many CPUs`);
  return nano;
}

// -------------------------------------------------------------------------------------------- restart

export type RestartPolicyName = 'no' | 'always' | 'unless-stopped' | 'on-failure';
export interface RestartPolicy {
  name: RestartPolicyName;
  /** Only non-zero for `on-failure:N`. */
  maximumRetryCount: number;
}

/** `--restart` syntax: `no`, `always`, `unless-stopped` or `on-failure[:max-retries]`. */
export function parseRestart(text: string): RestartPolicy {
  const match = /^(no|always|unless-stopped|on-failure)(?::(\d+))?$/.exec(text);
  if (!match) {
    throw new InvalidSpecError(
      `${q(text)} is not a restart policy: expected no, always, unless-stopped or on-failure[:max-retries]`,
    );
  }
  const name = match[1] as RestartPolicyName;
  if (match[2] !== undefined && name !== 'on-failure') {
    throw new InvalidSpecError(`${q(text)} is not a restart policy: only on-failure takes a retry count`);
  }
  return { name, maximumRetryCount: match[2] === undefined ? 0 : Number(match[2]) };
}

// ------------------------------------------------------------------------------------------ key=value

/** `KEY=VALUE` as `-e` and `-l` take it; the value may be empty or contain "=". `what` names it in errors. */
export function parseKeyValue(entry: string, what = 'a KEY=VALUE pair'): { key: string; value: string } {
  const eq = entry.indexOf('=');
  const key = eq < 0 ? entry : entry.slice(0, eq);
  const why =
    eq < 0
      ? '"=" is missing'
      : key === ''
        ? 'the key is empty'
        : /\s/.test(key)
          ? `the key ${q(key)} contains whitespace`
          : null;
  if (why) throw new InvalidSpecError(`${q(entry)} is not ${what}: ${why}; expected KEY=VALUE`);
  return { key, value: entry.slice(eq + 1) };
}

// ------------------------------------------------------------------------------------------- schema

const CONTAINER_NAME = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
const HOSTNAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}$/;

/** A string checked by one of the parse* helpers, whose error becomes the issue's message. */
const checked = (check: (value: string) => unknown) =>
  z.string().superRefine((value, ctx) => {
    try {
      check(value);
    } catch (err) {
      if (!(err instanceof InvalidSpecError)) throw err;
      ctx.addIssue({ code: 'custom', message: err.message });
    }
  });

const rule = (test: (value: string) => boolean, message: (value: string) => string) =>
  checked((value) => {
    if (!test(value)) throw new InvalidSpecError(message(value));
  });

/** An optional scalar where "" means unset, as an empty form field sends it (and as docker treats `--name ''`). */
const optional = (schema: z.ZodType<string, string>) =>
  z
    .string()
    .transform((value) => (value === '' ? undefined : value))
    .pipe(schema.optional())
    .optional();

const noWhitespace = (what: string) =>
  rule(
    (v) => !/\s/.test(v),
    (v) => `${q(v)} is not ${what}: it contains whitespace`,
  );

export const containerFormSchema = z
  .strictObject({
    image: z.string().min(1, 'Image is required, e.g. nginx:alpine').pipe(checked(parseImageRef)),
    name: optional(
      rule(
        (v) => CONTAINER_NAME.test(v),
        (v) =>
          `${q(v)} is not a valid container name: use at least 2 letters, digits, "_", "." or "-", starting with a letter or digit`,
      ),
    ),
    command: z.array(z.string()).optional(),
    entrypoint: z.array(z.string()).optional(),
    env: z.array(checked((v) => parseKeyValue(v, 'an environment variable'))).optional(),
    ports: z.array(checked(parsePortSpec)).optional(),
    publishAll: z.boolean().optional(),
    volumes: z.array(checked(parseVolumeSpec)).optional(),
    network: optional(
      rule(
        (v) => !/[\s=,]/.test(v),
        (v) =>
          /[=,]/.test(v)
            ? `${q(v)}: options inside --network (name=…,alias=…) come from newer docker clients; write --network <name> --network-alias <alias> --ip <address>`
            : `${q(v)} is not a network name: it contains whitespace`,
      ),
    ),
    restart: optional(checked(parseRestart)),
    memory: optional(checked(parseMemory)),
    cpus: optional(checked(parseCpus)),
    labels: z.array(checked((v) => parseKeyValue(v, 'a label'))).optional(),
    workingDir: optional(
      rule(
        (v) => v.startsWith('/'),
        (v) => `${q(v)} is not a working directory: it must be an absolute path such as /app`,
      ),
    ),
    user: optional(
      rule(
        (v) => /^[^\s:]+(?::[^\s:]+)?$/.test(v),
        (v) => `${q(v)} is not a user: expected name|uid[:group|gid]`,
      ),
    ),
    hostname: optional(
      rule(
        (v) => HOSTNAME.test(v),
        (v) =>
          `${q(v)} is not a hostname: use at most 64 letters, digits, "-", "_" or ".", starting with a letter or digit`,
      ),
    ),
    interactive: z.boolean().optional(),
    tty: z.boolean().optional(),
    privileged: z.boolean().optional(),
    autoRemove: z.boolean().optional(),
    // The rest of `docker run` (issue 15), each in the CLI's own syntax, checked by lib/containers/run-specs.ts.
    /** `--mount` values, as written (`type=bind,src=/a,dst=/b,readonly`). */
    mounts: z.array(checked(parseMount)).optional(),
    /** `--tmpfs /run[:options]`. */
    tmpfs: z.array(checked(parseTmpfs)).optional(),
    expose: z.array(checked(parseExpose)).optional(),
    capAdd: z.array(noWhitespace('a capability')).optional(),
    capDrop: z.array(noWhitespace('a capability')).optional(),
    devices: z.array(checked(parseDevice)).optional(),
    deviceCgroupRules: z.array(z.string().min(1)).optional(),
    addHosts: z.array(checked(parseExtraHost)).optional(),
    dns: z.array(checked((v) => parseIpAddress(v, 'a DNS server address'))).optional(),
    dnsSearch: z.array(noWhitespace('a DNS search domain')).optional(),
    dnsOptions: z.array(noWhitespace('a DNS option')).optional(),
    ulimits: z.array(checked(parseUlimit)).optional(),
    healthCmd: optional(z.string()),
    healthInterval: optional(checked((v) => parseDuration(v, 'a health check interval'))),
    healthTimeout: optional(checked((v) => parseDuration(v, 'a health check timeout'))),
    healthStartPeriod: optional(checked((v) => parseDuration(v, 'a health check start period'))),
    healthRetries: optional(checked((v) => parseInteger(v, 'a number of retries', 0, 2 ** 31 - 1))),
    /** `--no-healthcheck`: the image's health check is turned off. */
    noHealthcheck: z.boolean().optional(),
    logDriver: optional(noWhitespace('a log driver')),
    logOpts: z.array(checked((v) => parseOption(v, 'a log option'))).optional(),
    /** `--init`; `--init=false` is kept (the engine stores false, not "unset"). */
    init: z.boolean().optional(),
    readOnly: z.boolean().optional(),
    stopSignal: optional(noWhitespace('a signal')),
    stopTimeout: optional(checked((v) => parseInteger(v, 'a stop timeout in seconds', -1, 2 ** 31 - 1))),
    shmSize: optional(checked((v) => parseBytes(v, 'a /dev/shm size'))),
    pid: optional(checked(namespaceMode(['host'], true))),
    ipc: optional(checked(namespaceMode(['none', 'private', 'shareable', 'host'], true))),
    uts: optional(checked(namespaceMode(['host'], false))),
    userns: optional(checked(namespaceMode(['host'], false))),
    cgroupns: optional(checked(namespaceMode(['host', 'private'], false))),
    cgroupParent: optional(noWhitespace('a cgroup parent')),
    securityOpts: z.array(checked(parseSecurityOpt)).optional(),
    sysctls: z.array(checked((v) => parseOption(v, 'a sysctl'))).optional(),
    storageOpts: z.array(checked((v) => parseOption(v, 'a storage option'))).optional(),
    groupAdd: z.array(noWhitespace('a group')).optional(),
    memoryReservation: optional(checked((v) => parseBytes(v, 'a memory reservation'))),
    /** Memory plus swap; -1 is unlimited swap. */
    memorySwap: optional(checked((v) => (v === '-1' ? -1 : parseBytes(v, 'a memory+swap size')))),
    memorySwappiness: optional(checked((v) => parseInteger(v, 'a swappiness', -1, 100))),
    oomKillDisable: z.boolean().optional(),
    oomScoreAdj: optional(checked((v) => parseInteger(v, 'an OOM score adjustment', -1000, 1000))),
    cpuShares: optional(checked((v) => parseInteger(v, 'a CPU shares weight', 0, 262144))),
    cpusetCpus: optional(noWhitespace('a CPU set')),
    cpusetMems: optional(noWhitespace('a memory node set')),
    cpuPeriod: optional(checked((v) => parseInteger(v, 'a CPU CFS period', 0, 1_000_000))),
    cpuQuota: optional(checked((v) => parseInteger(v, 'a CPU CFS quota', -1, 2 ** 53 - 1))),
    cpuRtPeriod: optional(checked((v) => parseInteger(v, 'a CPU real-time period', 0, 2 ** 53 - 1))),
    cpuRtRuntime: optional(checked((v) => parseInteger(v, 'a CPU real-time runtime', 0, 2 ** 53 - 1))),
    blkioWeight: optional(checked((v) => parseInteger(v, 'a block IO weight', 0, 1000))),
    blkioWeightDevices: z.array(checked((v) => parseThrottle(v, 'weight'))).optional(),
    deviceReadBps: z.array(checked((v) => parseThrottle(v, 'bps'))).optional(),
    deviceWriteBps: z.array(checked((v) => parseThrottle(v, 'bps'))).optional(),
    deviceReadIops: z.array(checked((v) => parseThrottle(v, 'iops'))).optional(),
    deviceWriteIops: z.array(checked((v) => parseThrottle(v, 'iops'))).optional(),
    pidsLimit: optional(checked((v) => parseInteger(v, 'a pids limit', -1, 2 ** 53 - 1))),
    /** `--platform`: which variant of a multi-platform image to use. */
    platform: optional(checked(parsePlatform)),
    /** `--pull missing|never`: both create from an image the engine has. */
    pull: optional(checked(parsePull)),
    /** The endpoint on `network`: aliases, fixed addresses. */
    networkAliases: z.array(noWhitespace('a network alias')).optional(),
    ip: optional(checked((v) => parseIpAddress(v, 'an IPv4 address'))),
    ip6: optional(checked((v) => parseIpAddress(v, 'an IPv6 address'))),
    linkLocalIps: z.array(checked((v) => parseIpAddress(v, 'a link-local address'))).optional(),
    macAddress: optional(checked(parseMacAddress)),
    links: z.array(noWhitespace('a link')).optional(),
    volumesFrom: z.array(noWhitespace('a container to take volumes from')).optional(),
    volumeDriver: optional(noWhitespace('a volume driver')),
    domainname: optional(noWhitespace('a domain name')),
    runtime: optional(noWhitespace('a runtime')),
    /** `-a`: the streams `docker create` attaches (only for a container that is not started here). */
    attach: z.array(checked(parseAttach)).optional(),
    /** `docker run` creates and starts; false is `docker create`. */
    start: z.boolean().default(true),
  })
  .superRefine((form, ctx) => {
    // As the CLI refuses them: an image check turned off and set in the same command.
    const health = (
      ['healthCmd', 'healthInterval', 'healthTimeout', 'healthStartPeriod', 'healthRetries'] as const
    ).filter((key) => form[key] !== undefined);
    if (form.noHealthcheck && health.length > 0)
      ctx.addIssue({
        code: 'custom',
        path: ['noHealthcheck'],
        message: '--no-healthcheck conflicts with the --health-* options: keep one or the other',
      });
    if (form.logDriver === 'none' && form.logOpts?.length)
      ctx.addIssue({
        code: 'custom',
        path: ['logOpts'],
        message: 'Log options cannot be given with --log-driver none',
      });
    const endpoint = (['networkAliases', 'ip', 'ip6', 'linkLocalIps'] as const).filter((key) =>
      Array.isArray(form[key]) ? (form[key] as string[]).length > 0 : form[key] !== undefined,
    );
    if (
      endpoint.length > 0 &&
      (form.network === undefined ||
        ['default', 'bridge', 'host', 'none'].includes(form.network) ||
        form.network.startsWith('container:'))
    )
      ctx.addIssue({
        code: 'custom',
        path: [endpoint[0] ?? 'network'],
        message: 'Network aliases and fixed addresses need a user-defined network: add --network <name>',
      });
    if (!form.autoRemove || form.restart === undefined) return;
    let policy: RestartPolicy;
    try {
      policy = parseRestart(form.restart);
    } catch {
      return; // Already reported on the field.
    }
    // The engine refuses it: a container removed on exit cannot be restarted.
    if (policy.name !== 'no') {
      ctx.addIssue({
        code: 'custom',
        path: ['restart'],
        message: `Restart policy ${q(form.restart)} cannot be combined with automatic removal (--rm): use "no" or turn removal off`,
      });
    }
  });

/** What clients send: optional scalars may be "", `start` may be left out. */
export type ContainerFormInput = z.input<typeof containerFormSchema>;
/** Validated and normalised: "" scalars are gone, `start` is set. */
export type ContainerForm = z.output<typeof containerFormSchema>;
