import { describe, expect, it } from 'vitest';
import { composeProblem, lineOfPath, yamlProblems } from '@/lib/stacks/yaml-lines';

const WEB = [
  'services:',
  '  web:',
  '    image: nginx',
  '    ports:',
  '      - "8080:80"',
  '      - target: 443',
  '        published: 8443',
  '',
].join('\n');

describe('yamlProblems', () => {
  it('finds nothing wrong in valid YAML, including several documents and merge keys', () => {
    expect(yamlProblems(WEB, 'compose')).toEqual([]);
    expect(
      yamlProblems('x-a: &a\n  image: nginx\nservices:\n  web:\n    <<: *a\n    image: redis\n', 'compose'),
    ).toEqual([]);
    expect(
      yamlProblems('services:\n  a:\n    image: x\n---\nservices:\n  b:\n    image: y\n', 'compose'),
    ).toEqual([]);
    expect(yamlProblems('', 'compose')).toEqual([]);
  });

  it('reports a syntax error on its 1-based line', () => {
    const problems = yamlProblems('services:\n  web:\n    image: nginx\n    ports: a: b\n', 'override');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 4, file: 'override', path: null });
  });

  it('reports a bad indentation and a tab on the line where they are', () => {
    expect(
      yamlProblems('services:\n  web:\n    image: nginx\n   ports:\n    - 80\n', 'compose')[0]?.line,
    ).toBe(4);
    expect(yamlProblems('services:\n\tweb:\n    image: nginx\n', 'compose')[0]?.line).toBe(2);
  });

  it('reports a duplicate key on the line of the second one', () => {
    const problems = yamlProblems('services:\n  web:\n    image: nginx\n    image: redis\n', 'compose');
    expect(problems[0]?.line).toBe(4);
    expect(problems[0]?.message).toMatch(/unique/i);
  });

  it('reports an alias to an anchor that does not exist', () => {
    const problems = yamlProblems('services:\n  web:\n    <<: *nope\n', 'compose');
    expect(problems).toEqual([
      { message: 'Unknown anchor "nope" referenced', line: 3, file: 'compose', path: null },
    ]);
  });
});

describe('lineOfPath', () => {
  it('finds mapping keys and sequence items', () => {
    expect(lineOfPath(WEB, ['services'])).toBe(1);
    expect(lineOfPath(WEB, ['services', 'web'])).toBe(2);
    expect(lineOfPath(WEB, ['services', 'web', 'ports'])).toBe(4);
    expect(lineOfPath(WEB, ['services', 'web', 'ports', 0])).toBe(5);
    expect(lineOfPath(WEB, ['services', 'web', 'ports', '1'])).toBe(6);
    expect(lineOfPath(WEB, ['services', 'web', 'ports', 1, 'published'])).toBe(7);
  });

  it('falls back to the deepest parent that exists', () => {
    expect(lineOfPath(WEB, ['services', 'web', 'volumes', 0])).toBe(2);
    expect(lineOfPath(WEB, ['services', 'web', 'ports', 5])).toBe(4);
    expect(lineOfPath(WEB, ['networks'])).toBeNull();
    expect(lineOfPath('not: [valid', ['services'])).toBeNull();
  });

  it('finds a setting in a later document', () => {
    expect(
      lineOfPath('services:\n  a:\n    image: x\n---\nservices:\n  b:\n    image: y\n', [
        'services',
        'b',
        'image',
      ]),
    ).toBe(7);
  });
});

