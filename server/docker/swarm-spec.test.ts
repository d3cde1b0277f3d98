import { describe, expect, it } from 'vitest';
import { DEFAULT_SECURITY_SETTINGS } from '@/lib/settings/security';
import { serviceCreateSchema } from '@/lib/swarm/schemas';
import { parseServiceLogLine } from '@/server/docker/service-logs';
import { applyServiceUpdate, buildServiceSpec, memoryBytes } from '@/server/docker/swarm-spec';
import { planStack, splitCommand } from '@/server/docker/swarm-stack';
import { HttpError } from '@/server/http/errors';
import { checkServiceSpec } from '@/server/security/policy';

const noIds = { secrets: new Map<string, string>(), configs: new Map<string, string>() };

describe('buildServiceSpec', () => {
  it('builds the spec docker service create sends', () => {
    const spec = buildServiceSpec(
      serviceCreateSchema.parse({
        name: 'web',
        image: 'busybox',
        replicas: 3,
        command: ['sleep', '60'],
        env: ['A=1'],
        labels: { l: '1' },
        ports: [{ target: 80, published: 8080, mode: 'host' }],
        mounts: [{ type: 'volume', source: 'data', target: '/data', readOnly: true }],
        networks: ['front'],
        constraints: ['node.role == worker'],
        secrets: [{ name: 'pw', target: 'db' }],
        limitCpus: '0.5',
        limitMemory: '64m',
      }),
      { secrets: new Map([['pw', 'sid']]), configs: new Map() },
    );
    expect(spec).toMatchObject({
      Name: 'web',
      Labels: { l: '1' },
      Mode: { Replicated: { Replicas: 3 } },
      EndpointSpec: {
        Mode: 'vip',
        Ports: [{ Protocol: 'tcp', TargetPort: 80, PublishedPort: 8080, PublishMode: 'host' }],
      },
      TaskTemplate: {
        ContainerSpec: {
          Image: 'busybox',
          Init: false,
          Args: ['sleep', '60'],
          Env: ['A=1'],
          Mounts: [{ Type: 'volume', Source: 'data', Target: '/data', ReadOnly: true }],
          Secrets: [
            { SecretID: 'sid', SecretName: 'pw', File: { Name: 'db', UID: '0', GID: '0', Mode: 0o444 } },
          ],
        },
        Placement: { Constraints: ['node.role==worker'] },
        Networks: [{ Target: 'front' }],
        Resources: { Limits: { NanoCPUs: 500_000_000, MemoryBytes: 64 * 1024 * 1024 } },
        RestartPolicy: { Condition: 'any' },
      },
    });
    expect(spec.TaskTemplate?.ContainerSpec?.Command).toBeUndefined();
  });

  it('a global service; an unknown secret is a 400 naming it', () => {
    const spec = buildServiceSpec(
      serviceCreateSchema.parse({ name: 'g', image: 'x', mode: 'global' }),
      noIds,
    );
    expect(spec.Mode).toEqual({ Global: {} });
    expect(() =>
      buildServiceSpec(
        serviceCreateSchema.parse({ name: 'g', image: 'x', secrets: [{ name: 'nope' }] }),
        noIds,
      ),
    ).toThrow(/No such secret: nope/);
  });

  it('sizes as the CLI reads them', () => {
    expect(memoryBytes('512')).toBe(512);
    expect(memoryBytes('1.5g')).toBe(1.5 * 1024 ** 3);
    expect(memoryBytes('10K')).toBe(10240);
  });

  it('the policy judges the built spec: a bind mount and a cap-add are found', () => {
    const spec = buildServiceSpec(
      serviceCreateSchema.parse({
        name: 'bad',
        image: 'x',
        mounts: [{ type: 'bind', source: '/etc', target: '/e' }],
        capAdd: ['NET_ADMIN'],
      }),
      noIds,
    );
    const found = checkServiceSpec(spec, DEFAULT_SECURITY_SETTINGS).map((v) => v.setting);
    expect(found).toEqual(expect.arrayContaining(['allowHostBindMounts', 'allowCapabilities']));
  });
});

describe('applyServiceUpdate', () => {
  const current = buildServiceSpec(
    serviceCreateSchema.parse({
      name: 'web',
      image: 'a',
      env: ['A=1'],
      command: ['sleep', '9'],
      labels: { k: 'v' },
    }),
    noIds,
  );

  it('changes only the given fields, leaving the current spec alone', () => {
    const next = applyServiceUpdate(current, { env: ['B=2'], replicas: 4, image: 'b', force: true });
    expect(next.TaskTemplate?.ContainerSpec).toMatchObject({
      Image: 'b',
      Env: ['B=2'],
      Args: ['sleep', '9'],
    });
    expect(next.Mode).toEqual({ Replicated: { Replicas: 4 } });
    expect(next.Labels).toEqual({ k: 'v' });
    expect(next.TaskTemplate?.ForceUpdate).toBe(1);
    expect(current.TaskTemplate?.ContainerSpec?.Env).toEqual(['A=1']);
    expect(current.Mode).toEqual({ Replicated: { Replicas: 1 } });
  });

  it('a bind mount or a capability given on update lands in the spec the policy judges', () => {
    const next = applyServiceUpdate(current, {
      mounts: [{ type: 'bind', source: '/', target: '/host' }],
      capAdd: ['SYS_ADMIN'],
    });
    const found = checkServiceSpec(next, DEFAULT_SECURITY_SETTINGS).map((v) => v.setting);
    expect(found).toEqual(expect.arrayContaining(['allowHostBindMounts', 'allowCapabilities']));
  });

  it('refuses replicas on a global service', () => {
    const global = buildServiceSpec(
      serviceCreateSchema.parse({ name: 'g', image: 'x', mode: 'global' }),
      noIds,
    );
    expect(() => applyServiceUpdate(global, { replicas: 2 })).toThrow(HttpError);
  });
});

