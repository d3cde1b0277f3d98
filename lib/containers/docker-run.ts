import { type ParseEntry, parse } from 'shell-quote';
import { type ContainerForm, containerFormSchema } from '@/lib/containers/form';

/** A pasted command that cannot be turned into a form at all (values the form rejects are only warnings). */
export class DockerRunParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DockerRunParseError';
  }
}

/** An option the form has no field for, kept as written (a Compose service can express many of them). */
export interface IgnoredRunOption {
  /** The long name without dashes: `cap-add`, `env-file`, `init`. */
  option: string;
  /** The value, or true for a switch. */
  value: string | true;
  /** The warning that was given for it (one of `warnings`). */
  warning: string;
}

/** Something in the command that Berth cannot carry out as the CLI would: the API refuses the command. */
export interface RunProblem {
  /** The option as written (`--gpus`, `-e`), or the shell word (`\${HOME}`) it is about. */
  flag: string;
  message: string;
}

export interface DockerRunParseResult {
  form: ContainerForm;
  /** Everything that was ignored, guessed or is invalid, in words a user can act on (problems included). */
  warnings: string[];
  /** What cannot be created as written, by option: the paste box shows them, the API refuses on them. */
  problems: RunProblem[];
}

export interface DockerRunDetailedResult extends DockerRunParseResult {
  /** Options the form has no field for, in order (each also has its warning). */
  ignored: IgnoredRunOption[];
}

interface Context {
  form: ContainerForm;
  warnings: string[];
  problems: RunProblem[];
  ignored: IgnoredRunOption[];
  /** The flag as written, e.g. `-p` or `--publish`, for messages. */
  flag: string;
}

/** Refuses (the API says no, the paste box warns), and keeps the option for callers that can use it. */
function ignore(ctx: Context, option: string, value: string | true, warning: string): void {
  refuse(ctx, ctx.flag, warning);
  ctx.ignored.push({ option, value, warning });
}

function refuse(ctx: Pick<Context, 'warnings' | 'problems'>, flag: string, message: string): void {
  ctx.warnings.push(message);
  ctx.problems.push({ flag, message });
}

type Flag =
  | { takesValue: true; apply: (ctx: Context, value: string) => void }
  | { takesValue: false; apply: (ctx: Context, on: boolean) => void };

type KeysOf<V> = {
  [K in keyof ContainerForm]-?: NonNullable<ContainerForm[K]> extends V ? K : never;
}[keyof ContainerForm];
type ListKey = Exclude<KeysOf<string[]>, 'command' | 'entrypoint'>;
type TextKey = Exclude<KeysOf<string>, 'image'>;
type SwitchKey = Exclude<KeysOf<boolean>, 'start'>;

const q = (value: string) => JSON.stringify(value);

const push = (form: ContainerForm, key: ListKey, value: string) => {
  form[key] = [...((form[key] as string[] | undefined) ?? []), value];
};

const list = (key: ListKey): Flag => ({
  takesValue: true,
  apply: ({ form }, value) => push(form, key, value),
});

/** Like docker: the last one wins, and an empty value means unset. */
const text = (key: TextKey): Flag => ({
  takesValue: true,
  apply: ({ form }, value) => {
    if (value === '') delete form[key];
    else form[key] = value;
  },
});

const toggle = (key: SwitchKey): Flag => ({
  takesValue: false,
  apply: ({ form }, on) => {
    if (on) form[key] = true;
    else delete form[key];
  },
});

/** A switch whose `=false` the engine keeps apart from "not given" (`--init=false` stores Init: false). */
const tristate = (key: SwitchKey): Flag => ({
  takesValue: false,
  apply: ({ form }, on) => {
    form[key] = on;
  },
});

const unsupported = (option: string, takesValue: boolean, why = ''): Flag =>
  takesValue
    ? {
        takesValue,
        apply: (ctx, value) => ignore(ctx, option, value, `${ctx.flag} is not supported${why}`),
      }
    : {
        takesValue,
        apply: (ctx, on) => {
          if (on) ignore(ctx, option, true, `${ctx.flag} is not supported${why}`);
        },
      };

/** Flags that only change how the docker client behaves, not the container. */
const clientOnly = (takesValue: boolean): Flag =>
  takesValue ? { takesValue: true, apply: () => {} } : { takesValue: false, apply: () => {} };

