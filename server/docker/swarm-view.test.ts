import { describe, expect, it } from 'vitest';
import {
  type RawInfo,
  type RawNode,
  type RawService,
  type RawSwarmFile,
  type RawTask,
  specToCreate,
  taskLogName,
  toConfigDetail,
  toNodeView,
  toSecretView,
  toServiceDetail,
  toServiceView,
  toSwarmState,
  toTaskView,
  unpinnedImage,
  usedBy,
} from '@/server/docker/swarm-view';

// Engine 20.10 answers (API 1.41) from the test swarm, trimmed of fields Berth does not read.
const service: RawService = {
  ID: '8k57tjlabvh8b7ra7rw8hpfvo',
  Version: { Index: 38 },
  CreatedAt: '2026-12-07T03:29:17.596802585Z',
  UpdatedAt: '2026-12-07T03:29:17.603228881Z',
  Spec: {
    Name: 'swarmapi-fixture',
    Labels: { 'berth.test.swarmapi': '1' },
    TaskTemplate: {
      ContainerSpec: {
        Image:
          'berth-test/busybox:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
        Args: ['sleep', '3600'],
        Env: ['A=1', 'TOKEN=abc=def'],
        Init: false,
        Mounts: [{ Type: 'volume', Source: 'vv', Target: '/data' }],
        StopGracePeriod: 10000000000,
        DNSConfig: {},
        Isolation: 'default',
        Secrets: [
          {
            File: { Name: 'db-pass' },
            SecretID: 'sec1',
            SecretName: 'db-pass',
          },
        ],
      },
      Resources: { Limits: { NanoCPUs: 500000000, MemoryBytes: 67108864 }, Reservations: {} },
      RestartPolicy: { Condition: 'any', Delay: 5000000000, MaxAttempts: 0 },
      Placement: { Constraints: ['node.role==worker'] },
      Networks: [{ Target: 'net1' }],
      ForceUpdate: 0,
      Runtime: 'container',
    },
    Mode: { Replicated: { Replicas: 2 } },
    EndpointSpec: {
      Mode: 'vip',
      Ports: [{ Protocol: 'tcp', TargetPort: 80, PublishedPort: 18080, PublishMode: 'host' }],
    },
  },
  Endpoint: { Ports: [{ Protocol: 'tcp', TargetPort: 80, PublishedPort: 18080, PublishMode: 'host' }] },
};

const task = (id: string, slot: number, node: string, state: string, desired = 'running'): RawTask => ({
  ID: id,
  Version: { Index: 43 },
  CreatedAt: '2026-12-07T03:29:17.601818678Z',
  UpdatedAt: '2026-12-07T03:29:20.611764811Z',
  ServiceID: '8k57tjlabvh8b7ra7rw8hpfvo',
  Slot: slot,
  NodeID: node,
  Status: {
    State: state,
    Message: 'started',
    ContainerStatus: { ContainerID: '5bd40fa8e41c04986e5de31c35538eab88cdd506395e3dcf4f08f7b3042aa8e0' },
  },
  DesiredState: desired,
  Spec: { ContainerSpec: { Image: 'berth-test/busybox:latest' } },
});
const tasks = [
  task('dd1b6454qzexar9vcdmnlf80s', 1, 'awn91q4akarfvxsatj78bt5cd', 'running'),
  task('xx1b6454qzexar9vcdmnlf80s', 2, 'haiuagf0xfno8zhw4x7wejxz2', 'preparing'),
  task('old1', 1, 'haiuagf0xfno8zhw4x7wejxz2', 'shutdown', 'shutdown'),
];

const node: RawNode = {
  ID: 'vrnkuaim5dmglpmcud4ly1so8',
  Version: { Index: 9 },
  CreatedAt: '2026-12-07T03:16:14.406115397Z',
  UpdatedAt: '2026-12-07T03:16:15.022033969Z',
  Spec: { Labels: {}, Role: 'manager', Availability: 'active' },
  Description: {
    Hostname: 'berth-s1',
    Platform: { Architecture: 'x86_64', OS: 'linux' },
    Resources: { NanoCPUs: 2000000000, MemoryBytes: 25276157952 },
    Engine: { EngineVersion: '20.10.24+dfsg1' },
  },
  Status: { State: 'ready', Addr: '10.214.0.2' },
  ManagerStatus: { Leader: true, Reachability: 'reachable', Addr: '10.214.0.2:2377' },
};
const nodeNames = new Map([
  ['awn91q4akarfvxsatj78bt5cd', 'berth-s3'],
  ['haiuagf0xfno8zhw4x7wejxz2', 'berth-s2'],
]);