// Every message below is what Docker Compose 2.26.1 printed for the file next to it (`docker compose -f
// compose.yaml config` in a temp folder), copied verbatim with its temp path.
describe('composeProblem with real Compose 2.26.1 messages', () => {
  it('places an additional property on the property itself and drops the temp path', () => {
    const compose = 'services:\n  web:\n    image: nginx\n    foo: bar\n';
    const message =
      'validating /tmp/cs/addprop/compose.yaml: services.web Additional property foo is not allowed';
    expect(composeProblem(message, { compose })).toEqual({
      message: 'services.web Additional property foo is not allowed',
      line: 4,
      file: 'compose',
      path: 'services.web.foo',
    });
  });

  it('places a top-level additional property', () => {
    const compose = 'services:\n  web:\n    image: nginx\nfoo: 1\n';
    const problem = composeProblem(
      'validating /tmp/cs/toplevel/compose.yaml: (root) Additional property foo is not allowed',
      { compose },
    );
    expect(problem).toMatchObject({
      line: 4,
      path: 'foo',
      message: '(root) Additional property foo is not allowed',
    });
  });

  it('places an indexed path (services.web.ports.1)', () => {
    const compose =
      'services:\n  web:\n    image: nginx\n    ports:\n      - 80\n      - {target: 80, bogus: 1}\n';
    const problem = composeProblem(
      'validating /tmp/cs/portsidx/compose.yaml: services.web.ports.1 Additional property bogus is not allowed',
      { compose },
    );
    expect(problem).toMatchObject({ line: 6, path: 'services.web.ports.1.bogus' });
  });

  it('places "must be a mapping" / "must be a list" on the setting', () => {
    expect(
      composeProblem('services.web must be a mapping', { compose: 'services:\n  web: 3\n' }),
    ).toMatchObject({
      line: 2,
      path: 'services.web',
    });
    const env = 'services:\n  web:\n    image: nginx\n    environment: 3\n';
    expect(
      composeProblem('validating /tmp/cs/envtype/compose.yaml: services.web.environment must be a mapping', {
        compose: env,
      }),
    ).toMatchObject({ line: 4, message: 'services.web.environment must be a mapping' });
    const caps = 'services:\n  web:\n    image: nginx\n    cap_add: NET_ADMIN\n';
    expect(
      composeProblem('validating /tmp/cs/caps/compose.yaml: services.web.cap_add must be a list', {
        compose: caps,
      }),
    ).toMatchObject({ line: 4 });
    const vol = 'services:\n  web:\n    image: nginx\nvolumes:\n  data:\n    driver_opts: 3\n';
    expect(
      composeProblem(
        'validating /tmp/cs/volumesbad/compose.yaml: volumes.data.driver_opts must be a mapping',
        { compose: vol },
      ),
    ).toMatchObject({ line: 6, path: 'volumes.data.driver_opts' });
  });

  it('uses the line of a YAML error Compose reports', () => {
    const compose = 'services:\n  web:\n    image: nginx\n    ports: a: b\n';
    expect(
      composeProblem('yaml: line 4: mapping values are not allowed in this context', { compose }),
    ).toEqual({
      message: 'yaml: line 4: mapping values are not allowed in this context',
      line: 4,
      file: 'compose',
      path: null,
    });
    expect(
      composeProblem('yaml: line 2: found character that cannot start any token', {
        compose: 'services:\n\tweb:\n    image: nginx\n',
      }).line,
    ).toBe(2);
  });

  it('corrects go-yaml reporting line 1 for a bad indentation on line 4', () => {
    const compose = 'services:\n  web:\n    image: nginx\n   ports:\n    - 80\n';
    expect(composeProblem('yaml: line 1: did not find expected key', { compose }).line).toBe(4);
  });

  it('reads a multi-line duplicate key error', () => {
    const compose = 'services:\n  web:\n    image: nginx\n    image: redis\n';
    const problem = composeProblem(
      'yaml: unmarshal errors:\n  line 4: mapping key "image" already defined at line 3\n',
      { compose },
    );
    expect(problem).toMatchObject({
      line: 4,
      message: 'yaml: unmarshal errors: line 4: mapping key "image" already defined at line 3',
    });
  });

  it('places references to undefined services, volumes, networks and secrets', () => {
    const dep = 'services:\n  web:\n    image: nginx\n    depends_on: [db]\n';
    expect(
      composeProblem('service "web" depends on undefined service "db": invalid compose project', {
        compose: dep,
      }),
    ).toMatchObject({ line: 4 });
    const vol = 'services:\n  web:\n    image: nginx\n    volumes:\n      - data:/data\n';
    expect(
      composeProblem('service "web" refers to undefined volume data: invalid compose project', {
        compose: vol,
      }).line,
    ).toBe(5);
    const net = 'services:\n  web:\n    image: nginx\n    networks: [front]\n';
    expect(
      composeProblem('service "web" refers to undefined network front: invalid compose project', {
        compose: net,
      }).line,
    ).toBe(4);
    const secret = 'services:\n  web:\n    image: nginx\n    secrets:\n      - s\n';
    expect(
      composeProblem('service "web" refers to undefined secret s: invalid compose project', {
        compose: secret,
      }).line,
    ).toBe(5);
    const mode = 'services:\n  web:\n    image: nginx\n    network_mode: service:nope\n';
    expect(
      composeProblem('service "web" depends on undefined service "nope": invalid compose project', {
        compose: mode,
      }).line,
    ).toBe(4);
  });

  it('places a service without image on the service', () => {
    const compose = 'services:\n  other:\n    image: x\n  web:\n    restart: always\n';
    const problem = composeProblem(
      'service "web" has neither an image nor a build context specified: invalid compose project',
      { compose },
    );
    expect(problem).toMatchObject({ line: 4, path: 'services.web' });
  });

  it('places interpolation and decoding errors', () => {
    const ports = 'services:\n  web:\n    image: nginx\n    ports:\n      - {target: "x"}\n';
    expect(
      composeProblem(
        'error while interpolating services.web.ports.[].target: failed to cast to expected type: strconv.Atoi: parsing "x": invalid syntax',
        { compose: ports },
      ).line,
    ).toBe(4);
    const image = `services:\n  web:\n    image: \${X:?X is required}\n`;
    expect(
      composeProblem(
        'error while interpolating services.web.image: required variable X is missing a value: X is required',
        { compose: image },
      ).line,
    ).toBe(3);
    const mem = 'services:\n  web:\n    image: nginx\n    mem_limit: lots\n';
    const problem = composeProblem(
      "decoding failed due to the following error(s):\n\nerror decoding 'services[web].mem_limit': invalid size: 'lots'",
      { compose: mem },
    );
    expect(problem).toMatchObject({
      line: 4,
      path: 'services.web.mem_limit',
      message: "error decoding 'services[web].mem_limit': invalid size: 'lots'",
    });
    const bool = 'services:\n  web:\n    image: nginx\n    privileged: maybe\n';
    expect(
      composeProblem(
        'error while interpolating services.web.privileged: failed to cast to expected type: invalid boolean: maybe',
        { compose: bool },
      ).line,
    ).toBe(4);
  });

  it('places invalid ports by their value', () => {
    const compose = 'services:\n  web:\n    image: nginx\n    ports:\n      - "8080:80"\n      - "abc:def"\n';
    expect(composeProblem('Invalid containerPort: def', { compose }).line).toBe(6);
    const host = 'services:\n  web:\n    image: nginx\n    ports:\n      - 99999:80\n';
    expect(composeProblem('Invalid hostPort: 99999', { compose: host }).line).toBe(5);
  });

  it('places cycles, extends, env files and unknown anchors, and strips every temp path', () => {
    const cycle =
      'services:\n  a:\n    image: x\n    depends_on: [b]\n  b:\n    image: x\n    depends_on: [a]\n';
    expect(composeProblem('dependency cycle detected: a -> b -> a', { compose: cycle }).line).toBe(4);
    const ext = 'services:\n  web:\n    image: nginx\n    extends: {service: nope}\n';
    const extended = composeProblem(
      'cannot extend service "web" in /tmp/cs/ext/compose.yaml: service "nope" not found',
      { compose: ext },
    );
    expect(extended).toMatchObject({
      line: 4,
      message: 'cannot extend service "web" in compose.yaml: service "nope" not found',
    });
    const env = 'services:\n  web:\n    image: nginx\n    env_file: missing.env\n';
    const missing = composeProblem(
      'env file /tmp/cs/envfile/missing.env not found: stat /tmp/cs/envfile/missing.env: no such file or directory',
      { compose: env },
    );
    expect(missing).toMatchObject({
      line: 4,
      message: 'env file missing.env not found: stat missing.env: no such file or directory',
    });
    expect(
      composeProblem("yaml: unknown anchor 'nope' referenced", {
        compose: 'services:\n  web:\n    <<: *nope\n',
      }).line,
    ).toBe(3);
  });

  it('drops warning lines Compose prints before the error', () => {
    const compose = 'version: "3"\nservices:\n  web:\n    image: nginx\n    foo: 1\n';
    const stderr =
      'time="2026-12-06T21:09:18Z" level=warning msg="/tmp/cs/vers/compose.yaml: the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion"\n' +
      'validating /tmp/cs/vers/compose.yaml: services.web Additional property foo is not allowed\n';
    expect(composeProblem(stderr, { compose })).toMatchObject({
      line: 5,
      message: 'services.web Additional property foo is not allowed',
    });
  });

  it('puts a problem in the override file when Compose names it or only the override has it', () => {
    const compose = 'services:\n  web:\n    image: nginx\n';
    const bogus = composeProblem(
      'validating /tmp/cs/ov/compose.override.yaml: services.web Additional property bogus is not allowed',
      {
        compose,
        override: 'services:\n  web:\n    bogus: 1\n',
      },
    );
    expect(bogus).toMatchObject({ file: 'override', line: 3, path: 'services.web.bogus' });
    const yaml = composeProblem('yaml: line 3: mapping values are not allowed in this context', {
      compose,
      override: 'services:\n  web:\n    ports: x: y\n',
    });
    expect(yaml).toMatchObject({ file: 'override', line: 3 });
    const dep = composeProblem('service "web" depends on undefined service "zz": invalid compose project', {
      compose,
      override: 'services:\n  web:\n    depends_on: [zz]\n',
    });
    expect(dep).toMatchObject({ file: 'override', line: 3 });
  });

  it('keeps a message it cannot place, without a line', () => {
    expect(composeProblem('empty compose file', { compose: '' })).toEqual({
      message: 'empty compose file',
      line: null,
      file: 'compose',
      path: null,
    });
  });

  it('matches service names that contain dots', () => {
    const compose = 'services:\n  my.app:\n    image: nginx\n    foo: 1\n';
    expect(
      composeProblem('services.my.app Additional property foo is not allowed', { compose }),
    ).toMatchObject({ line: 4, path: 'services.my.app.foo' });
  });
});