const FLAGS: Record<string, Flag | undefined> = {
  detach: {
    takesValue: false,
    apply: ({ form, warnings, flag }) => {
      if (form.start === false) warnings.push(`${flag} has no meaning for docker create and was ignored`);
    },
  },
  interactive: toggle('interactive'),
  tty: toggle('tty'),
  'publish-all': toggle('publishAll'),
  privileged: toggle('privileged'),
  rm: toggle('autoRemove'),
  name: text('name'),
  publish: list('ports'),
  volume: list('volumes'),
  restart: text('restart'),
  memory: text('memory'),
  cpus: text('cpus'),
  workdir: text('workingDir'),
  user: text('user'),
  hostname: text('hostname'),
  env: {
    takesValue: true,
    apply: (ctx, value) => {
      const { form, flag } = ctx;
      if (value.includes('=')) push(form, 'env', value);
      // The CLI would copy the variable from the user's shell, which Berth cannot see: never guess it.
      else
        refuse(
          ctx,
          flag,
          `${flag} ${value} takes its value from your shell, which Berth cannot see: write ${flag} ${value}=value`,
        );
    },
  },
  label: {
    takesValue: true,
    // `-l key` is docker's shorthand for an empty value.
    apply: ({ form }, value) => push(form, 'labels', value.includes('=') ? value : `${value}=`),
  },
  network: {
    takesValue: true,
    apply: (ctx, value) => {
      if (ctx.form.network === undefined || ctx.form.network === value) ctx.form.network = value;
      else
        refuse(
          ctx,
          ctx.flag,
          `Only one ${ctx.flag} can be given when creating: ${q(value)} was not used; connect it after creating`,
        );
    },
  },
  entrypoint: {
    takesValue: true,
    // A single executable, as the CLI takes it; its arguments go after the image.
    apply: ({ form }, value) => {
      form.entrypoint = [value];
    },
  },
  'env-file': unsupported(
    'env-file',
    true,
    ': the file is on your machine and Berth cannot read it; give its variables with -e KEY=value',
  ),
  'label-file': unsupported(
    'label-file',
    true,
    ': the file is on your machine and Berth cannot read it; give its labels with -l key=value',
  ),
  cidfile: unsupported('cidfile', true, ': it writes a file on your machine'),
  gpus: unsupported('gpus', true, ': Berth does not request GPUs from the engine'),
  'kernel-memory': unsupported('kernel-memory', true, ': the engine no longer honours it'),
  attach: {
    takesValue: true,
    apply: (ctx, value) => {
      push(ctx.form, 'attach', value);
      if (ctx.form.start !== false)
        ctx.warnings.push(
          `${ctx.flag} ${value}: Berth runs containers detached (as docker run -d), so nothing is attached`,
        );
    },
  },
  'detach-keys': clientOnly(true),
  'sig-proxy': clientOnly(false),
  quiet: clientOnly(false),
  'disable-content-trust': clientOnly(false),
};
FLAGS.net = FLAGS.network;

