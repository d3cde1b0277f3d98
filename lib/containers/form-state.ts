import { parse, quote } from 'shell-quote';
import type { ContainerForm } from '@/lib/containers/form';

/**
 * What the create form edits: plain text, the way a CLI user writes it (one `-p`, `-v`, `-e` or `-l`
 * value per line; the command as shell words). Converted to and from the API's ContainerForm.
 */
export interface ContainerFormState {
  image: string;
  name: string;
  command: string;
  entrypoint: string;
  env: string;
  ports: string;
  publishAll: boolean;
  volumes: string;
  network: string;
  restart: string;
  memory: string;
  cpus: string;
  labels: string;
  workingDir: string;
  user: string;
  hostname: string;
  interactive: boolean;
  tty: boolean;
  privileged: boolean;
  autoRemove: boolean;
  start: boolean;
  /**
   * The options of `docker run` the fields above do not show (issue 15: mounts, caps, health…), kept as the
   * paste box or an API form gave them, so that nothing pasted is lost on the way to the request.
   */
  advanced: AdvancedRunOptions;
}

/** The fields of the form the state above edits one by one. */
const BASIC_FIELDS = [
  'image',
  'name',
  'command',
  'entrypoint',
  'env',
  'ports',
  'publishAll',
  'volumes',
  'network',
  'restart',
  'memory',
  'cpus',
  'labels',
  'workingDir',
  'user',
  'hostname',
  'interactive',
  'tty',
  'privileged',
  'autoRemove',
  'start',
] as const satisfies readonly (keyof ContainerForm)[];

export type AdvancedRunOptions = Omit<ContainerForm, (typeof BASIC_FIELDS)[number]>;

function advancedOf(form: ContainerForm): AdvancedRunOptions {
  const advanced: Record<string, unknown> = { ...form };
  for (const field of BASIC_FIELDS) delete advanced[field];
  return advanced as AdvancedRunOptions;
}

export const EMPTY_FORM_STATE: ContainerFormState = {
  image: '',
  name: '',
  command: '',
  entrypoint: '',
  env: '',
  ports: '',
  publishAll: false,
  volumes: '',
  network: '',
  restart: 'no',
  memory: '',
  cpus: '',
  labels: '',
  workingDir: '',
  user: '',
  hostname: '',
  interactive: false,
  tty: false,
  privileged: false,
  autoRemove: false,
  start: true,
  advanced: {},
};

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** Shell words of a command line; operators such as `&&` stay literal (they would need `sh -c`). */
export function splitWords(text: string): string[] {
  return parse(text).map((token) => {
    if (typeof token === 'string') return token;
    if ('op' in token && token.op === 'glob') return token.pattern;
    if ('op' in token) return token.op;
    if ('comment' in token) return `#${token.comment}`;
    return String(token);
  });
}

export function toContainerForm(s: ContainerFormState): ContainerForm {
  const form: ContainerForm = { ...s.advanced, image: s.image.trim(), start: s.start };
  const set = <K extends keyof ContainerForm>(key: K, value: ContainerForm[K] | undefined, keep: boolean) => {
    if (keep && value !== undefined) form[key] = value;
  };
  set('name', s.name.trim(), s.name.trim() !== '');
  set('command', splitWords(s.command), s.command.trim() !== '');
  set('entrypoint', [s.entrypoint.trim()], s.entrypoint.trim() !== '');
  set('env', lines(s.env), lines(s.env).length > 0);
  set('ports', lines(s.ports), lines(s.ports).length > 0);
  set('publishAll', true, s.publishAll);
  set('volumes', lines(s.volumes), lines(s.volumes).length > 0);
  set('network', s.network.trim(), s.network.trim() !== '');
  set('restart', s.restart.trim(), s.restart.trim() !== '' && s.restart.trim() !== 'no');
  set('memory', s.memory.trim(), s.memory.trim() !== '');
  set('cpus', s.cpus.trim(), s.cpus.trim() !== '');
  set('labels', lines(s.labels), lines(s.labels).length > 0);
  set('workingDir', s.workingDir.trim(), s.workingDir.trim() !== '');
  set('user', s.user.trim(), s.user.trim() !== '');
  set('hostname', s.hostname.trim(), s.hostname.trim() !== '');
  set('interactive', true, s.interactive);
  set('tty', true, s.tty);
  set('privileged', true, s.privileged);
  set('autoRemove', true, s.autoRemove);
  return form;
}

export function fromContainerForm(f: ContainerForm): ContainerFormState {
  return {
    image: f.image,
    name: f.name ?? '',
    command: f.command?.length ? quote(f.command) : '',
    entrypoint: f.entrypoint?.join(' ') ?? '',
    env: (f.env ?? []).join('\n'),
    ports: (f.ports ?? []).join('\n'),
    publishAll: f.publishAll ?? false,
    volumes: (f.volumes ?? []).join('\n'),
    network: f.network ?? '',
    restart: f.restart ?? 'no',
    memory: f.memory ?? '',
    cpus: f.cpus === undefined ? '' : String(f.cpus),
    labels: (f.labels ?? []).join('\n'),
    workingDir: f.workingDir ?? '',
    user: f.user ?? '',
    hostname: f.hostname ?? '',
    interactive: f.interactive ?? false,
    tty: f.tty ?? false,
    privileged: f.privileged ?? false,
    autoRemove: f.autoRemove ?? false,
    start: f.start ?? true,
    advanced: advancedOf(f),
  };
}

/** Which form field (and line, for the multi-line ones) an API error path such as `body.ports.1` points at. */
export function fieldOfPath(path: string): { field: keyof ContainerFormState; line?: number } | null {
  const parts = path.split('.');
  if (parts[0] === 'body') parts.shift();
  const [field, index] = parts;
  if (!field || !(field in EMPTY_FORM_STATE)) return null;
  const line = index === undefined ? undefined : Number(index);
  return {
    field: field as keyof ContainerFormState,
    ...(line !== undefined && Number.isInteger(line) ? { line } : {}),
  };
}
