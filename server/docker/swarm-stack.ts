import { parse } from 'yaml';
import type { ServiceCreateParsed } from '@/lib/swarm/schemas';
import { STACK_LABEL } from '@/server/docker/swarm-view';
import { HttpError } from '@/server/http/errors';

/**
 * A compose file read as `docker stack deploy -c` reads it, for the keys Berth maps (pure). Any other key is
 * refused by name (400): dropping it silently would deploy something other than the file says.
 */

export interface StackNetwork {
  /** The engine's name: `${stack}_${key}`, or the external one's own. */
  name: string;
  external: boolean;
  attachable: boolean;
  labels: Record<string, string>;
}

export interface StackPlan {
  stack: string;
  services: ServiceCreateParsed[];
  networks: StackNetwork[];
  /** External secrets and configs the services reference (engine names). */
  secrets: string[];
  configs: string[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const SERVICE_KEYS = new Set([
  'image',
  'command',
  'entrypoint',
  'environment',
  'deploy',
  'ports',
  'volumes',
  'networks',
  'labels',
  'secrets',
  'configs',
  'hostname',
  'user',
  'working_dir',
  'cap_add',
  'cap_drop',
]);
const DEPLOY_KEYS = new Set(['replicas', 'mode', 'labels', 'placement', 'resources', 'restart_policy']);
const TOP_KEYS = new Set(['version', 'name', 'services', 'networks', 'volumes', 'secrets', 'configs']);

class Problems {
  readonly list: { path: string; message: string }[] = [];
  add(path: string, message: string) {
    this.list.push({ path: `compose.${path}`, message });
  }
  unsupported(path: string, keys: Iterable<string>, allowed: Set<string>) {
    for (const k of keys)
      if (!allowed.has(k) && !k.startsWith('x-')) this.add(`${path}${k}`, `Unsupported key: ${k}`);
  }
}

/** A command line as compose splits a string (quotes group, no expansion). */
export function splitCommand(text: string): string[] {
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (const m of text.matchAll(re)) words.push(m[1]?.replace(/\\(.)/g, '$1') ?? m[2] ?? m[3] ?? '');
  return words;
}

const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));

function listOrMap(value: unknown, path: string, problems: Problems, sep: '='): string[];
function listOrMap(value: unknown, path: string, problems: Problems): Record<string, string>;
function listOrMap(
  value: unknown,
  path: string,
  problems: Problems,
  sep?: '=',
): string[] | Record<string, string> {
  const entries: [string, string | null][] = [];
  if (Array.isArray(value)) {
    for (const item of value) {
      const text = str(item);
      const at = text.indexOf('=');
      entries.push(at < 0 ? [text, null] : [text.slice(0, at), text.slice(at + 1)]);
    }
  } else if (isObj(value)) {
    for (const [k, v] of Object.entries(value)) entries.push([k, v === null ? null : str(v)]);
  } else if (value !== undefined && value !== null) problems.add(path, 'A list or a map');
  if (sep) return entries.map(([k, v]) => (v === null ? k : `${k}=${v}`));
  return Object.fromEntries(entries.map(([k, v]) => [k, v ?? '']));
}

function parsePort(item: unknown, path: string, problems: Problems): ServiceCreateParsed['ports'] {
  if (isObj(item)) {
    problems.unsupported(`${path}.`, Object.keys(item), new Set(['target', 'published', 'protocol', 'mode']));
    const mode = item.mode === 'host' ? 'host' : 'ingress';
    const protocol = item.protocol === 'udp' || item.protocol === 'sctp' ? item.protocol : 'tcp';
    const published = item.published === undefined ? undefined : Number(item.published);
    return [{ target: Number(item.target), ...(published ? { published } : {}), protocol, mode }];
  }
  const m = /^(?:(\d+):)?(\d+)(?:\/(tcp|udp|sctp))?$/.exec(str(item));
  if (!m) {
    problems.add(path, `Unsupported port: ${str(item)} (PUBLISHED:TARGET[/PROTOCOL])`);
    return [];
  }
  const protocol = (m[3] ?? 'tcp') as 'tcp' | 'udp' | 'sctp';
  return [{ target: Number(m[2]), ...(m[1] ? { published: Number(m[1]) } : {}), protocol, mode: 'ingress' }];
}