describe('swarm views', () => {
  it('reads the swarm state of a manager, a worker and a lone engine', () => {
    const info: RawInfo = {
      Swarm: {
        LocalNodeState: 'active',
        ControlAvailable: true,
        NodeID: 'vrnk',
        Nodes: 3,
        Managers: 1,
        Cluster: { ID: 'c1', CreatedAt: 'a', UpdatedAt: 'b', DefaultAddrPool: ['10.0.0.0/8'] },
      },
    };
    expect(toSwarmState(info)).toEqual({
      localNodeState: 'active',
      isManager: true,
      nodeId: 'vrnk',
      cluster: {
        id: 'c1',
        createdAt: 'a',
        updatedAt: 'b',
        nodes: 3,
        managers: 1,
        defaultAddrPool: ['10.0.0.0/8'],
      },
    });
    expect(
      toSwarmState({ Swarm: { LocalNodeState: 'active', NodeID: 'w', ControlAvailable: false } }),
    ).toEqual({
      localNodeState: 'active',
      isManager: false,
      nodeId: 'w',
      cluster: null,
    });
    expect(toSwarmState({ Swarm: { LocalNodeState: 'inactive', NodeID: '' } }).nodeId).toBeNull();
  });

  it('maps a node', () => {
    expect(toNodeView(node, 'vrnkuaim5dmglpmcud4ly1so8')).toMatchObject({
      hostname: 'berth-s1',
      role: 'manager',
      availability: 'active',
      state: 'ready',
      addr: '10.214.0.2',
      cpus: 2,
      leader: true,
      reachability: 'reachable',
      self: true,
      version: 9,
    });
    expect(toNodeView({ ID: 'x', Spec: { Role: 'worker', Availability: 'drain' } }, null)).toMatchObject({
      role: 'worker',
      availability: 'drain',
      self: false,
      leader: false,
      reachability: null,
    });
  });

  it('maps a service with running/desired from its tasks, the image without its pinned digest', () => {
    expect(toServiceView(service, tasks)).toMatchObject({
      name: 'swarmapi-fixture',
      image: 'berth-test/busybox:latest',
      mode: 'replicated',
      replicas: 2,
      running: 1,
      desired: 2,
      ports: [{ target: 80, published: 18080, protocol: 'tcp', mode: 'host' }],
      stack: null,
      canRollback: false,
      updateStatus: null,
    });
    const global: RawService = {
      ...service,
      Spec: { ...service.Spec, Mode: { Global: {} }, Labels: { 'com.docker.stack.namespace': 'st' } },
      PreviousSpec: service.Spec,
      UpdateStatus: { State: 'rollback_completed', Message: 'rollback completed' },
    };
    expect(toServiceView(global, tasks)).toMatchObject({
      mode: 'global',
      replicas: null,
      desired: 2,
      stack: 'st',
      canRollback: true,
      updateStatus: { state: 'rollback_completed', message: 'rollback completed' },
    });
    expect(unpinnedImage('a:b')).toBe('a:b');
  });

  it('masks env values in the detail, its raw inspect and its CLI line for callers without containers:env', () => {
    const names = new Map([['net1', 'front']]);
    const open = toServiceDetail(service, tasks, names, { maskEnv: false });
    expect(open.env).toEqual(['A=1', 'TOKEN=abc=def']);
    expect(open.networks).toEqual([{ id: 'net1', name: 'front' }]);
    expect(open.limits).toEqual({ nanoCpus: 500000000, memoryBytes: 67108864 });
    expect(open.secrets).toEqual([{ name: 'db-pass', target: 'db-pass' }]);
    expect(open.command_line).toBe(
      'docker service create --name swarmapi-fixture --replicas 2 --env A=1 --env TOKEN=abc=def --label berth.test.swarmapi=1 --publish published=18080,target=80,mode=host --mount type=volume,source=vv,target=/data --network front --constraint node.role==worker --secret db-pass --limit-cpu 0.5 --limit-memory 67108864b berth-test/busybox:latest sleep 3600',
    );
    const masked = toServiceDetail(service, tasks, names, { maskEnv: true });
    expect(masked.env).toEqual(['A=********', 'TOKEN=********']);
    expect(JSON.stringify(masked.raw)).not.toContain('abc=def');
    expect(masked.command_line).not.toContain('abc=def');
    // The engine's object itself is left alone.
    expect(service.Spec?.TaskTemplate?.ContainerSpec?.Env).toEqual(['A=1', 'TOKEN=abc=def']);
  });

  it('reads a spec back as the form that makes it', () => {
    expect(specToCreate(service.Spec ?? {}, new Map())).toMatchObject({
      name: 'swarmapi-fixture',
      replicas: 2,
      command: ['sleep', '3600'],
      mounts: [{ type: 'volume', source: 'vv', target: '/data', readOnly: false }],
      networks: ['net1'],
    });
  });

  it('maps tasks and names them as docker service logs does', () => {
    const view = toTaskView(tasks[0] as RawTask, new Map([[service.ID, 'web']]), nodeNames);
    expect(view).toMatchObject({
      serviceName: 'web',
      slot: 1,
      nodeHostname: 'berth-s3',
      state: 'running',
      desiredState: 'running',
      error: null,
      containerId: '5bd40fa8e41c04986e5de31c35538eab88cdd506395e3dcf4f08f7b3042aa8e0',
    });
    expect(taskLogName(tasks[0] as RawTask, 'web', nodeNames)).toBe('web.1.dd1b6454qzex@berth-s3');
    expect(taskLogName({ ID: 'abcdefabcdefabcdef', NodeID: 'n9' }, 'g', new Map())).toBe(
      'g.n9.abcdefabcdef@n9',
    );
  });

  it('secrets and configs: users by service name, config data decoded, no secret value', () => {
    const users = usedBy([service], 'secret');
    expect(users.get('sec1')).toEqual(['swarmapi-fixture']);
    const secret: RawSwarmFile = {
      ID: 'sec1',
      Spec: { Name: 'db-pass', Labels: null },
      CreatedAt: 'a',
      UpdatedAt: 'b',
    };
    expect(toSecretView(secret, users)).toEqual({
      id: 'sec1',
      name: 'db-pass',
      labels: {},
      createdAt: 'a',
      updatedAt: 'b',
      usedBy: ['swarmapi-fixture'],
    });
    const config: RawSwarmFile = {
      ID: 'c1',
      Spec: { Name: 'conf', Data: Buffer.from('x = 1\n').toString('base64') },
    };
    expect(toConfigDetail(config, new Map())).toMatchObject({ name: 'conf', data: 'x = 1\n', usedBy: [] });
  });
});
