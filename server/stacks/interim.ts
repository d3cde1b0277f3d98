import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { SecuritySettings } from '@/lib/settings/security';
import type { StackEnvEntry, StackProblem } from '@/lib/stacks/types';
import {
  checkContainerCreate,
  checkVolumeCreate,
  type EngineFacts,
  type PolicyReferences,
  type PolicyViolation,
  policyReferences,
} from '@/server/security/policy';

/*
 * Stand-ins for the pure helpers another branch (stacks-pure) writes: lib/stacks/env.ts (.env parse, mask,
 * unmask), lib/stacks/yaml-lines.ts (Compose problems to lines) and server/stacks/policy.ts (a rendered
 * Compose config judged by the container policy). Minimal versions, replaced by those at merge.
 */

// ------------------------------------------------------------------------------------------------- .env

export const ENV_MASK = '••••••••';
const SECRET_KEY = /PASSWORD|PASSWD|PASS$|SECRET|TOKEN|KEY|CREDENTIAL|PRIVATE|AUTH|CERT/i;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

interface EnvLine {
  raw: string;
  key: string | null;
  /** Where the value starts in `raw` (after `=`). */
  valueAt: number;
  value: string;
}

function parseEnvLines(text: string): EnvLine[] {
  return text.split('\n').map((raw) => {
    const match = /^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_.-]*)\s*=/.exec(raw);
    if (!match || raw.trimStart().startsWith('#')) return { raw, key: null, valueAt: raw.length, value: '' };
    const valueAt = match[0].length;
    return { raw, key: match[2] ?? null, valueAt, value: raw.slice(valueAt) };
  });
}

export function envEntries(text: string, reveal: boolean): StackEnvEntry[] {
  return parseEnvLines(text)
    .filter((line): line is EnvLine & { key: string } => line.key !== null)
    .map((line) => {
      const masked = !reveal && isSecretKey(line.key) && line.value.trim() !== '';
      return { key: line.key, value: masked ? ENV_MASK : line.value.trim(), masked };
    });
}

/** The text with secret-looking values replaced by the mask (the rest unchanged). */
export function maskEnv(text: string): string {
  return parseEnvLines(text)
    .map((line) =>
      line.key && isSecretKey(line.key) && line.value.trim() !== ''
        ? `${line.raw.slice(0, line.valueAt)}${ENV_MASK}`
        : line.raw,
    )
    .join('\n');
}

/** A value sent back as the mask keeps the stored value of that key (the user did not change it). */
export function unmaskEnv(submitted: string, stored: string): string {
  const kept = new Map<string, string>();
  for (const line of parseEnvLines(stored)) if (line.key) kept.set(line.key, line.value);
  return parseEnvLines(submitted)
    .map((line) => {
      if (!line.key || line.value.trim() !== ENV_MASK) return line.raw;
      const value = kept.get(line.key);
      return value === undefined ? line.raw : `${line.raw.slice(0, line.valueAt)}${value}`;
    })
    .join('\n');
}

/** Whether the text still holds a mask no stored value stands behind (it would be saved as the dots). */
export function hasUnresolvedMask(text: string): string | null {
  for (const line of parseEnvLines(text)) if (line.key && line.value.trim() === ENV_MASK) return line.key;
  return null;
}

// ------------------------------------------------------------------------------------------------- lines

/** YAML syntax errors of a file, with their lines (Compose's own YAML messages carry wrong lines). */
export function yamlProblems(text: string, file: StackProblem['file']): StackProblem[] {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  return doc.errors.map((error) => ({
    message: error.message.split('\n')[0] ?? error.message,
    line: error.linePos?.[0]?.line ?? null,
    file,
    path: null,
  }));
}

/** The 1-based line of a dotted path (`services.web.restart`), or of its nearest existing parent. */
export function lineOfPath(text: string, dotted: string): number | null {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const keys = dotted.split('.').filter(Boolean);
  for (let n = keys.length; n > 0; n--) {
    const node = doc.getIn(
      keys.slice(0, n).map((k) => (/^\d+$/.test(k) ? Number(k) : k)),
      true,
    ) as { range?: [number, number, number] } | undefined;
    // A key's value node: its line is the key's own line or the next one.
    const parent = n > 0 ? doc.getIn(keys.slice(0, n - 1), true) : doc.contents;
    if (isMap(parent)) {
      const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === keys[n - 1]);
      const range = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
      if (range) return lineCounter.linePos(range[0]).line;
    }
    if (node?.range) return lineCounter.linePos(node.range[0]).line;
  }
  return null;
}

/**
 * Compose's message with the setting's path it names: `services.web.restart must be a string`,
 * `services.web Additional property foo is not allowed`, `service "web" depends on undefined service "db"`.
 */