function parseVolume(
  item: unknown,
  path: string,
  stack: string,
  problems: Problems,
): ServiceCreateParsed['mounts'] {
  let source = '';
  let target = '';
  let readOnly = false;
  let type: 'volume' | 'bind' | 'tmpfs' | undefined;
  if (isObj(item)) {
    problems.unsupported(`${path}.`, Object.keys(item), new Set(['type', 'source', 'target', 'read_only']));
    source = str(item.source);
    target = str(item.target);
    readOnly = item.read_only === true;
    if (item.type === 'bind' || item.type === 'volume' || item.type === 'tmpfs') type = item.type;
    else if (item.type !== undefined)
      problems.add(`${path}.type`, `Unsupported mount type: ${str(item.type)}`);
  } else {
    const parts = str(item).split(':');
    if (parts.length === 1) target = parts[0] ?? '';
    else {
      source = parts[0] ?? '';
      target = parts[1] ?? '';
      const mode = parts[2];
      if (mode === 'ro') readOnly = true;
      else if (mode !== undefined && mode !== 'rw') problems.add(path, `Unsupported volume mode: ${mode}`);
    }
  }
  if (!target.startsWith('/')) {
    problems.add(path, 'The target must be an absolute path in the container');
    return [];
  }
  type ??= source.startsWith('/') ? 'bind' : 'volume';
  if (source.startsWith('.') || source.startsWith('~')) {
    problems.add(path, `A relative host path (${source}) means a path on your machine: use an absolute one`);
    return [];
  }
  // Named volumes belong to the stack, as `docker stack deploy` names them.
  if (type === 'volume' && source) source = `${stack}_${source}`;
  return [{ type, ...(source ? { source } : {}), target, readOnly }];
}

function externalFiles(
  kind: 'secrets' | 'configs',
  declared: unknown,
  problems: Problems,
): Map<string, string> {
  const out = new Map<string, string>();
  if (declared === undefined || declared === null) return out;
  if (!isObj(declared)) {
    problems.add(kind, 'A map');
    return out;
  }
  for (const [key, value] of Object.entries(declared)) {
    const v = isObj(value) ? value : {};
    if (v.external !== true) {
      problems.add(
        `${kind}.${key}`,
        `Only external ${kind} are supported (create it first, then declare it with external: true); a file is on your machine, not the server's`,
      );
      continue;
    }
    problems.unsupported(`${kind}.${key}.`, Object.keys(v), new Set(['external', 'name']));
    out.set(key, typeof v.name === 'string' ? v.name : key);
  }
  return out;
}

