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

export interface DockerRunParseResult {
  form: ContainerForm;
  /** Everything that was ignored, guessed or is invalid, in words a user can act on. */
  warnings: string[];
}

export interface DockerRunDetailedResult extends DockerRunParseResult {
  /** Options the form has no field for, in order (each also has its warning). */
  ignored: IgnoredRunOption[];
}

interface Context {
  form: ContainerForm;
  warnings: string[];
  ignored: IgnoredRunOption[];
  /** The flag as written, e.g. `-p` or `--publish`, for messages. */
  flag: string;
}

/** Warns, and keeps the option for callers that can use it. */
function ignore(ctx: Context, option: string, value: string | true, warning: string): void {
  ctx.warnings.push(warning);
  ctx.ignored.push({ option, value, warning });
}

type Flag =
  | { takesValue: true; apply: (ctx: Context, value: string) => void }
  | { takesValue: false; apply: (ctx: Context, on: boolean) => void };

type ListKey = 'env' | 'ports' | 'volumes' | 'labels';
type TextKey = 'name' | 'restart' | 'memory' | 'cpus' | 'workingDir' | 'user' | 'hostname';
type SwitchKey = 'interactive' | 'tty' | 'publishAll' | 'privileged' | 'autoRemove';

const q = (value: string) => JSON.stringify(value);