export function composeProblem(message: string, compose: string, override: string | null): StackProblem {
  const text = message
    .replace(/^validating [^:]+: /, '')
    .replace(/^(error while interpolating|Error response from daemon:)\s*/i, '');
  let dotted: string | null = null;
  const direct = /\b((?:services|volumes|networks|secrets|configs)(?:\.[\w.-]+)?)/.exec(text)?.[1];
  if (direct) {
    dotted = direct.replace(/\.$/, '');
    const extra = /Additional property (\S+) is not allowed/.exec(text)?.[1];
    if (extra) dotted = `${dotted}.${extra}`;
  } else {
    const service = /service "([^"]+)"/.exec(text)?.[1];
    if (service) dotted = `services.${service}${/depends on/.test(text) ? '.depends_on' : ''}`;
  }
  const inOverride = override !== null && /compose\.override\.ya?ml/.test(message);
  const file = inOverride ? 'override' : 'compose';
  const line = dotted ? lineOfPath(inOverride && override ? override : compose, dotted) : null;
  return { message: text, line, file, path: dotted };
}

// ------------------------------------------------------------------------------------------------- policy

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Engine HostConfig field → the service key it came from, to name the setting in Compose's own terms. */
const SERVICE_KEYS: Record<string, string> = {
  Privileged: 'privileged',
  Mounts: 'volumes',
  NetworkMode: 'network_mode',
  PidMode: 'pid',
  IpcMode: 'ipc',
  UTSMode: 'uts',
  UsernsMode: 'userns_mode',
  CgroupnsMode: 'cgroup',
  CapAdd: 'cap_add',
  Devices: 'devices',
  DeviceCgroupRules: 'device_cgroup_rules',
  DeviceRequests: 'deploy.resources.reservations.devices',
  Sysctls: 'sysctls',
  SecurityOpt: 'security_opt',
  VolumesFrom: 'volumes_from',
};

interface ServiceBody {
  body: { HostConfig: Json };
  /** Mount index → the service's volumes index, or the secret/config it came from. */
  mountOrigins: string[];
}

/** A rendered service (`config --format json`) as the container create body Compose would send. */
export function serviceCreateBody(service: Json, project: Json): ServiceBody {
  const hc: Json = {};
  const mountOrigins: string[] = [];
  const mounts: Json[] = [];
  if (service.privileged === true) hc.Privileged = true;
  const topVolumes = isRecord(project.volumes) ? project.volumes : {};
  for (const [i, v] of (Array.isArray(service.volumes) ? service.volumes : []).entries()) {
    if (!isRecord(v)) continue;
    const type = typeof v.type === 'string' ? v.type : 'volume';
    const source = typeof v.source === 'string' ? v.source : '';
    if (type === 'bind') mounts.push({ Type: 'bind', Source: source });
    else if (type === 'volume' && source) {
      const top = topVolumes[source];
      const name = isRecord(top) && typeof top.name === 'string' ? top.name : source;
      mounts.push({ Type: 'volume', Source: name });
    } else mounts.push({ Type: type, Source: source });
    mountOrigins.push(`volumes.${i}`);
  }
  // File-based secrets and configs are bind mounts of host files.
  for (const kind of ['secrets', 'configs'] as const) {
    const top = isRecord(project[kind]) ? (project[kind] as Json) : {};
    for (const ref of Array.isArray(service[kind]) ? service[kind] : []) {
      const source = isRecord(ref) ? ref.source : ref;
      const def = typeof source === 'string' ? top[source] : undefined;
      if (isRecord(def) && typeof def.file === 'string') {
        mounts.push({ Type: 'bind', Source: def.file });
        mountOrigins.push(`${kind}:${String(source)}`);
      }
    }
  }
  if (mounts.length) hc.Mounts = mounts;
  const str = (key: string) => (typeof service[key] === 'string' ? (service[key] as string) : undefined);
  const modes: [string, string][] = [
    ['NetworkMode', 'network_mode'],
    ['PidMode', 'pid'],
    ['IpcMode', 'ipc'],
    ['UTSMode', 'uts'],
    ['UsernsMode', 'userns_mode'],
    ['CgroupnsMode', 'cgroup'],
  ];
  for (const [field, key] of modes) {
    const value = str(key);
    // `service:x` joins a container of this very stack, judged as its own service.
    if (value && !value.startsWith('service:')) hc[field] = value;
  }
  if (Array.isArray(service.cap_add)) hc.CapAdd = service.cap_add;
  if (Array.isArray(service.devices))
    hc.Devices = service.devices.map((d) => (isRecord(d) ? { PathOnHost: d.source } : d));
  if (Array.isArray(service.device_cgroup_rules)) hc.DeviceCgroupRules = service.device_cgroup_rules;
  const reservations = (service.deploy as Json | undefined)?.resources as Json | undefined;
  const devices = (reservations?.reservations as Json | undefined)?.devices;
  if (Array.isArray(devices) && devices.length) hc.DeviceRequests = devices.map(() => ({ Driver: 'gpu' }));
  if (service.gpus) hc.DeviceRequests = [{ Driver: 'gpu' }];
  if (isRecord(service.sysctls)) hc.Sysctls = service.sysctls;
  if (Array.isArray(service.security_opt)) hc.SecurityOpt = service.security_opt;
  if (Array.isArray(service.volumes_from))
    hc.VolumesFrom = service.volumes_from.filter((v) => typeof v === 'string' && v.startsWith('container:'));
  if (Array.isArray(hc.VolumesFrom))
    hc.VolumesFrom = (hc.VolumesFrom as string[]).map((v) => v.replace(/^container:/, ''));
  return { body: { HostConfig: hc }, mountOrigins };
}