/** The rest of `docker run --help`: options in the CLI's spelling → the form field each fills. */
const LISTS: Record<string, ListKey> = {
  mount: 'mounts',
  tmpfs: 'tmpfs',
  expose: 'expose',
  'cap-add': 'capAdd',
  'cap-drop': 'capDrop',
  device: 'devices',
  'device-cgroup-rule': 'deviceCgroupRules',
  'add-host': 'addHosts',
  dns: 'dns',
  'dns-search': 'dnsSearch',
  'dns-option': 'dnsOptions',
  'dns-opt': 'dnsOptions',
  ulimit: 'ulimits',
  'log-opt': 'logOpts',
  'security-opt': 'securityOpts',
  sysctl: 'sysctls',
  'storage-opt': 'storageOpts',
  'group-add': 'groupAdd',
  'network-alias': 'networkAliases',
  'net-alias': 'networkAliases',
  'link-local-ip': 'linkLocalIps',
  link: 'links',
  'volumes-from': 'volumesFrom',
  'blkio-weight-device': 'blkioWeightDevices',
  'device-read-bps': 'deviceReadBps',
  'device-write-bps': 'deviceWriteBps',
  'device-read-iops': 'deviceReadIops',
  'device-write-iops': 'deviceWriteIops',
};
const TEXTS: Record<string, TextKey> = {
  'health-cmd': 'healthCmd',
  'health-interval': 'healthInterval',
  'health-timeout': 'healthTimeout',
  'health-start-period': 'healthStartPeriod',
  'health-retries': 'healthRetries',
  'log-driver': 'logDriver',
  'stop-signal': 'stopSignal',
  'stop-timeout': 'stopTimeout',
  'shm-size': 'shmSize',
  pid: 'pid',
  ipc: 'ipc',
  uts: 'uts',
  userns: 'userns',
  cgroupns: 'cgroupns',
  'cgroup-parent': 'cgroupParent',
  'memory-reservation': 'memoryReservation',
  'memory-swap': 'memorySwap',
  'memory-swappiness': 'memorySwappiness',
  'oom-score-adj': 'oomScoreAdj',
  'cpu-shares': 'cpuShares',
  'cpuset-cpus': 'cpusetCpus',
  'cpuset-mems': 'cpusetMems',
  'cpu-period': 'cpuPeriod',
  'cpu-quota': 'cpuQuota',
  'cpu-rt-period': 'cpuRtPeriod',
  'cpu-rt-runtime': 'cpuRtRuntime',
  'blkio-weight': 'blkioWeight',
  'pids-limit': 'pidsLimit',
  platform: 'platform',
  pull: 'pull',
  ip: 'ip',
  ip6: 'ip6',
  'mac-address': 'macAddress',
  'volume-driver': 'volumeDriver',
  domainname: 'domainname',
  runtime: 'runtime',
};
for (const [option, key] of Object.entries(LISTS)) FLAGS[option] = list(key);
for (const [option, key] of Object.entries(TEXTS)) FLAGS[option] = text(key);
FLAGS['no-healthcheck'] = toggle('noHealthcheck');
FLAGS['read-only'] = toggle('readOnly');
FLAGS['oom-kill-disable'] = toggle('oomKillDisable');
FLAGS.init = tristate('init');

// What the Engine API of this engine cannot take, or only Windows or newer engines know: refused by name.
const UNSUPPORTED_WITH_VALUE = `
  annotation cpu-count cpu-percent health-start-interval io-maxbandwidth io-maxiops isolation
`;
for (const name of UNSUPPORTED_WITH_VALUE.trim().split(/\s+/)) FLAGS[name] = unsupported(name, true);
for (const name of ['help', 'use-api-socket']) FLAGS[name] = unsupported(name, false);

/** The option that fills a form field, for messages about the field (`capAdd` → `--cap-add`). */
export const OPTION_OF_FIELD: Partial<Record<keyof ContainerForm, string>> = {
  name: '--name',
  image: 'the image',
  command: 'the command',
  entrypoint: '--entrypoint',
  env: '--env',
  ports: '--publish',
  publishAll: '--publish-all',
  volumes: '--volume',
  network: '--network',
  restart: '--restart',
  memory: '--memory',
  cpus: '--cpus',
  labels: '--label',
  workingDir: '--workdir',
  user: '--user',
  hostname: '--hostname',
  privileged: '--privileged',
  autoRemove: '--rm',
  noHealthcheck: '--no-healthcheck',
  readOnly: '--read-only',
  oomKillDisable: '--oom-kill-disable',
  init: '--init',
  attach: '--attach',
  ...Object.fromEntries(
    [...Object.entries(LISTS), ...Object.entries(TEXTS)]
      .filter(([option]) => !['dns-opt', 'net-alias'].includes(option))
      .map(([option, key]) => [key, `--${option}`]),
  ),
};

const SHORT: Record<string, string> = {
  d: 'detach',
  i: 'interactive',
  t: 'tty',
  P: 'publish-all',
  p: 'publish',
  e: 'env',
  v: 'volume',
  m: 'memory',
  l: 'label',
  w: 'workdir',
  u: 'user',
  h: 'hostname',
  a: 'attach',
  c: 'cpu-shares',
  q: 'quiet',
};

/** Go's strconv.ParseBool, which docker's flag parser uses for `--flag=value`. */
function parseBool(flag: string, value: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  throw new DockerRunParseError(`${flag}=${value}: expected ${flag}=true or ${flag}=false`);
}

/**
 * `$(…)` and backticks run a command in the user's shell before docker sees the line. Berth does not run
 * anything: it says so, instead of passing the text on or failing on the parentheses.
 */
function refuseSubstitution(line: string): void {
  let open: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (open === "'") {
      if (c === "'") open = null;
      continue;
    }
    if (c === '\\') {
      i++;
      continue;
    }
    const substitution = c === '`' ? '`…`' : c === '$' && line[i + 1] === '(' ? '$(…)' : null;
    if (substitution)
      throw new DockerRunParseError(
        `${substitution} runs a command in your shell, which Berth does not do: run it yourself and paste its output in its place`,
      );
    if (open === '"') {
      if (c === '"') open = null;
    } else if (c === "'" || c === '"') open = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1] ?? ''))) {
      const newline = line.indexOf('\n', i);
      if (newline < 0) return;
      i = newline;
    }
  }
}

