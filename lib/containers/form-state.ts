import { parse } from 'shell-quote';
import { shellJoin } from '@/lib/containers/cli';
import { type ContainerForm, type ContainerFormInput, containerFormSchema } from '@/lib/containers/form';

/**
 * What the create form edits: plain text, the way a CLI user writes it (one `-p`, `-v`, `-e`, `--cap-add`…
 * value per line; the command and entrypoint as shell words). Every option of ContainerForm has a field of
 * the same name here, converted to and from the API's ContainerForm without loss (issue 15).
 */

type KeysOf<V> = {
  [K in keyof ContainerForm]-?: NonNullable<ContainerForm[K]> extends V ? K : never;
}[keyof ContainerForm];
/** Options given once per value (`-p`, `--cap-add`…): one value a line in the form. */
export type ListField = Exclude<KeysOf<string[]>, 'command' | 'entrypoint'>;
/** Options with one value, in the CLI's syntax (`--memory 512m`). */
export type TextField = Exclude<KeysOf<string>, 'image'>;
/** Switches (`--privileged`): unset or on. */
export type SwitchField = Exclude<KeysOf<boolean>, 'start' | 'init'>;

export interface ContainerFormState
  extends Record<ListField | TextField, string>,
    Record<SwitchField, boolean> {
  image: string;
  /** Shell words, after the image. */
  command: string;
  /** Shell words; the first is `--entrypoint`, the others run before the command (as the CLI renders them). */
  entrypoint: string;
  /** `--init` / `--init=false` / not given: the engine keeps false apart from unset. */
  init: boolean | null;
  start: boolean;
  /**
   * List values a line of text cannot show (one with a line break, an empty one, one with spaces around it):
   * sent as they are, after the field's lines, so that nothing pasted or read back is lost on the way.
   */
  advanced: Partial<Record<ListField, string[]>>;
}

/** The form's tabs, in order (Portainer's grouping). */
export const FORM_TABS = [
  'general',
  'network',
  'volumes',
  'env',
  'labels',
  'restart',
  'runtime',
  'security',
] as const;
export type FormTab = (typeof FORM_TABS)[number];

export type FormField = Exclude<keyof ContainerFormState, 'advanced'>;

/** Which tab shows each field: every option of the form is somewhere (the type checks it). */
export const TAB_OF_FIELD: Record<FormField, FormTab> = {
  image: 'general',
  name: 'general',
  command: 'general',
  entrypoint: 'general',
  workingDir: 'general',
  user: 'general',
  interactive: 'general',
  tty: 'general',
  start: 'general',
  attach: 'general',
  platform: 'general',
  pull: 'general',

  network: 'network',
  hostname: 'network',
  domainname: 'network',
  ports: 'network',
  publishAll: 'network',
  expose: 'network',
  networkAliases: 'network',
  ip: 'network',
  ip6: 'network',
  linkLocalIps: 'network',
  macAddress: 'network',
  dns: 'network',
  dnsSearch: 'network',
  dnsOptions: 'network',
  addHosts: 'network',
  links: 'network',

  volumes: 'volumes',
  mounts: 'volumes',
  tmpfs: 'volumes',
  volumesFrom: 'volumes',
  volumeDriver: 'volumes',

  env: 'env',
  labels: 'labels',

  restart: 'restart',
  autoRemove: 'restart',
  stopSignal: 'restart',
  stopTimeout: 'restart',
  init: 'restart',
  healthCmd: 'restart',
  healthInterval: 'restart',
  healthTimeout: 'restart',
  healthStartPeriod: 'restart',
  healthRetries: 'restart',
  noHealthcheck: 'restart',

  memory: 'runtime',
  memoryReservation: 'runtime',
  memorySwap: 'runtime',
  memorySwappiness: 'runtime',
  oomKillDisable: 'runtime',
  oomScoreAdj: 'runtime',
  cpus: 'runtime',
  cpuShares: 'runtime',
  cpusetCpus: 'runtime',
  cpusetMems: 'runtime',
  cpuPeriod: 'runtime',
  cpuQuota: 'runtime',
  cpuRtPeriod: 'runtime',
  cpuRtRuntime: 'runtime',
  blkioWeight: 'runtime',
  blkioWeightDevices: 'runtime',
  deviceReadBps: 'runtime',
  deviceWriteBps: 'runtime',
  deviceReadIops: 'runtime',
  deviceWriteIops: 'runtime',
  pidsLimit: 'runtime',
  shmSize: 'runtime',
  ulimits: 'runtime',
  logDriver: 'runtime',
  logOpts: 'runtime',
  runtime: 'runtime',
  storageOpts: 'runtime',
  cgroupParent: 'runtime',

  privileged: 'security',
  capAdd: 'security',
  capDrop: 'security',
  devices: 'security',
  deviceCgroupRules: 'security',
  securityOpts: 'security',
  readOnly: 'security',
  sysctls: 'security',
  groupAdd: 'security',
  pid: 'security',
  ipc: 'security',
  uts: 'security',
  userns: 'security',
  cgroupns: 'security',
};