const push = (form: ContainerForm, key: ListKey, value: string) => {
  form[key] = [...(form[key] ?? []), value];
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

const unsupported = (option: string, takesValue: boolean): Flag =>
  takesValue
    ? {
        takesValue,
        apply: (ctx, value) =>
          ignore(ctx, option, value, `${ctx.flag} ${q(value)} is not supported here and was ignored`),
      }
    : {
        takesValue,
        apply: (ctx, on) => {
          if (on) ignore(ctx, option, true, `${ctx.flag} is not supported here and was ignored`);
          else ctx.warnings.push(`${ctx.flag} is not supported here and was ignored`);
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
    apply: ({ form, warnings, flag }, value) => {
      if (value.includes('=')) push(form, 'env', value);
      else
        warnings.push(
          `${flag} ${value} takes its value from your shell, which is not available here: add ${value}=… yourself`,
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
    apply: ({ form, warnings, flag }, value) => {
      if (form.network === undefined) form.network = value;
      else
        warnings.push(
          `Only one network can be set here: ${flag} ${q(value)} was ignored; connect it after creating`,
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
  mount: {
    takesValue: true,
    apply: ({ form, warnings, flag }, value) => {
      const volume = mountToVolume(value, (why) => warnings.push(`${flag} ${q(value)}: ${why}`));
      if (volume !== undefined) push(form, 'volumes', volume);
    },
  },
  'env-file': {
    takesValue: true,
    apply: (ctx, value) =>
      ignore(
        ctx,
        'env-file',
        value,
        `${ctx.flag} ${value} was skipped: files cannot be read from here; add its variables yourself`,
      ),
  },
  'label-file': {
    takesValue: true,
    apply: (ctx, value) =>
      ignore(
        ctx,
        'label-file',
        value,
        `${ctx.flag} ${value} was skipped: files cannot be read from here; add its labels yourself`,
      ),
  },
  attach: clientOnly(true),
  'detach-keys': clientOnly(true),
  'sig-proxy': clientOnly(false),
  quiet: clientOnly(false),
  'disable-content-trust': clientOnly(false),
};
FLAGS.net = FLAGS.network;

// The rest of `docker run --help`, so that their values are not mistaken for the image.
const UNSUPPORTED_WITH_VALUE = `
  add-host annotation blkio-weight blkio-weight-device cap-add cap-drop cgroup-parent cgroupns cidfile
  cpu-count cpu-percent cpu-period cpu-quota cpu-rt-period cpu-rt-runtime cpu-shares cpuset-cpus
  cpuset-mems device device-cgroup-rule device-read-bps device-read-iops device-write-bps
  device-write-iops dns dns-opt dns-option dns-search domainname expose gpus group-add health-cmd
  health-interval health-retries health-start-interval health-start-period health-timeout io-maxbandwidth
  io-maxiops ip ip6 ipc isolation kernel-memory link link-local-ip log-driver log-opt mac-address
  memory-reservation memory-swap memory-swappiness network-alias net-alias oom-score-adj pid pids-limit
  platform pull runtime security-opt shm-size stop-signal stop-timeout storage-opt sysctl tmpfs ulimit
  userns uts volume-driver volumes-from
`;
for (const name of UNSUPPORTED_WITH_VALUE.trim().split(/\s+/)) {
  FLAGS[name] = unsupported(name, true);
}
for (const name of ['help', 'init', 'no-healthcheck', 'oom-kill-disable', 'read-only', 'use-api-socket']) {
  FLAGS[name] = unsupported(name, false);
}

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

/** `--mount` as the equivalent `-v` entry, or undefined (with a reason) when there is none. */
function mountToVolume(value: string, warn: (why: string) => void): string | undefined {
  let type = 'volume';
  let source = '';
  let target = '';
  const options: string[] = [];
  for (const field of value.split(',')) {
    const eq = field.indexOf('=');
    const key = (eq < 0 ? field : field.slice(0, eq)).trim().toLowerCase();
    const val = eq < 0 ? undefined : field.slice(eq + 1).trim();
    const on = val === undefined || ['1', 'true'].includes(val.toLowerCase());
    if (key === 'type') type = val ?? '';
    else if (key === 'source' || key === 'src') source = val ?? '';
    else if (key === 'target' || key === 'destination' || key === 'dst') target = val ?? '';
    else if (key === 'readonly' || key === 'ro') {
      if (on) options.push('ro');
    } else if (key === 'volume-nocopy') {
      if (on) options.push('nocopy');
    } else if ((key === 'bind-propagation' || key === 'consistency') && val) options.push(val);
    else warn(`${q(field)} is not supported here and was ignored`);
  }
  const problem =
    type !== 'bind' && type !== 'volume'
      ? `type=${type} is not supported here; the mount was ignored`
      : target === ''
        ? 'the mount has no target and was ignored'
        : type === 'bind' && source === ''
          ? 'a bind mount needs a source; the mount was ignored'
          : null;
  if (problem) {
    warn(problem);
    return undefined;
  }
  return [source, target, options.join(',')].filter(Boolean).join(':');
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
  const { form, warnings } = parseDockerRunDetailed(line);
  return { form, warnings };
}

/** parseDockerRun, plus the options the form has no field for (for the Compose conversion, issue 14). */
export function parseDockerRunDetailed(line: string): DockerRunDetailedResult {
  const variables = new Set<string>();
  const tokens = tokenize(line, variables);
  if (tokens.length === 0)
    throw new DockerRunParseError('Nothing to read: paste a command such as docker run -d nginx');
  const warnings: string[] = [];
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
    if (inlineValue) warnings.push(`Unknown option ${flag} was ignored`);
    else if (following !== undefined && !following.startsWith('-') && tokens[i + 2] !== undefined) {
      i++;
      warnings.push(
        `Unknown option ${flag} was ignored, together with ${q(following)}, assumed to be its value`,
      );
    } else warnings.push(`Unknown option ${flag} was ignored (assumed to take no value)`);
  };
  const run = (def: Flag, flag: string, inline: string | undefined) => {
    const ctx: Context = { form, warnings, ignored, flag };
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
          else warnings.push(`Unknown option ${flag} was ignored (assumed to take no value)`);
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

  if (variables.size > 0) {
    warnings.push(
      `Shell variables were kept as written, not expanded: ${[...variables].map((v) => `\${${v}}`).join(', ')}`,
    );
  }
  const checked = containerFormSchema.safeParse(form);
  if (!checked.success) warnings.push(...checked.error.issues.map((issue) => issue.message));
  return { form: checked.success ? checked.data : form, warnings, ignored };
}