const CONTROL_OPERATORS = ['&&', '||', ';', ';;', '|', '|&', '&', ';&', ';;&'];

/** The quote left open at the end, if any: shell-quote silently closes it, a shell would wait for more. */
function unclosedQuote(line: string): string | null {
  let open: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (open === "'") {
      if (c === "'") open = null;
    } else if (c === '\\') i++;
    else if (open === '"') {
      if (c === '"') open = null;
    } else if (c === "'" || c === '"') open = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1] ?? ''))) {
      const newline = line.indexOf('\n', i);
      if (newline < 0) break;
      i = newline;
    }
  }
  return open;
}

/**
 * Inside double quotes a shell reads `\`` as a backtick, as it reads `\$`, `\"` and `\\`; shell-quote unescapes
 * the other three but keeps that backslash, so `renderRunCommand`'s `"a=\`'"` would come back as `a=\`'`.
 * Found by fuzzing the render/parse round trip.
 */
function unescapeQuotedBackticks(line: string): string {
  let out = '';
  let open: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] ?? '';
    if (open === "'") {
      if (c === "'") open = null;
    } else if (c === '\\') {
      const escaped = line[i + 1] ?? '';
      i++;
      if (open === '"' && escaped === '`') {
        out += escaped;
        continue;
      }
      out += c + escaped;
      continue;
    } else if (open === '"') {
      if (c === '"') open = null;
    } else if (c === "'" || c === '"') open = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1] ?? ''))) {
      // A comment: copied as is, it cannot open a quote.
      const newline = line.indexOf('\n', i);
      const end = newline < 0 ? line.length : newline;
      out += line.slice(i, end);
      i = end - 1;
      continue;
    }
    out += c;
  }
  return out;
}

/** Shell words; variables stay as written since their values are unknown here. */
function tokenize(line: string, variables: Set<string>): string[] {
  const quote = unclosedQuote(line);
  if (quote) throw new DockerRunParseError(`Unclosed ${quote} quote: check the pasted command`);
  // shell-quote turns a line continuation into an empty word instead of nothing. Spaces after the
  // backslash would break it in a shell, but they are an easy mistake to forgive.
  const joined = unescapeQuotedBackticks(line).replace(/(?<!\\)((?:\\\\)*)\\[ \t]*(?:\r?\n|$)/g, '$1 ');
  const tokens: string[] = [];
  let parsed: ParseEntry[];
  try {
    parsed = parse(joined, (key) => {
      if (key === '') return '$';
      variables.add(key);
      return `\${${key}}`;
    });
  } catch {
    // shell-quote throws a plain Error ("Bad substitution") for a `${` it cannot close.
    throw new DockerRunParseError(`A \${…} substitution is empty or not closed: check the pasted command`);
  }
  for (const token of parsed) {
    if (typeof token === 'string') tokens.push(token);
    else if ('comment' in token) break;
    else if (token.op === 'glob') tokens.push(token.pattern);
    else if (CONTROL_OPERATORS.includes(token.op)) {
      throw new DockerRunParseError(
        `Only one docker run command can be pasted: remove ${q(token.op)} and what follows`,
      );
    } else {
      throw new DockerRunParseError(
        `Shell syntax ${q(token.op)} is not supported: paste a single docker run command without redirections or subshells`,
      );
    }
  }
  return tokens;
}

/**
 * Parses a pasted `docker run …`, `docker container run …`, `docker create …` or a bare argument list
 * (`-d -p 80:80 nginx`) the way the docker CLI does: options stop at the image, the rest is the command.
 * Throws DockerRunParseError when there is nothing usable (no image, several commands, malformed options).
 */
export function parseDockerRun(line: string): DockerRunParseResult {
  const { form, warnings, problems } = parseDockerRunDetailed(line);
  return { form, warnings, problems };
}