// Records rather than arrays so that the compiler checks each kind is complete.
const LIST: Record<ListField, true> = {
  env: true,
  ports: true,
  volumes: true,
  labels: true,
  mounts: true,
  tmpfs: true,
  expose: true,
  capAdd: true,
  capDrop: true,
  devices: true,
  deviceCgroupRules: true,
  addHosts: true,
  dns: true,
  dnsSearch: true,
  dnsOptions: true,
  ulimits: true,
  logOpts: true,
  securityOpts: true,
  sysctls: true,
  storageOpts: true,
  groupAdd: true,
  blkioWeightDevices: true,
  deviceReadBps: true,
  deviceWriteBps: true,
  deviceReadIops: true,
  deviceWriteIops: true,
  networkAliases: true,
  linkLocalIps: true,
  links: true,
  volumesFrom: true,
  attach: true,
};
const TEXT: Record<TextField, true> = {
  name: true,
  network: true,
  restart: true,
  memory: true,
  cpus: true,
  workingDir: true,
  user: true,
  hostname: true,
  healthCmd: true,
  healthInterval: true,
  healthTimeout: true,
  healthStartPeriod: true,
  healthRetries: true,
  logDriver: true,
  stopSignal: true,
  stopTimeout: true,
  shmSize: true,
  pid: true,
  ipc: true,
  uts: true,
  userns: true,
  cgroupns: true,
  cgroupParent: true,
  memoryReservation: true,
  memorySwap: true,
  memorySwappiness: true,
  oomScoreAdj: true,
  cpuShares: true,
  cpusetCpus: true,
  cpusetMems: true,
  cpuPeriod: true,
  cpuQuota: true,
  cpuRtPeriod: true,
  cpuRtRuntime: true,
  blkioWeight: true,
  pidsLimit: true,
  platform: true,
  pull: true,
  ip: true,
  ip6: true,
  macAddress: true,
  volumeDriver: true,
  domainname: true,
  runtime: true,
};
const SWITCH: Record<SwitchField, true> = {
  publishAll: true,
  interactive: true,
  tty: true,
  privileged: true,
  autoRemove: true,
  noHealthcheck: true,
  readOnly: true,
  oomKillDisable: true,
};
export const LIST_FIELDS = Object.keys(LIST) as ListField[];
export const TEXT_FIELDS = Object.keys(TEXT) as TextField[];
export const SWITCH_FIELDS = Object.keys(SWITCH) as SwitchField[];

/** Values whose spaces at the ends are theirs (docker keeps `-e "A=1 "` as written). */
const KEEPS_TRAILING_SPACE: readonly ListField[] = ['env', 'labels'];
/** The one text value whose spaces are part of it (a shell command line). */
const UNTRIMMED_TEXT: readonly TextField[] = ['healthCmd'];

export const EMPTY_FORM_STATE: ContainerFormState = {
  ...(Object.fromEntries(LIST_FIELDS.map((f) => [f, ''])) as Record<ListField, string>),
  ...(Object.fromEntries(TEXT_FIELDS.map((f) => [f, ''])) as Record<TextField, string>),
  ...(Object.fromEntries(SWITCH_FIELDS.map((f) => [f, false])) as Record<SwitchField, boolean>),
  image: '',
  command: '',
  entrypoint: '',
  init: null,
  start: true,
  advanced: {},
};