export interface StackViolation {
  service: string | null;
  /** The Compose setting (`services.web.privileged`, `volumes.data.driver_opts`). */
  path: string;
  setting: PolicyViolation['setting'];
  message: string;
}

function composePath(service: string, engine: string, origins: string[]): string {
  const parts = engine.split('.');
  const field = parts[0] === 'HostConfig' ? parts[1] : parts[0];
  if (field === 'Mounts') {
    const origin = origins[Number(parts[parts[0] === 'HostConfig' ? 2 : 1])] ?? 'volumes';
    return origin.includes(':')
      ? `${origin.split(':')[0]}.${origin.split(':')[1]}.file`
      : `services.${service}.${origin}`;
  }
  return `services.${service}.${SERVICE_KEYS[field ?? ''] ?? field}`;
}

/** Everything a rendered project refers to on the engine (for the policy's facts). */
export function renderedReferences(project: Json): PolicyReferences {
  const refs: PolicyReferences = { containers: [], volumes: [] };
  const services = isRecord(project.services) ? project.services : {};
  for (const service of Object.values(services)) {
    if (!isRecord(service)) continue;
    const inner = policyReferences(serviceCreateBody(service, project).body);
    refs.containers.push(...inner.containers);
    refs.volumes.push(...inner.volumes);
  }
  return refs;
}

/**
 * Judges the project Compose would run with the container and volume policy: each service as its create
 * body, each top-level volume as its create body. Names the service and the Compose setting.
 */
export function judgeRenderedProject(
  project: Json,
  settings: SecuritySettings,
  facts: EngineFacts,
): StackViolation[] {
  const out: StackViolation[] = [];
  const volumes = isRecord(project.volumes) ? project.volumes : {};
  for (const [key, volume] of Object.entries(volumes)) {
    if (!isRecord(volume) || volume.external === true) continue;
    const body = { Driver: volume.driver ?? 'local', DriverOpts: volume.driver_opts ?? {} };
    for (const v of checkVolumeCreate(body, settings))
      out.push({
        service: null,
        path: `volumes.${key}.driver_opts`,
        setting: v.setting,
        message: `Volume "${key}": ${v.message}`,
      });
  }
  const services = isRecord(project.services) ? project.services : {};
  for (const [name, service] of Object.entries(services)) {
    if (!isRecord(service)) continue;
    const { body, mountOrigins } = serviceCreateBody(service, project);
    // Volumes this project creates are judged above by their options; the engine's facts cover the rest.
    const own = new Set(
      Object.entries(volumes)
        .filter(([, v]) => isRecord(v) && v.external !== true)
        .map(([k, v]) => (isRecord(v) && typeof v.name === 'string' ? v.name : k)),
    );
    const serviceFacts: EngineFacts = {
      container: facts.container,
      volume: (volume) => (own.has(volume) ? null : facts.volume(volume)),
    };
    for (const v of checkContainerCreate(body, settings, serviceFacts)) {
      const path = composePath(name, v.path, mountOrigins);
      if (out.some((o) => o.path === path && o.setting === v.setting)) continue;
      out.push({ service: name, path, setting: v.setting, message: `Service "${name}": ${v.message}` });
    }
  }
  return out;
}

/**
 * Files a compose file makes Compose read on Berth's own host (env_file, extends, include): outside the
 * stack's folder they could read Berth's data (its database, its key) into a container.
 */
export function outsideFileReferences(compose: string, stackDir: string): { path: string; file: string }[] {
  const doc = parseDocument(compose);
  const found: { path: string; file: string }[] = [];
  const check = (where: string, file: unknown) => {
    if (typeof file !== 'string' || file === '') return;
    const resolved = path.resolve(stackDir, file);
    if (resolved !== stackDir && !resolved.startsWith(`${stackDir}${path.sep}`))
      found.push({ path: where, file });
  };
  const services = doc.get('services', true);
  if (isMap(services)) {
    for (const item of services.items) {
      const name = isScalar(item.key) ? String(item.key.value) : '';
      const service = item.value;
      if (!isMap(service)) continue;
      const envFile = service.get('env_file', true);
      const files = isSeq(envFile) ? envFile.items : [envFile];
      for (const f of files) {
        const value = isScalar(f) ? f.value : isMap(f) ? f.get('path') : undefined;
        check(`services.${name}.env_file`, value);
      }
      const ext = service.get('extends', true);
      if (isMap(ext)) check(`services.${name}.extends.file`, ext.get('file'));
    }
  }
  const include = doc.get('include', true);
  if (isSeq(include)) {
    for (const [i, entry] of include.items.entries()) {
      if (isScalar(entry)) check(`include.${i}`, entry.value);
      else if (isMap(entry)) {
        const p = entry.get('path', true);
        for (const f of isSeq(p) ? p.items : [p])
          check(`include.${i}.path`, isScalar(f) ? f.value : undefined);
        check(`include.${i}.env_file`, entry.get('env_file'));
      }
    }
  }
  return found;
}
