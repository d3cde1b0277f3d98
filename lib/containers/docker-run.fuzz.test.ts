import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderRunCommand } from '@/lib/containers/cli';
import { DockerRunParseError, parseDockerRun } from '@/lib/containers/docker-run';
import { type ContainerFormInput, containerFormSchema } from '@/lib/containers/form';
import { fuzzParams, NASTY_STRINGS, nastyString } from '@/lib/testing/fuzz';

/** Parses, or refuses with DockerRunParseError; any other exception is a bug. */
function parseOrRefuse(line: string): ReturnType<typeof parseDockerRun> | null {
  try {
    return parseDockerRun(line);
  } catch (err) {
    if (err instanceof DockerRunParseError) return null;
    throw err;
  }
}

/** Words a pasted command is made of: docker's own flags, shell syntax and anything at all. */
const FLAG_WORDS = [
  'docker',
  'run',
  'create',
  'container',
  'sudo',
  '$',
  '-d',
  '-dit',
  '-p',
  '-p8080:80',
  '-e',
  '-v',
  '-l',
  '-m',
  '-c',
  '-x=1',
  '-P=false',
  '--name',
  '--name=',
  '--rm',
  '--rm=maybe',
  '--privileged=true',
  '--mount',
  '--mount=type=bind,src=/a,dst=/b,readonly',
  '--mount=type=tmpfs,dst=/t',
  '--network',
  '--net=host',
  '--entrypoint',
  '--env-file',
  '--unknown',
  '--unknown=value',
  '--',
  '&&',
  '|',
  ';',
  '>',
  '<(x)',
  '#',
  '\\',
  '\\\n',
  '"',
  "'",
  '$HOME',
  `\${X:-y}`,
  '*',
];
const word = fc.oneof(fc.constantFrom(...FLAG_WORDS), nastyString, fc.constantFrom(...NASTY_STRINGS));
const commandLine = fc.array(word, { maxLength: 12 }).map((words) => words.join(' '));

describe('parseDockerRun, fuzzed', () => {
  it('answers a form or a DockerRunParseError for any text', () => {
    fc.assert(
      fc.property(fc.oneof(nastyString, commandLine), (line) => {
        const result = parseOrRefuse(line);
        if (!result) return;
        expect(typeof result.form.image).toBe('string');
        for (const warning of result.warnings) expect(typeof warning).toBe('string');
      }),
      fuzzParams(2_000),
    );
  });

  it('reads a command made of docker flags, shell syntax and junk without another exception', () => {
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 16 }),
        (words) => void parseOrRefuse(['docker', 'run', ...words].join(' ')),
      ),
      fuzzParams(2_000),
    );
  });
});

// ------------------------------------------------------------------------------------ round trip

/** Values the form accepts; free text where the schema takes any text (values, commands). */
const key = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/);
const port = fc.integer({ min: 1, max: 65535 });
const validForm: fc.Arbitrary<ContainerFormInput> = fc.record(
  {
    image: fc.constantFrom(
      'nginx',
      'nginx:alpine',
      'localhost:5000/team/app:1.0',
      'ghcr.io/owner/app',
      `busybox@sha256:${'a'.repeat(64)}`,
      '[::1]:5000/x',
    ),
    name: fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{1,16}$/),
    ports: fc.array(
      fc.oneof(
        port.map(String),
        fc.tuple(port, port).map(([h, c]) => `${h}:${c}`),
        fc.tuple(port, port).map(([h, c]) => `127.0.0.1:${h}:${c}/udp`),
        fc.tuple(port, port).map(([h, c]) => `[::1]:${h}:${c}`),
      ),
      { minLength: 1, maxLength: 3 },
    ),
    publishAll: fc.constant(true),
    env: fc.array(
      fc.tuple(key, fc.string()).map(([k, v]) => `${k}=${v}`),
      { minLength: 1, maxLength: 3 },
    ),
    volumes: fc.array(fc.constantFrom('/data', 'cache:/cache', 'cache:/ro:ro', '/srv:/srv:rw,z'), {
      minLength: 1,
      maxLength: 2,
    }),
    network: fc.stringMatching(/^[a-z][a-z0-9_-]{0,8}$/),
    restart: fc.constantFrom('no', 'always', 'unless-stopped', 'on-failure', 'on-failure:3'),
    memory: fc.constantFrom('6m', '512m', '1g', '1073741824'),
    cpus: fc.constantFrom('1', '0.5', '2.25'),
    labels: fc.array(
      fc.tuple(key, fc.string()).map(([k, v]) => `${k}=${v}`),
      { minLength: 1, maxLength: 3 },
    ),
    workingDir: fc.string().map((s) => `/${s}`),
    user: fc.stringMatching(/^[a-z0-9_]{1,8}(:[a-z0-9_]{1,8})?$/),
    hostname: fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,20}$/),
    interactive: fc.constant(true),
    tty: fc.constant(true),
    privileged: fc.constant(true),
    autoRemove: fc.constant(true),
    entrypoint: fc.array(fc.string(), { minLength: 1, maxLength: 1 }),
    command: fc.array(fc.oneof(fc.string(), fc.constantFrom(...NASTY_STRINGS)), {
      minLength: 1,
      maxLength: 4,
    }),
    start: fc.boolean(),
  },
  { requiredKeys: ['image'] },
);

describe('renderRunCommand and parseDockerRun', () => {
  it('give back the same form from the command shown for it (the command shown is the command run)', () => {
    fc.assert(
      fc.property(
        validForm.filter((form) => containerFormSchema.safeParse(form).success),
        (form) => {
          const expected = containerFormSchema.parse(form);
          const line = renderRunCommand(form);
          const parsed = parseDockerRun(line);
          expect(parsed.warnings, line).toEqual([]);
          expect(parsed.form, line).toEqual(expected);
        },
      ),
      fuzzParams(1_000),
    );
  });
});