describe('planStack', () => {
  it('maps services, env in both forms, replicas, ports, volumes, networks and external secrets', () => {
    const plan = planStack(
      'st',
      `
services:
  web:
    image: nginx
    command: sh -c "echo hi; sleep 9"
    environment:
      MODE: prod
      N: 3
    ports: ["8080:80", { target: 53, published: 5353, protocol: udp, mode: host }]
    volumes: ["data:/data", "/srv/www:/www:ro"]
    networks: [front]
    labels: { c: "1" }
    deploy:
      replicas: 2
      labels: { s: "1" }
      placement: { constraints: ["node.role==worker"] }
    secrets: [{ source: pw, target: db }]
  worker:
    image: busybox
    environment: ["A=1", "B"]
    deploy: { mode: global }
networks:
  front: { attachable: true }
secrets:
  pw: { external: true, name: prod-pw }
`,
      true,
    );
    const [web, worker] = plan.services;
    expect(web).toMatchObject({
      name: 'st_web',
      command: ['sh', '-c', 'echo hi; sleep 9'],
      env: ['MODE=prod', 'N=3'],
      replicas: 2,
      labels: { 'com.docker.stack.namespace': 'st', s: '1' },
      containerLabels: { c: '1', 'com.docker.stack.namespace': 'st' },
      ports: [
        { target: 80, published: 8080, protocol: 'tcp', mode: 'ingress' },
        { target: 53, published: 5353, protocol: 'udp', mode: 'host' },
      ],
      mounts: [
        { type: 'volume', source: 'st_data', target: '/data', readOnly: false },
        { type: 'bind', source: '/srv/www', target: '/www', readOnly: true },
      ],
      networks: ['st_front'],
      constraints: ['node.role==worker'],
      secrets: [{ name: 'prod-pw', target: 'db' }],
      noResolveImage: true,
    });
    expect(worker).toMatchObject({
      name: 'st_worker',
      mode: 'global',
      env: ['A=1', 'B'],
      networks: ['st_default'],
    });
    expect(plan.networks.map((n) => [n.name, n.attachable])).toEqual([
      ['st_front', true],
      ['st_default', false],
    ]);
    expect(plan.secrets).toEqual(['prod-pw']);
  });

  it('refuses every unsupported key by name, file secrets, builds and relative binds', () => {
    let caught: unknown;
    try {
      planStack(
        'st',
        `
services:
  web:
    build: .
    healthcheck: { test: ["CMD", "true"] }
    volumes: ["./src:/src"]
    deploy: { update_config: { parallelism: 2 } }
secrets:
  pw: { file: ./pw.txt }
`,
        false,
      );
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(HttpError);
    const paths = ((caught as HttpError).fields ?? []).map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'compose.services.web.build',
        'compose.services.web.healthcheck',
        'compose.services.web.image',
        'compose.services.web.volumes.0',
        'compose.services.web.deploy.update_config',
        'compose.secrets.pw',
      ]),
    );
    expect((caught as HttpError).status).toBe(400);
  });

  it('refuses YAML that is not a compose file', () => {
    expect(() => planStack('st', 'just: [text', false)).toThrow(/not valid YAML/);
    expect(() => planStack('st', 'version: "3"', false)).toThrow(/no services/);
  });

  it('splits a command string as compose does', () => {
    expect(splitCommand(`sh -c 'a b' "c \\"d\\""`)).toEqual(['sh', '-c', 'a b', 'c "d"']);
  });
});

describe('parseServiceLogLine', () => {
  it('reads the time, the task and node ids and the text, as the engine writes them', () => {
    expect(
      parseServiceLogLine(
        '2026-12-07T03:29:34.599502496Z com.docker.swarm.node.id=vrnk,com.docker.swarm.service.id=qhme,com.docker.swarm.task.id=88hx hello world',
      ),
    ).toEqual({
      time: '2026-12-07T03:29:34.599502496Z',
      nodeId: 'vrnk',
      taskId: '88hx',
      text: 'hello world',
    });
    expect(parseServiceLogLine('plain text')).toEqual({ taskId: null, nodeId: null, text: 'plain text' });
    expect(parseServiceLogLine('2026-12-07T03:29:34Z ')).toEqual({
      taskId: null,
      nodeId: null,
      time: '2026-12-07T03:29:34Z',
      text: '',
    });
  });
});