/** parseDockerRun, plus the options the form has no field for (for the Compose conversion, issue 14). */
export function parseDockerRunDetailed(line: string): DockerRunDetailedResult {
  const variables = new Set<string>();
  refuseSubstitution(line);
  const tokens = tokenize(line, variables);
  if (tokens.length === 0)
    throw new DockerRunParseError('Nothing to read: paste a command such as docker run -d nginx');
  const warnings: string[] = [];
  const problems: RunProblem[] = [];
  const ignored: IgnoredRunOption[] = [];
  const form: ContainerForm = { image: '', start: true };

  let i = 0;
  if (tokens[i] === '$') i++; // A copied prompt.
  if (tokens[i] === 'sudo') i++;
  const program = tokens[i];
  if (program === 'docker' || program?.endsWith('/docker')) {
    i++;
    if (tokens[i] === 'container') i++;
    const sub = tokens[i];
    if (sub === 'create') form.start = false;
    else if (sub !== 'run') {
      throw new DockerRunParseError(
        `Only docker run and docker create commands can be pasted${sub === undefined ? '' : `, not "docker ${sub}"`}`,
      );
    }
    i++;
  }

  const next = (flag: string): string => {
    const value = tokens[++i];
    if (value === undefined) throw new DockerRunParseError(`${flag} needs a value`);
    return value;
  };
  /** Unknown options: a following word is taken as the value only when more words follow it (the image). */
  const unknown = (flag: string, inlineValue: boolean) => {
    const following = tokens[i + 1];
    const name = flag.split('=')[0] ?? flag;
    if (inlineValue) refuse(ctx0, name, `${name} is not a docker run option`);
    else if (following !== undefined && !following.startsWith('-') && tokens[i + 2] !== undefined) {
      i++;
      refuse(ctx0, name, `${name} is not a docker run option (${q(following)} was taken as its value)`);
    } else refuse(ctx0, name, `${name} is not a docker run option`);
  };
  const ctx0 = { warnings, problems };
  const run = (def: Flag, flag: string, inline: string | undefined) => {
    const ctx: Context = { form, warnings, problems, ignored, flag };
    if (def.takesValue) def.apply(ctx, inline ?? next(flag));
    else def.apply(ctx, inline === undefined ? true : parseBool(flag, inline));
  };

  for (; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    if (token === '--') {
      i++;
      break;
    }
    if (token.startsWith('--')) {
      const eq = token.indexOf('=');
      const flag = eq < 0 ? token : token.slice(0, eq);
      const inline = eq < 0 ? undefined : token.slice(eq + 1);
      const def = FLAGS[flag.slice(2)];
      if (def) run(def, flag, inline);
      else unknown(token, inline !== undefined);
    } else if (token.startsWith('-') && token.length > 1) {
      // A cluster such as `-dit` or `-p8080:80`: a flag that takes a value takes the rest of the word.
      for (let j = 1; j < token.length; j++) {
        const flag = `-${token[j]}`;
        const rest = token.slice(j + 1);
        const inline = rest.startsWith('=') ? rest.slice(1) : undefined;
        const long = SHORT[token[j] ?? ''];
        const def = long === undefined ? undefined : FLAGS[long];
        if (!def) {
          if (inline !== undefined) {
            unknown(`${flag}=${inline}`, true);
            break;
          }
          if (rest === '') unknown(flag, false);
          else refuse(ctx0, flag, `${flag} is not a docker run option`);
          continue;
        }
        if (def.takesValue) {
          run(def, flag, inline ?? (rest === '' ? undefined : rest));
          break;
        }
        run(def, flag, inline);
        if (inline !== undefined) break;
      }
    } else break;
  }

  const image = tokens[i];
  if (image === undefined) {
    throw new DockerRunParseError(
      'No image: the options must be followed by an image, e.g. docker run -d nginx:alpine',
    );
  }
  form.image = image;
  const command = tokens.slice(i + 1);
  if (command.length > 0) form.command = command;

  // Berth never runs the user's shell: a variable stays as written, which is not what the shell would pass.
  for (const variable of variables) {
    const word = `\${${variable}}`;
    refuse(
      ctx0,
      word,
      `${word} is a shell variable, which your shell would fill in and Berth cannot: write its value instead (it was kept as written)`,
    );
  }
  const checked = containerFormSchema.safeParse(form);
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const field = issue.path[0];
      const flag =
        (typeof field === 'string' && OPTION_OF_FIELD[field as keyof ContainerForm]) || String(field ?? '');
      // The paste box shows the value's own words; the API names the option too.
      warnings.push(issue.message);
      problems.push({ flag, message: `${flag}: ${issue.message}` });
    }
  }
  return { form: checked.success ? checked.data : form, warnings, problems, ignored };
}
