import { splitWords } from '@/lib/containers/form-state';
import type { ServiceCreate } from '@/lib/swarm/schemas';
import type { ServicePort, TaskView } from '@/lib/swarm/types';

/**
 * Pure helpers of the Swarm pages: the text fields of the service form (one entry a line, as the CLI's repeated
 * flags) to the API's body, and small formatters. A line that cannot be read is reported by its number rather
 * than dropped, so the CLI line never silently differs from what was typed.
 */

/** Non-blank lines, trimmed. */
export function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/** `key=value` lines (a bare `key` is an empty value, as `--label key` is) to a record. */
export function parseKeyValues(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of lines(text)) {
    const at = line.indexOf('=');
    const key = (at < 0 ? line : line.slice(0, at)).trim();
    if (key) out[key] = at < 0 ? '' : line.slice(at + 1).trim();
  }
  return out;
}

export function formatKeyValues(record: Record<string, string>): string {
  return Object.entries(record)
    .map(([k, v]) => (v === '' ? k : `${k}=${v}`))
    .join('\n');
}

type Port = NonNullable<ServiceCreate['ports']>[number];
const PORT = /^(?:(\d{1,5}):)?(\d{1,5})(?:\/(tcp|udp|sctp))?(?:\s+(ingress|host))?$/i;

/** `8080:80/tcp host`: [published:]target[/protocol] [ingress|host], one a line. */
export function parsePortLine(line: string): Port | null {
  const m = PORT.exec(line.trim());
  if (!m) return null;
  const port: Port = {
    target: Number(m[2]),
    protocol: ((m[3] ?? 'tcp').toLowerCase() as Port['protocol']) ?? 'tcp',
    mode: ((m[4] ?? 'ingress').toLowerCase() as Port['mode']) ?? 'ingress',
  };
  if (m[1]) port.published = Number(m[1]);
  return port;
}

type Mount = NonNullable<ServiceCreate['mounts']>[number];

/** The CLI's `--mount` value: `type=volume,source=data,target=/data,readonly`. */
export function parseMountLine(line: string): Mount | null {
  const fields = new Map<string, string>();
  for (const part of line.trim().split(',')) {
    const at = part.indexOf('=');
    const key = (at < 0 ? part : part.slice(0, at)).trim().toLowerCase();
    if (key) fields.set(key, at < 0 ? 'true' : part.slice(at + 1).trim());
  }
  const type = fields.get('type') ?? 'volume';
  const target = fields.get('target') ?? fields.get('destination') ?? fields.get('dst');
  if (!['volume', 'bind', 'tmpfs'].includes(type) || !target) return null;
  const source = fields.get('source') ?? fields.get('src');
  const ro = fields.get('readonly') ?? fields.get('ro');
  return {
    type: type as Mount['type'],
    ...(source ? { source } : {}),
    target,
    readOnly: ro === 'true' || ro === '1',
  };
}

/** `name` or `name:/target/path` (a secret's or config's file in the task). */
export function parseFileRef(line: string): { name: string; target?: string } {
  const at = line.indexOf(':');
  if (at < 0) return { name: line.trim() };
  const target = line.slice(at + 1).trim();
  return { name: line.slice(0, at).trim(), ...(target ? { target } : {}) };
}

/** What the form's inputs hold: text, as typed. */
export interface ServiceFormState {
  name: string;
  image: string;
  mode: 'replicated' | 'global';
  replicas: string;
  command: string;
  env: string;
  labels: string;
  ports: string;
  mounts: string;
  networks: string;
  constraints: string;
  secrets: string;
  configs: string;
  restartCondition: 'any' | 'on-failure' | 'none';
  limitCpus: string;
  limitMemory: string;
  noResolveImage: boolean;
}

export const EMPTY_SERVICE_FORM: ServiceFormState = {
  name: '',
  image: '',
  mode: 'replicated',
  replicas: '1',
  command: '',
  env: '',
  labels: '',
  ports: '',
  mounts: '',
  networks: '',
  constraints: '',
  secrets: '',
  configs: '',
  restartCondition: 'any',
  limitCpus: '',
  limitMemory: '',
  noResolveImage: false,
};