function deployOf(service: ServiceCreateParsed, deploy: unknown, path: string, problems: Problems): void {
  if (deploy === undefined || deploy === null) return;
  if (!isObj(deploy)) {
    problems.add(path, 'A map');
    return;
  }
  problems.unsupported(`${path}.`, Object.keys(deploy), DEPLOY_KEYS);
  if (deploy.mode !== undefined) {
    if (deploy.mode === 'global' || deploy.mode === 'replicated') service.mode = deploy.mode;
    else problems.add(`${path}.mode`, `Unsupported mode: ${str(deploy.mode)}`);
  }
  if (deploy.replicas !== undefined) service.replicas = Number(deploy.replicas);
  if (deploy.labels !== undefined)
    service.labels = { ...service.labels, ...listOrMap(deploy.labels, `${path}.labels`, problems) };
  if (deploy.placement !== undefined) {
    const placement = isObj(deploy.placement) ? deploy.placement : {};
    problems.unsupported(`${path}.placement.`, Object.keys(placement), new Set(['constraints']));
    if (Array.isArray(placement.constraints)) service.constraints = placement.constraints.map(str);
  }
  if (deploy.resources !== undefined) {
    const resources = isObj(deploy.resources) ? deploy.resources : {};
    problems.unsupported(`${path}.resources.`, Object.keys(resources), new Set(['limits']));
    const limits = isObj(resources.limits) ? resources.limits : {};
    problems.unsupported(`${path}.resources.limits.`, Object.keys(limits), new Set(['cpus', 'memory']));
    if (limits.cpus !== undefined) service.limitCpus = str(limits.cpus);
    if (limits.memory !== undefined) service.limitMemory = str(limits.memory).replace(/b$/i, '');
  }
  if (deploy.restart_policy !== undefined) {
    const policy = isObj(deploy.restart_policy) ? deploy.restart_policy : {};
    problems.unsupported(`${path}.restart_policy.`, Object.keys(policy), new Set(['condition']));
    const c = policy.condition;
    if (c === 'any' || c === 'none' || c === 'on-failure') service.restartCondition = c;
  }
}