/** A line of a list field as it is sent: trimmed, except the end of env and label values. */
function lineValue(field: ListField, line: string): string {
  return KEEPS_TRAILING_SPACE.includes(field) ? line.replace(/\r$/, '').trimStart() : line.trim();
}

/** The values of a list field's text, one a line, blank lines dropped. */
export function linesOf(field: ListField, text: string): string[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => lineValue(field, l));
}

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
  const form: ContainerForm = { image: s.image.trim(), start: s.start };
  const text = (value: string) => value.trim();
  if (text(s.name)) form.name = text(s.name);
  if (text(s.command)) form.command = splitWords(s.command);
  if (text(s.entrypoint)) form.entrypoint = splitWords(s.entrypoint);
  for (const field of LIST_FIELDS) {
    const values = [...linesOf(field, s[field]), ...(s.advanced[field] ?? [])];
    if (values.length > 0) form[field] = values;
  }
  for (const field of TEXT_FIELDS) {
    const value = UNTRIMMED_TEXT.includes(field) ? s[field] : s[field].trim();
    if (value.trim() !== '') form[field] = value;
  }
  for (const field of SWITCH_FIELDS) if (s[field]) form[field] = true;
  if (s.init !== null) form.init = s.init;
  return form;
}

export function fromContainerForm(f: ContainerForm): ContainerFormState {
  const state: ContainerFormState = {
    ...EMPTY_FORM_STATE,
    image: f.image,
    command: f.command?.length ? shellJoin(f.command) : '',
    entrypoint: f.entrypoint?.length ? shellJoin(f.entrypoint) : '',
    init: f.init ?? null,
    start: f.start ?? true,
    advanced: {},
  };
  for (const field of LIST_FIELDS) {
    const shown: string[] = [];
    const kept: string[] = [];
    for (const value of f[field] ?? []) {
      const fits = !value.includes('\n') && value.trim() !== '' && lineValue(field, value) === value;
      (fits ? shown : kept).push(value);
    }
    state[field] = shown.join('\n');
    if (kept.length > 0) state.advanced[field] = kept;
  }
  for (const field of TEXT_FIELDS) state[field] = f[field] ?? '';
  for (const field of SWITCH_FIELDS) state[field] = f[field] ?? false;
  return state;
}

/** How many options a tab sets (each value of a list counts), for its badge. */
export function countSet(state: ContainerFormState, tab: FormTab): number {
  let count = 0;
  for (const [field, fieldTab] of Object.entries(TAB_OF_FIELD) as [FormField, FormTab][]) {
    if (fieldTab !== tab) continue;
    if (field in LIST) {
      const list = field as ListField;
      count += linesOf(list, state[list]).length + (state.advanced[list]?.length ?? 0);
    } else if (field === 'image' || field === 'command' || field === 'entrypoint' || field in TEXT) {
      if ((state[field] as string).trim() !== '') count++;
    } else if (state[field] !== EMPTY_FORM_STATE[field]) count++;
  }
  return count;
}

/** Which form field, line (for the multi-line ones) and tab an API error path such as `body.ports.1` points at. */
export function fieldOfPath(path: string): { field: FormField; tab: FormTab; line?: number } | null {
  const parts = path.split('.');
  if (parts[0] === 'body') parts.shift();
  const [field, index] = parts;
  if (!field || !Object.hasOwn(TAB_OF_FIELD, field)) return null;
  const line = index === undefined ? undefined : Number(index);
  return {
    field: field as FormField,
    tab: TAB_OF_FIELD[field as FormField],
    ...(line !== undefined && Number.isInteger(line) ? { line } : {}),
  };
}

/**
 * The form state of a container's settings as the API reads them back (edit, duplicate): validated with the
 * create schema first, so what the form shows is what would be sent; null when the engine holds a value the
 * schema refuses (the caller says why instead of showing a form that could not be submitted).
 */
export function formStateOfSettings(
  form: ContainerFormInput,
  overrides: Partial<ContainerFormInput> = {},
): { state: ContainerFormState } | { error: string } {
  const checked = containerFormSchema.safeParse({ ...form, ...overrides });
  if (checked.success) return { state: fromContainerForm(checked.data) };
  return { error: checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n') };
}