/**
 * The body of `POST /api/swarm/services` for the form, and the lines that could not be read (field → line
 * numbers, 1-based). Empty lists and text are left out, as the CLI line leaves their flags out.
 */
export function toServiceCreate(s: ServiceFormState): {
  body: ServiceCreate;
  bad: Partial<Record<'ports' | 'mounts' | 'replicas', number[]>>;
} {
  const bad: Partial<Record<'ports' | 'mounts' | 'replicas', number[]>> = {};
  const body: ServiceCreate = { name: s.name.trim(), image: s.image.trim(), mode: s.mode };
  if (s.mode === 'replicated') {
    const n = Number(s.replicas.trim());
    if (s.replicas.trim() === '' || !Number.isInteger(n) || n < 0) bad.replicas = [1];
    else body.replicas = n;
  }
  if (s.command.trim()) body.command = splitWords(s.command);
  const env = lines(s.env);
  if (env.length) body.env = env;
  const labels = parseKeyValues(s.labels);
  if (Object.keys(labels).length) body.labels = labels;
  const parsedLines = <T>(text: string, parse: (l: string) => T | null, field: 'ports' | 'mounts') => {
    const out: T[] = [];
    lines(text).forEach((line, i) => {
      const value = parse(line);
      if (value) out.push(value);
      else bad[field] = [...(bad[field] ?? []), i + 1];
    });
    return out;
  };
  const ports = parsedLines(s.ports, parsePortLine, 'ports');
  if (ports.length) body.ports = ports;
  const mounts = parsedLines(s.mounts, parseMountLine, 'mounts');
  if (mounts.length) body.mounts = mounts;
  const networks = lines(s.networks);
  if (networks.length) body.networks = networks;
  const constraints = lines(s.constraints);
  if (constraints.length) body.constraints = constraints;
  const secrets = lines(s.secrets).map(parseFileRef);
  if (secrets.length) body.secrets = secrets;
  const configs = lines(s.configs).map(parseFileRef);
  if (configs.length) body.configs = configs;
  if (s.restartCondition !== 'any') body.restartCondition = s.restartCondition;
  if (s.limitCpus.trim()) body.limitCpus = s.limitCpus.trim();
  if (s.limitMemory.trim()) body.limitMemory = s.limitMemory.trim();
  if (s.noResolveImage) body.noResolveImage = true;
  return { body, bad };
}

/** Replicas as `docker service ls` prints them: running/desired. */
export const replicasText = (running: number, desired: number) => `${running}/${desired}`;

/** `8080:80/tcp (host)`, a port as the services table shows it. */
export function portText(p: ServicePort): string {
  const base = `${p.published ? `${p.published}:` : ''}${p.target}/${p.protocol}`;
  return p.mode === 'host' ? `${base} (host)` : base;
}

const TERMINAL = new Set(['complete', 'failed', 'shutdown', 'rejected', 'orphaned', 'remove']);

/**
 * Whether no task is on its way anywhere: each one that should run runs, and each one that should stop has
 * stopped. While not, the task list polls (tasks have no engine event of their own on the socket).
 */
export function tasksSettled(tasks: readonly Pick<TaskView, 'state' | 'desiredState'>[]): boolean {
  return tasks.every((t) => (t.desiredState === 'running' ? t.state === 'running' : TERMINAL.has(t.state)));
}

/** Tasks newest first, the ones that should run before the history of shut-down ones. */
export function sortTasks<T extends Pick<TaskView, 'desiredState' | 'slot' | 'updatedAt'>>(
  tasks: readonly T[],
): T[] {
  return [...tasks].sort((a, b) => {
    const running = Number(b.desiredState === 'running') - Number(a.desiredState === 'running');
    if (running) return running;
    if ((a.slot ?? 0) !== (b.slot ?? 0)) return (a.slot ?? 0) - (b.slot ?? 0);
    return b.updatedAt.localeCompare(a.updatedAt);
  });
}

/** The base64 of bytes (a file uploaded as a secret's value), without a data: URL's prefix. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}