/** The stack's services, networks and external references; 400 naming every key it cannot honour. */
export function planStack(stack: string, compose: string, noResolveImage: boolean): StackPlan {
  let doc: unknown;
  try {
    doc = parse(compose);
  } catch (err) {
    throw new HttpError(400, 'bad_request', `The compose file is not valid YAML: ${(err as Error).message}`, [
      { path: 'body.compose', message: (err as Error).message },
    ]);
  }
  const problems = new Problems();
  if (!isObj(doc) || !isObj(doc.services))
    throw new HttpError(400, 'bad_request', 'The compose file has no services', [
      { path: 'body.compose', message: 'No services' },
    ]);
  problems.unsupported('', Object.keys(doc), TOP_KEYS);

  const networks = new Map<string, StackNetwork>();
  if (doc.networks !== undefined && doc.networks !== null) {
    if (!isObj(doc.networks)) problems.add('networks', 'A map');
    else
      for (const [key, value] of Object.entries(doc.networks)) {
        const v = isObj(value) ? value : {};
        problems.unsupported(
          `networks.${key}.`,
          Object.keys(v),
          new Set(['driver', 'attachable', 'external', 'name', 'labels']),
        );
        if (v.driver !== undefined && v.driver !== 'overlay')
          problems.add(`networks.${key}.driver`, `Only overlay networks span a swarm (not ${str(v.driver)})`);
        const external = v.external === true;
        networks.set(key, {
          name: typeof v.name === 'string' ? v.name : external ? key : `${stack}_${key}`,
          external,
          attachable: v.attachable === true,
          labels: { ...listOrMap(v.labels, `networks.${key}.labels`, problems), [STACK_LABEL]: stack },
        });
      }
  }
  if (doc.volumes !== undefined && doc.volumes !== null) {
    if (!isObj(doc.volumes)) problems.add('volumes', 'A map');
    else
      for (const [key, value] of Object.entries(doc.volumes))
        if (isObj(value)) problems.unsupported(`volumes.${key}.`, Object.keys(value), new Set<string>());
  }
  const secrets = externalFiles('secrets', doc.secrets, problems);
  const configs = externalFiles('configs', doc.configs, problems);
  const usedNetworks = new Set<string>();

  const services: ServiceCreateParsed[] = [];
  for (const [key, value] of Object.entries(doc.services)) {
    const path = `services.${key}`;
    const s = isObj(value) ? value : {};
    problems.unsupported(`${path}.`, Object.keys(s), SERVICE_KEYS);
    if (typeof s.image !== 'string' || !s.image)
      problems.add(`${path}.image`, 'An image is required (no build)');
    const labels = listOrMap(s.labels, `${path}.labels`, problems);
    const service: ServiceCreateParsed = {
      name: `${stack}_${key}`,
      image: str(s.image),
      mode: 'replicated',
      replicas: 1,
      env: listOrMap(s.environment, `${path}.environment`, problems, '='),
      labels: { [STACK_LABEL]: stack },
      containerLabels: { ...labels, [STACK_LABEL]: stack },
      ports: [],
      mounts: [],
      networks: [],
      constraints: [],
      secrets: [],
      configs: [],
      restartCondition: 'any',
      capAdd: Array.isArray(s.cap_add) ? s.cap_add.map(str) : [],
      capDrop: Array.isArray(s.cap_drop) ? s.cap_drop.map(str) : [],
      noResolveImage,
      ...(s.hostname !== undefined ? { hostname: str(s.hostname) } : {}),
      ...(s.user !== undefined ? { user: str(s.user) } : {}),
      ...(s.working_dir !== undefined ? { workdir: str(s.working_dir) } : {}),
    };
    for (const [field, word] of [
      ['command', 'command'],
      ['entrypoint', 'entrypoint'],
    ] as const) {
      const v = s[word];
      if (v === undefined || v === null) continue;
      service[field] = Array.isArray(v) ? v.map(str) : splitCommand(str(v));
    }
    deployOf(service, s.deploy, `${path}.deploy`, problems);
    if (Array.isArray(s.ports))
      s.ports.forEach((p, i) => {
        service.ports.push(...parsePort(p, `${path}.ports.${i}`, problems));
      });
    if (Array.isArray(s.volumes))
      s.volumes.forEach((v, i) => {
        service.mounts.push(...parseVolume(v, `${path}.volumes.${i}`, stack, problems));
      });
    const nets = Array.isArray(s.networks)
      ? s.networks.map(str)
      : isObj(s.networks)
        ? Object.keys(s.networks)
        : [];
    if (isObj(s.networks))
      for (const [n, v] of Object.entries(s.networks))
        if (isObj(v)) problems.unsupported(`${path}.networks.${n}.`, Object.keys(v), new Set<string>());
    if (nets.length === 0) nets.push('default');
    for (const n of nets) {
      if (n === 'default' && !networks.has('default'))
        networks.set('default', {
          name: `${stack}_default`,
          external: false,
          attachable: false,
          labels: { [STACK_LABEL]: stack },
        });
      const net = networks.get(n);
      if (!net) problems.add(`${path}.networks`, `Undeclared network: ${n}`);
      else {
        service.networks.push(net.name);
        usedNetworks.add(n);
      }
    }
    for (const [kind, declared] of [
      ['secrets', secrets],
      ['configs', configs],
    ] as const) {
      const refs = s[kind];
      if (refs === undefined) continue;
      if (!Array.isArray(refs)) {
        problems.add(`${path}.${kind}`, 'A list');
        continue;
      }
      refs.forEach((r, i) => {
        const source = isObj(r) ? str(r.source) : str(r);
        if (isObj(r))
          problems.unsupported(`${path}.${kind}.${i}.`, Object.keys(r), new Set(['source', 'target']));
        const name = declared.get(source);
        if (!name) {
          problems.add(`${path}.${kind}.${i}`, `Undeclared ${kind.slice(0, -1)}: ${source}`);
          return;
        }
        const target = isObj(r) && r.target !== undefined ? str(r.target) : source;
        service[kind].push({ name, ...(target !== name ? { target } : {}) });
      });
    }
    services.push(service);
  }
  if (problems.list.length)
    throw new HttpError(
      400,
      'bad_request',
      `The compose file has what Berth cannot deploy: ${problems.list.map((p) => `${p.path} (${p.message})`).join('; ')}`,
      problems.list,
    );
  return {
    stack,
    services,
    networks: [...networks.entries()].filter(([k]) => usedNetworks.has(k)).map(([, n]) => n),
    secrets: [...new Set(secrets.values())],
    configs: [...new Set(configs.values())],
  };
}
