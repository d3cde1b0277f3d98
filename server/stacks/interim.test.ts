import { describe, expect, it } from 'vitest';
import { securitySettingsSchema } from '@/lib/settings/security';
import { NO_ENGINE_FACTS } from '@/server/security/policy';
import {
  composeProblem,
  ENV_MASK,
  envEntries,
  judgeRenderedProject,
  lineOfPath,
  maskEnv,
  outsideFileReferences,
  unmaskEnv,
  yamlProblems,
} from '@/server/stacks/interim';

const strict = securitySettingsSchema.parse({});
const noVolumes = { container: () => undefined, volume: () => null };

describe('.env values that look secret', () => {
  const env = 'DB_PASSWORD=hunter2\nPORT=8080\n# API_TOKEN=old\nAPI_TOKEN=abc\n';

  it('are masked in the text and the entries, the rest left as written', () => {
    expect(maskEnv(env)).toBe(`DB_PASSWORD=${ENV_MASK}\nPORT=8080\n# API_TOKEN=old\nAPI_TOKEN=${ENV_MASK}\n`);
    expect(envEntries(env, false)).toEqual([
      { key: 'DB_PASSWORD', value: ENV_MASK, masked: true },
      { key: 'PORT', value: '8080', masked: false },
      { key: 'API_TOKEN', value: ENV_MASK, masked: true },
    ]);
    expect(envEntries(env, true)[0]).toEqual({ key: 'DB_PASSWORD', value: 'hunter2', masked: false });
  });

  it('keep their stored value when the mask comes back unchanged, and take a new one', () => {
    const sent = `DB_PASSWORD=${ENV_MASK}\nPORT=9090\nAPI_TOKEN=new\n`;
    expect(unmaskEnv(sent, env)).toBe('DB_PASSWORD=hunter2\nPORT=9090\nAPI_TOKEN=new\n');
  });
});

describe('lines of compose problems', () => {
  const compose = 'services:\n  web:\n    image: busybox\n    restart: 5\n';

  it('places a YAML syntax error on its line', () => {
    const problems = yamlProblems('services:\n  web:\n    image: busybox\n   bad: [\n', 'compose');
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]?.line).toBeGreaterThanOrEqual(4);
  });

  it('places a setting Compose names on the line of its key', () => {
    expect(lineOfPath(compose, 'services.web.restart')).toBe(4);
    expect(lineOfPath(compose, 'services.web.nothing')).toBe(2);
    const problem = composeProblem(
      'validating /tmp/x/compose.yaml: services.web.restart must be a string',
      compose,
      null,
    );
    expect(problem).toMatchObject({ line: 4, path: 'services.web.restart', file: 'compose' });
    const extra = composeProblem(
      'validating /tmp/x/compose.yaml: services.web Additional property foo is not allowed',
      'services:\n  web:\n    image: busybox\n    foo: 1\n',
      null,
    );
    expect(extra).toMatchObject({ line: 4, path: 'services.web.foo' });
  });
});

describe('a rendered compose project judged by the container policy', () => {
  it('refuses a privileged service, naming the service and the setting', () => {
    const violations = judgeRenderedProject(
      { services: { web: { image: 'busybox', privileged: true } } },
      strict,
      noVolumes,
    );
    expect(violations).toEqual([
      expect.objectContaining({
        service: 'web',
        path: 'services.web.privileged',
        setting: 'allowPrivileged',
      }),
    ]);
  });

  it('refuses a host bind mount and a bind-type volume', () => {
    const violations = judgeRenderedProject(
      {
        services: {
          app: {
            volumes: [
              { type: 'bind', source: '/etc', target: '/x' },
              { type: 'volume', source: 'data', target: '/d' },
            ],
          },
        },
        volumes: { data: { name: 'p_data', driver_opts: { type: 'none', o: 'bind', device: '/etc' } } },
      },
      strict,
      noVolumes,
    );
    expect(violations.map((v) => [v.path, v.setting])).toEqual([
      ['volumes.data.driver_opts', 'allowHostBindMounts'],
      ['services.app.volumes.0', 'allowHostBindMounts'],
    ]);
  });

  it('refuses file secrets, host namespaces and capabilities; allows them when settings do', () => {
    const project = {
      services: { s: { network_mode: 'host', cap_add: ['NET_ADMIN'], secrets: [{ source: 'k' }] } },
      secrets: { k: { file: '/etc/shadow' } },
    };
    expect(judgeRenderedProject(project, strict, NO_ENGINE_FACTS).map((v) => v.path)).toEqual([
      'secrets.k.file',
      'services.s.network_mode',
      'services.s.cap_add',
    ]);
    const open = { ...strict, allowHostBindMounts: true, allowHostNamespaces: true, allowCapabilities: true };
    expect(judgeRenderedProject(project, open, NO_ENGINE_FACTS)).toEqual([]);
    expect(judgeRenderedProject({ services: { ok: { image: 'busybox' } } }, strict, noVolumes)).toEqual([]);
  });

  it('finds files read from outside the stack folder (env_file, extends, include)', () => {
    const compose =
      'include: [../other/compose.yaml]\nservices:\n  a:\n    env_file: [./a.env, /data/berth.db]\n    extends: {file: ../x.yaml, service: b}\n';
    expect(outsideFileReferences(compose, '/data/stacks/s')).toEqual([
      { path: 'services.a.env_file', file: '/data/berth.db' },
      { path: 'services.a.extends.file', file: '../x.yaml' },
      { path: 'include.0', file: '../other/compose.yaml' },
    ]);
    const builds =
      'services:\n  a: {build: /}\n  b: {build: {context: ./app}}\n  c: {build: https://example.com/r.git}\n';
    expect(outsideFileReferences(builds, '/data/stacks/s')).toEqual([
      { path: 'services.a.build.context', file: '/' },
    ]);
  });
});
