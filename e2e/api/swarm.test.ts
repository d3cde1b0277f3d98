import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogLine } from '@/lib/containers/types';
import type { EnvironmentView } from '@/lib/environments/types';
import type {
  ConfigDetail,
  NodeView,
  SecretView,
  ServiceDetail,
  ServiceView,
  SwarmActionResult,
  SwarmStackDeployResult,
  SwarmState,
  TaskView,
} from '@/lib/swarm/types';
import { adminCookie, api, type ErrorEnvelope, userSession } from '../support/api';
import { connectSocket, openSockets } from '../support/socket';

/**
 * Swarm management (issue 16) against the real 3-node swarm of scripts/test-swarm.sh, through an environment per
 * node. The docker CLI on the manager is the oracle: what Berth did reads back as the CLI would have done it.
 * Everything made here carries berth.test.swarmapi=1 and the run's prefix; only that is cleaned up.
 */

const LABEL = 'berth.test.swarmapi';
const run = Date.now().toString(36).slice(-6);
const P = `swapi-${run}`;
const IMAGE = 'berth-test/busybox:latest';

interface SwarmNode {
  name: string;
  tcp: string;
  nodeId: string;
  role: string;
}
function swarmInfo(): { manager: SwarmNode; nodes: SwarmNode[] } {
  const file = '/run/berth-swarm/swarm.json';
  if (!fs.existsSync(file))
    throw new Error(`The test swarm is not up (${file} missing): run bash scripts/test-swarm.sh up`);
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}
const swarm = swarmInfo();
const manager = swarm.manager;
const worker = swarm.nodes.find((n) => n.role === 'worker' && n.name === 's3') ?? swarm.nodes[2];
if (!worker) throw new Error('The test swarm has no worker');

const MGR = `swm-${run}`;
const WRK = `swk-${run}`;
const sw = (path: string, env = MGR) => `/api/environments/${env}/swarm${path}`;

/** The real CLI against the manager. */
function cli(...args: string[]): string {
  return execFileSync('docker', ['-H', manager.tcp, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}
const inspect = <T = Record<string, unknown>>(kind: string, name: string): T =>
  JSON.parse(cli(kind, 'inspect', name))[0] as T;

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 60_000) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

function cleanup() {
  const rm = (kind: string, filterArgs: string[]) => {
    try {
      const ids = cli(kind, 'ls', '-q', ...filterArgs)
        .split('\n')
        .filter(Boolean);
      if (ids.length) cli(kind, 'rm', ...ids);
    } catch {
      // already gone
    }
  };
  rm('service', ['--filter', `label=${LABEL}=1`]);
  rm('service', ['--filter', `name=${P}`]);
  rm('secret', ['--filter', `name=${P}`]);
  rm('config', ['--filter', `name=${P}`]);
}

function cleanupNetworks() {
  try {
    const ids = cli('network', 'ls', '-q', '--filter', `name=${P}`).split('\n').filter(Boolean);
    for (const id of ids) {
      try {
        cli('network', 'rm', id);
      } catch {
        // still in use by a task leaving: the next run's prefix differs
      }
    }
  } catch {
    // none
  }
}

let operator: { cookie: string };
let nodeBefore: { Availability: string; Labels: Record<string, string> } | null = null;

beforeAll(async () => {
  for (const [id, node] of [
    [MGR, manager],
    [WRK, worker],
  ] as const) {
    const added = await api<EnvironmentView>('/api/environments', {
      method: 'POST',
      json: { id, name: `swarm ${node.name}`, address: node.tcp },
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
  }
  operator = await userSession('operator', `swarmapi-op-${run}`);
}, 60_000);

afterAll(async () => {
  for (const s of openSockets) s.disconnect();
  if (nodeBefore) {
    // The worker back as it was, whatever a failed test left.
    try {
      cli(
        'node',
        'update',
        '--availability',
        nodeBefore.Availability,
        '--label-rm',
        `${LABEL}`,
        worker.nodeId,
      );
    } catch {
      cli('node', 'update', '--availability', nodeBefore.Availability, worker.nodeId);
    }
  }
  cleanup();
  await new Promise((r) => setTimeout(r, 3000));
  cleanupNetworks();
  // The second tag the image update test made (only a name: the image itself stays).
  for (const node of swarm.nodes) {
    try {
      execFileSync('docker', ['-H', node.tcp, 'rmi', 'berth-test/busybox:swarm-v2'], {
        stdio: 'ignore',
        timeout: 30_000,
      });
    } catch {
      // not made (the test did not get that far), or still held by a task that is going away
    }
  }
  for (const id of [MGR, WRK]) await api(`/api/environments/${id}`, { method: 'DELETE' });
}, 120_000);

describe('swarm state and the manager rule', () => {
  it('the manager answers its cluster; a worker is in the swarm but no manager', async () => {
    const m = await api<SwarmState>(sw(''));
    expect(m.status, JSON.stringify(m.body)).toBe(200);
    expect(m.body).toMatchObject({ localNodeState: 'active', isManager: true, nodeId: manager.nodeId });
    expect(m.body.cluster?.nodes).toBe(3);
    const w = await api<SwarmState>(sw('', WRK));
    expect(w.status).toBe(200);
    expect(w.body).toMatchObject({ localNodeState: 'active', isManager: false, cluster: null });
  });

  it('every other endpoint on a worker is a 409 saying it is no manager', async () => {
    for (const path of ['/nodes', '/services', '/tasks', '/secrets', '/configs']) {
      const res = await api<ErrorEnvelope>(sw(path, WRK));
      expect(res.status, path).toBe(409);
      expect(res.body.error.message).toMatch(/^This engine is not a swarm manager: /);
    }
    const create = await api<ErrorEnvelope>(sw('/services', WRK), {
      method: 'POST',
      json: { name: `${P}-never`, image: IMAGE, noResolveImage: true },
    });
    expect(create.status).toBe(409);
  });
});

describe('services', () => {
  let web: SwarmActionResult;

  it('creates a replicated service whose spec is the one the CLI makes from the line Berth returns', async () => {
    const body = {
      name: `${P}-web`,
      image: IMAGE,
      replicas: 3,
      command: ['sleep', '3600'],
      env: ['A=1'],
      labels: { [LABEL]: '1' },
      constraints: ['node.role!=nothing'],
      noResolveImage: true,
    };
    const res = await api<SwarmActionResult>(sw('/services'), { method: 'POST', json: body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    web = res.body;
    expect(web.command).toContain('docker service create --name');
    expect(web.command).toContain('--no-resolve-image');

    // The same line, run by the real CLI under another name.
    const line = web.command
      .replace(`--name ${P}-web`, `--name ${P}-cli`)
      .replace(/^docker service create /, '');
    execFileSync('sh', ['-c', `docker -H ${manager.tcp} service create -d ${line}`], { timeout: 60_000 });
    const normal = (spec: Record<string, unknown>) => JSON.parse(JSON.stringify({ ...spec, Name: 'X' }));
    const ours = inspect<{ Spec: Record<string, unknown> }>('service', `${P}-web`).Spec;
    const theirs = inspect<{ Spec: Record<string, unknown> }>('service', `${P}-cli`).Spec;
    expect(normal(ours)).toEqual(normal(theirs));

    // The same name again: the engine's 409, in its words.
    const again = await api<ErrorEnvelope>(sw('/services'), { method: 'POST', json: body });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/already exists/);
  });

  it('lists it, shows its detail and its tasks (per service and per node)', async () => {
    const list = await api<ServiceView[]>(sw('/services'));
    const mine = list.body.find((s) => s.name === `${P}-web`);
    expect(mine).toMatchObject({ mode: 'replicated', replicas: 3, image: IMAGE, stack: null });
    const detail = await api<ServiceDetail>(sw(`/services/${P}-web`));
    expect(detail.body).toMatchObject({
      args: ['sleep', '3600'],
      env: ['A=1'],
      constraints: ['node.role!=nothing'],
    });
    expect(detail.body.command_line).toContain(`--name ${P}-web`);
    const tasks = await until('3 running tasks', async () => {
      const t = await api<TaskView[]>(sw(`/tasks?service=${P}-web`));
      return t.body.filter((x) => x.state === 'running').length === 3 ? t.body : null;
    });
    expect(tasks.every((t) => t.serviceName === `${P}-web` && t.nodeHostname)).toBe(true);
    // The scheduler spreads the 3 replicas over the 3 nodes.
    const running = tasks.filter((t) => t.state === 'running');
    expect(new Set(running.map((t) => t.nodeId)).size).toBe(3);
    const onNode = tasks.find((t) => t.nodeId)?.nodeId as string;
    const perNode = await api<TaskView[]>(sw(`/tasks?node=${onNode}`));
    expect(perNode.body.length).toBeGreaterThan(0);
    expect(perNode.body.every((t) => t.nodeId === onNode)).toBe(true);
  }, 90_000);

  it('masks env values for a viewer', async () => {
    const viewer = await userSession('viewer', `swarmapi-viewer-${run}`);
    const detail = await api<ServiceDetail>(sw(`/services/${P}-web`), { as: { cookie: viewer.cookie } });
    expect(detail.status).toBe(200);
    expect(detail.body.env).toEqual(['A=********']);
    expect(JSON.stringify(detail.body.raw)).not.toContain('A=1');
  });

  it('updates the image: the tasks are replaced by ones running the new image', async () => {
    // A second tag of the offline image on every node (no registry to pull from).
    const V2 = 'berth-test/busybox:swarm-v2';
    for (const node of swarm.nodes)
      execFileSync('docker', ['-H', node.tcp, 'tag', IMAGE, V2], { timeout: 30_000 });
    const res = await api<SwarmActionResult>(sw(`/services/${P}-web`), {
      method: 'PATCH',
      json: { image: V2, noResolveImage: true },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.command).toContain(`--image ${V2}`);
    expect(
      inspect<{ Spec: { TaskTemplate: { ContainerSpec: { Image: string } } } }>('service', `${P}-web`).Spec
        .TaskTemplate.ContainerSpec.Image,
    ).toBe(V2);
    const tasks = await until('3 running tasks of the new image', async () => {
      const t = await api<TaskView[]>(sw(`/tasks?service=${P}-web`));
      const live = t.body.filter((x) => x.state === 'running' && x.desiredState === 'running');
      return live.length === 3 && live.every((x) => x.image.startsWith(V2)) ? live : null;
    });
    expect(tasks).toHaveLength(3);
    const list = await api<ServiceView[]>(sw('/services'));
    expect(list.body.find((s) => s.name === `${P}-web`)?.image).toBe(V2);
  }, 120_000);

  it('updates env and replicas, keeping the rest; scales; rolls back to the previous spec', async () => {
    const before = inspect<{ Spec: { TaskTemplate: { ContainerSpec: Record<string, unknown> } } }>(
      'service',
      `${P}-web`,
    );
    const res = await api<SwarmActionResult>(sw(`/services/${P}-web`), {
      method: 'PATCH',
      json: { env: ['A=2', 'B=3'], replicas: 2, noResolveImage: true },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.command).toContain('--env-add A=2');
    const after = inspect<{
      Spec: { TaskTemplate: { ContainerSpec: Record<string, unknown> }; Mode: unknown; Labels: unknown };
    }>('service', `${P}-web`);
    expect(after.Spec.TaskTemplate.ContainerSpec.Env).toEqual(['A=2', 'B=3']);
    expect(after.Spec.Mode).toEqual({ Replicated: { Replicas: 2 } });
    expect(after.Spec.TaskTemplate.ContainerSpec.Args).toEqual(before.Spec.TaskTemplate.ContainerSpec.Args);
    expect(after.Spec.Labels).toEqual({ [LABEL]: '1' });

    const scaled = await api<SwarmActionResult>(sw(`/services/${P}-web/scale`), {
      method: 'POST',
      json: { replicas: 4 },
    });
    expect(scaled.status, JSON.stringify(scaled.body)).toBe(200);
    expect(scaled.body.command).toBe(`docker service scale ${P}-web=4`);
    expect(inspect<{ Spec: { Mode: unknown } }>('service', `${P}-web`).Spec.Mode).toEqual({
      Replicated: { Replicas: 4 },
    });

    const rolled = await api<SwarmActionResult>(sw(`/services/${P}-web/rollback`), { method: 'POST' });
    expect(rolled.status, JSON.stringify(rolled.body)).toBe(200);
    expect(rolled.body.command).toBe(`docker service rollback ${P}-web`);
    // The previous spec was the update's (replicas 2): the scale is what is undone.
    const back = inspect<{ Spec: { Mode: unknown; TaskTemplate: { ContainerSpec: { Env: string[] } } } }>(
      'service',
      `${P}-web`,
    );
    expect(back.Spec.Mode).toEqual({ Replicated: { Replicas: 2 } });
    expect(back.Spec.TaskTemplate.ContainerSpec.Env).toEqual(['A=2', 'B=3']);
  }, 60_000);

  it('a global service runs one task per node', async () => {
    const res = await api<SwarmActionResult>(sw('/services'), {
      method: 'POST',
      json: {
        name: `${P}-global`,
        image: IMAGE,
        mode: 'global',
        command: ['sleep', '3600'],
        labels: { [LABEL]: '1' },
        noResolveImage: true,
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.command).toContain('--mode global');
    const view = await until('3 global tasks running', async () => {
      const list = await api<ServiceView[]>(sw('/services'));
      const s = list.body.find((x) => x.name === `${P}-global`);
      return s && s.running === 3 ? s : null;
    });
    expect(view).toMatchObject({ mode: 'global', replicas: null, desired: 3 });
    const removed = await api<SwarmActionResult>(sw(`/services/${P}-global`), { method: 'DELETE' });
    expect(removed.status).toBe(200);
    expect(removed.body.command).toBe(`docker service rm ${P}-global`);
    expect(() => cli('service', 'inspect', `${P}-global`)).toThrow();
    expect((await api(sw(`/services/${P}-global`))).status).toBe(404);
  }, 90_000);

  it('audits the writes with their CLI line on the environment', async () => {
    const audit = await api<{ command: string | null; env?: string; target: string | null }[]>(
      `/api/audit?action=swarm.service.create&limit=50`,
    );
    const entry = audit.body.find((e) => e.target === `${P}-web`);
    expect(entry?.env).toBe(MGR);
    expect(entry?.command).toMatch(new RegExp(`^docker --context ${MGR} service create --name ${P}-web`));
  });
});

describe('nodes', () => {
  it('lists the 3 nodes with their roles', async () => {
    const nodes = await api<NodeView[]>(sw('/nodes'));
    expect(nodes.status).toBe(200);
    expect(nodes.body).toHaveLength(3);
    expect(nodes.body.filter((n) => n.role === 'manager').map((n) => n.id)).toEqual([manager.nodeId]);
    expect(nodes.body.find((n) => n.self)?.leader).toBe(true);
    const one = await api<NodeView>(sw(`/nodes/${worker.nodeId}`));
    expect(one.body).toMatchObject({ id: worker.nodeId, role: 'worker', state: 'ready' });
  });

  it('drains a worker (its tasks move off it), labels it, and makes it active again, as the CLI reads back', async () => {
    const raw = inspect<{ Spec: { Availability: string; Labels: Record<string, string> } }>(
      'node',
      worker.nodeId,
    );
    nodeBefore = { Availability: raw.Spec.Availability, Labels: raw.Spec.Labels ?? {} };
    const drained = await api<SwarmActionResult>(sw(`/nodes/${worker.nodeId}`), {
      method: 'PATCH',
      json: { availability: 'drain', labels: { ...nodeBefore.Labels, [LABEL]: '1', zone: 'b' } },
    });
    expect(drained.status, JSON.stringify(drained.body)).toBe(200);
    expect(drained.body.command).toContain('--availability drain');
    expect(drained.body.command).toContain(`--label-add ${LABEL}=1`);
    const spec = inspect<{ Spec: { Availability: string; Labels: Record<string, string> } }>(
      'node',
      worker.nodeId,
    ).Spec;
    expect(spec.Availability).toBe('drain');
    expect(spec.Labels).toMatchObject({ [LABEL]: '1', zone: 'b' });
    await until('no task of the service left on the drained node', async () => {
      const tasks = await api<TaskView[]>(sw(`/tasks?node=${worker.nodeId}`));
      return !tasks.body.some((t) => t.serviceName === `${P}-web` && t.state === 'running');
    });

    const back = await api<SwarmActionResult>(sw(`/nodes/${worker.nodeId}`), {
      method: 'PATCH',
      json: { availability: nodeBefore.Availability, labels: nodeBefore.Labels },
    });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(back.body.command).toContain(`--label-rm ${LABEL}`);
    const restored = inspect<{ Spec: { Availability: string; Labels: Record<string, string> } }>(
      'node',
      worker.nodeId,
    ).Spec;
    expect(restored.Availability).toBe(nodeBefore.Availability);
    expect(restored.Labels ?? {}).toEqual(nodeBefore.Labels);
    nodeBefore = null;
  }, 90_000);

  it('an operator may not change nodes', async () => {
    const res = await api(sw(`/nodes/${worker.nodeId}`), {
      method: 'PATCH',
      json: { availability: 'drain' },
      as: operator,
    });
    expect(res.status).toBe(403);
  });
});

describe('the security policy on services (create AND update)', () => {
  it('refuses an operator a host bind mount and a cap-add on create: nothing is made', async () => {
    for (const extra of [
      { mounts: [{ type: 'bind', source: '/etc', target: '/host-etc' }] },
      { capAdd: ['NET_ADMIN'] },
    ]) {
      const res = await api<ErrorEnvelope>(sw('/services'), {
        method: 'POST',
        as: operator,
        json: { name: `${P}-bad`, image: IMAGE, labels: { [LABEL]: '1' }, noResolveImage: true, ...extra },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(403);
      expect(res.body.error.code).toBe('policy');
      expect(() => cli('service', 'inspect', `${P}-bad`)).toThrow();
    }
  });

  it('refuses the same on update: the service is unchanged', async () => {
    const before = inspect<{ Version: { Index: number }; Spec: unknown }>('service', `${P}-web`);
    for (const change of [
      { mounts: [{ type: 'bind', source: '/etc', target: '/host-etc' }] },
      { capAdd: ['SYS_ADMIN'] },
    ]) {
      const res = await api<ErrorEnvelope>(sw(`/services/${P}-web`), {
        method: 'PATCH',
        as: operator,
        json: change,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(403);
      expect(res.body.error.code).toBe('policy');
    }
    const after = inspect<{ Version: { Index: number }; Spec: unknown }>('service', `${P}-web`);
    expect(after.Version.Index).toBe(before.Version.Index);
    expect(after.Spec).toEqual(before.Spec);
  });

  it('an operator may still scale an allowed service; a service with a bind mount made by an admin cannot be scaled by an operator', async () => {
    const ok = await api(sw(`/services/${P}-web/scale`), {
      method: 'POST',
      as: operator,
      json: { replicas: 1 },
    });
    expect(ok.status).toBe(200);
    const made = await api(sw('/services'), {
      method: 'POST',
      json: {
        name: `${P}-bind`,
        image: IMAGE,
        command: ['sleep', '3600'],
        mounts: [{ type: 'bind', source: '/tmp', target: '/host-tmp', readOnly: true }],
        labels: { [LABEL]: '1' },
        noResolveImage: true,
      },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const refused = await api<ErrorEnvelope>(sw(`/services/${P}-bind/scale`), {
      method: 'POST',
      as: operator,
      json: { replicas: 2 },
    });
    expect(refused.status).toBe(403);
    expect(inspect<{ Spec: { Mode: unknown } }>('service', `${P}-bind`).Spec.Mode).toEqual({
      Replicated: { Replicas: 1 },
    });
  });

  it('judges the previous spec a rollback restores: an operator cannot roll back to a bind mount', async () => {
    // An admin takes the bind mount away: the previous spec (the one rollback restores) still has it.
    const cleared = await api(sw(`/services/${P}-bind`), { method: 'PATCH', json: { mounts: [] } });
    expect(cleared.status, JSON.stringify(cleared.body)).toBe(200);
    const before = inspect<{ Version: { Index: number } }>('service', `${P}-bind`);
    const refused = await api<ErrorEnvelope>(sw(`/services/${P}-bind/rollback`), {
      method: 'POST',
      as: operator,
    });
    expect(refused.status, JSON.stringify(refused.body)).toBe(403);
    expect(refused.body.error.code).toBe('policy');
    expect(inspect<{ Version: { Index: number } }>('service', `${P}-bind`).Version.Index).toBe(
      before.Version.Index,
    );
    // Its current spec is allowed: the operator may scale it now.
    const scaled = await api(sw(`/services/${P}-bind/scale`), {
      method: 'POST',
      as: operator,
      json: { replicas: 2 },
    });
    expect(scaled.status).toBe(200);
  });
});

describe('secrets and configs', () => {
  it('creates a secret, lists it without its value, shows who uses it, refuses removal in use, removes it', async () => {
    const value = `s3cr3t-${run}`;
    const made = await api<SwarmActionResult>(sw('/secrets'), {
      method: 'POST',
      json: { name: `${P}-secret`, data: value, labels: { [LABEL]: '1' } },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.command).toBe(`docker secret create --label ${LABEL}=1 ${P}-secret -`);
    const svc = await api(sw('/services'), {
      method: 'POST',
      json: {
        name: `${P}-uses`,
        image: IMAGE,
        command: ['sleep', '3600'],
        secrets: [{ name: `${P}-secret` }],
        labels: { [LABEL]: '1' },
        noResolveImage: true,
      },
    });
    expect(svc.status, JSON.stringify(svc.body)).toBe(201);
    const list = await api<SecretView[]>(sw('/secrets'));
    expect(JSON.stringify(list.body)).not.toContain(value);
    expect(list.body.find((s) => s.name === `${P}-secret`)?.usedBy).toEqual([`${P}-uses`]);
    const inUse = await api<ErrorEnvelope>(sw(`/secrets/${P}-secret`), { method: 'DELETE' });
    expect(inUse.status).toBe(409);
    expect(inUse.body.error.message).toMatch(/is in use by the following service: .*-uses/);
    expect((await api(sw(`/services/${P}-uses`), { method: 'DELETE' })).status).toBe(200);
    const removed = await api<SwarmActionResult>(sw(`/secrets/${P}-secret`), { method: 'DELETE' });
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    expect(() => cli('secret', 'inspect', `${P}-secret`)).toThrow();
  });

  it('creates a config (base64), reads its data back, removes it', async () => {
    const made = await api<SwarmActionResult>(sw('/configs'), {
      method: 'POST',
      json: { name: `${P}-conf`, data: Buffer.from('key = value\n').toString('base64'), encoding: 'base64' },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const detail = await api<ConfigDetail>(sw(`/configs/${made.body.id}`));
    expect(detail.body).toMatchObject({ name: `${P}-conf`, data: 'key = value\n', usedBy: [] });
    expect(cli('config', 'inspect', '--format', '{{json .Spec.Data}}', `${P}-conf`)).toBe(
      JSON.stringify(Buffer.from('key = value\n').toString('base64')),
    );
    expect((await api(sw(`/configs/${P}-conf`), { method: 'DELETE' })).status).toBe(200);
    expect((await api(sw(`/configs/${P}-conf`))).status).toBe(404);
  });
});

describe('overlay networks and stacks', () => {
  it('creates an attachable overlay network through the networks API and runs a service on it', async () => {
    const net = await api(`/api/environments/${MGR}/networks`, {
      method: 'POST',
      json: { name: `${P}-net`, driver: 'overlay', attachable: true, labels: [`${LABEL}=1`] },
    });
    expect(net.status, JSON.stringify(net.body)).toBe(201);
    const svc = await api(sw('/services'), {
      method: 'POST',
      json: {
        name: `${P}-onnet`,
        image: IMAGE,
        command: ['sleep', '3600'],
        networks: [`${P}-net`],
        labels: { [LABEL]: '1' },
        noResolveImage: true,
      },
    });
    expect(svc.status, JSON.stringify(svc.body)).toBe(201);
    const detail = await api<ServiceDetail>(sw(`/services/${P}-onnet`));
    expect(detail.body.networks.map((n) => n.name)).toEqual([`${P}-net`]);
    expect(inspect<{ Driver: string; Attachable: boolean }>('network', `${P}-net`)).toMatchObject({
      Driver: 'overlay',
      Attachable: true,
    });
  });

  it('deploys a compose file as a stack and removes it', async () => {
    const stack = `${P}-st`;
    const compose = [
      'services:',
      '  web:',
      `    image: ${IMAGE}`,
      '    command: sleep 3600',
      '    environment:',
      '      MODE: prod',
      '      LEVEL: 3',
      '    deploy:',
      '      replicas: 2',
      `      labels: { ${LABEL}: "1" }`,
      '    networks: [back]',
      '  worker:',
      `    image: ${IMAGE}`,
      '    command: ["sleep", "3600"]',
      '    environment: ["ROLE=worker"]',
      'networks:',
      '  back: {}',
    ].join('\n');
    const res = await api<SwarmStackDeployResult>(sw('/stacks'), {
      method: 'POST',
      json: { stack, compose, noResolveImage: true },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.command).toBe(`docker stack deploy --compose-file docker-compose.yml ${stack}`);
    expect(res.body.services.map((s) => s.name).sort()).toEqual([`${stack}_web`, `${stack}_worker`]);
    expect(res.body.created).toEqual(
      expect.arrayContaining([
        { kind: 'network', name: `${stack}_back` },
        { kind: 'network', name: `${stack}_default` },
      ]),
    );
    const web = inspect<{
      Spec: {
        Labels: Record<string, string>;
        Mode: unknown;
        TaskTemplate: { ContainerSpec: { Env: string[]; Labels: Record<string, string>; Args: string[] } };
      };
    }>('service', `${stack}_web`).Spec;
    expect(web.Labels).toMatchObject({ 'com.docker.stack.namespace': stack, [LABEL]: '1' });
    expect(web.Mode).toEqual({ Replicated: { Replicas: 2 } });
    expect(web.TaskTemplate.ContainerSpec.Env).toEqual(['MODE=prod', 'LEVEL=3']);
    expect(web.TaskTemplate.ContainerSpec.Args).toEqual(['sleep', '3600']);
    expect(web.TaskTemplate.ContainerSpec.Labels).toMatchObject({ 'com.docker.stack.namespace': stack });
    expect(
      inspect<{ Driver: string; Labels: Record<string, string> }>('network', `${stack}_back`),
    ).toMatchObject({
      Driver: 'overlay',
      Labels: { 'com.docker.stack.namespace': stack },
    });
    const list = await api<ServiceView[]>(sw('/services'));
    expect(list.body.filter((s) => s.stack === stack)).toHaveLength(2);

    // Deployed again with a change: the services are updated in place, the networks kept.
    const again = await api<SwarmStackDeployResult>(sw('/stacks'), {
      method: 'POST',
      json: { stack, compose: compose.replace('replicas: 2', 'replicas: 3'), noResolveImage: true },
    });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(again.body.created).toEqual([]);
    expect(again.body.services.map((s) => s.id).sort()).toEqual(res.body.services.map((s) => s.id).sort());
    expect(inspect<{ Spec: { Mode: unknown } }>('service', `${stack}_web`).Spec.Mode).toEqual({
      Replicated: { Replicas: 3 },
    });

    const removed = await api<{ removed: string[]; command: string }>(sw(`/stacks/${stack}`), {
      method: 'DELETE',
    });
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    expect(removed.body.command).toBe(`docker stack rm ${stack}`);
    expect(removed.body.removed).toEqual(
      expect.arrayContaining([`service ${stack}_web`, `service ${stack}_worker`, `network ${stack}_back`]),
    );
    expect(cli('service', 'ls', '-q', '--filter', `label=com.docker.stack.namespace=${stack}`)).toBe('');
    // The manager's network list lets a removed overlay network go a moment later.
    await until(
      'the stack networks gone',
      async () => cli('network', 'ls', '-q', '--filter', `label=com.docker.stack.namespace=${stack}`) === '',
    );
  }, 90_000);

  it('refuses unsupported compose keys by name, and file secrets, deploying nothing', async () => {
    const stack = `${P}-bad`;
    const compose = [
      'services:',
      '  web:',
      `    image: ${IMAGE}`,
      '    build: .',
      '    healthcheck: { test: ["CMD", "true"] }',
      '    secrets: [pw]',
      'secrets:',
      '  pw:',
      '    file: ./pw.txt',
    ].join('\n');
    const res = await api<ErrorEnvelope>(sw('/stacks'), { method: 'POST', json: { stack, compose } });
    expect(res.status).toBe(400);
    const paths = res.body.error.fields?.map((f) => f.path) ?? [];
    expect(paths).toEqual(
      expect.arrayContaining([
        'compose.services.web.build',
        'compose.services.web.healthcheck',
        'compose.secrets.pw',
      ]),
    );
    expect(res.body.error.message).toContain('build');
    expect(cli('service', 'ls', '-q', '--filter', `label=com.docker.stack.namespace=${stack}`)).toBe('');
  });

  it('judges every service of a stack by the policy: an operator cannot deploy a host bind mount', async () => {
    const stack = `${P}-pol`;
    const compose = ['services:', '  web:', `    image: ${IMAGE}`, '    volumes: ["/etc:/host-etc:ro"]'].join(
      '\n',
    );
    const res = await api<ErrorEnvelope>(sw('/stacks'), {
      method: 'POST',
      as: operator,
      json: { stack, compose, noResolveImage: true },
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('policy');
    expect(cli('network', 'ls', '-q', '--filter', `name=${stack}_`)).toBe('');
  });
});

describe('service logs over the socket', () => {
  it('streams the merged log of tasks on several nodes, each line naming its task and node', async () => {
    const name = `${P}-logs`;
    const made = await api(sw('/services'), {
      method: 'POST',
      json: {
        name,
        image: IMAGE,
        replicas: 3,
        command: ['sh', '-c', 'while true; do echo "hello from $(hostname)"; sleep 1; done'],
        labels: { [LABEL]: '1' },
        noResolveImage: true,
      },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    await until('3 running log tasks', async () => {
      const t = await api<TaskView[]>(sw(`/tasks?service=${name}`));
      return t.body.filter((x) => x.state === 'running').length === 3;
    });
    const socket = await connectSocket(await adminCookie());
    const lines: LogLine[] = [];
    socket.on('logs:lines', (batch) => lines.push(...batch.lines));
    const ack = await new Promise<{ ok: boolean; id?: string; error?: string }>((resolve) =>
      socket.emit('service-logs:subscribe', { serviceId: name, tail: 20, env: MGR }, (r) =>
        resolve(r as { ok: boolean; id?: string; error?: string }),
      ),
    );
    expect(ack.ok, JSON.stringify(ack)).toBe(true);
    const hosts = await until(
      'lines from tasks on two nodes',
      async () => {
        const h = new Set(lines.map((l) => /@(.+)$/.exec(l.task ?? '')?.[1]).filter(Boolean));
        return h.size >= 2 ? h : null;
      },
      30_000,
    );
    expect(hosts.size).toBeGreaterThanOrEqual(2);
    const line = lines.find((l) => l.task);
    expect(line?.task).toMatch(new RegExp(`^${name}\\.\\d+\\.[a-z0-9]{12}@berth-s\\d$`));
    expect(line?.text).toMatch(/^hello from /);
    expect(line?.time).toMatch(/^\d{4}-\d\d-\d\dT/);

    const unknownEnv = await new Promise<{ ok: boolean; code?: string }>((resolve) =>
      socket.emit('service-logs:subscribe', { serviceId: name, env: 'no-such-env' }, (r) =>
        resolve(r as { ok: boolean; code?: string }),
      ),
    );
    expect(unknownEnv).toMatchObject({ ok: false, code: 'not_found' });
    const onWorker = await new Promise<{ ok: boolean; code?: string; error?: string }>((resolve) =>
      socket.emit('service-logs:subscribe', { serviceId: name, env: WRK }, (r) =>
        resolve(r as { ok: boolean; code?: string; error?: string }),
      ),
    );
    expect(onWorker).toMatchObject({ ok: false, code: 'conflict' });
    expect(onWorker.error).toMatch(/^This engine is not a swarm manager/);

    // The service removed: its follow stream ends, and the viewer is told.
    const ended = new Promise<string>((resolve) =>
      socket.on('logs:end', (e) => {
        if (e.id === ack.id) resolve(e.reason);
      }),
    );
    expect((await api(sw(`/services/${name}`), { method: 'DELETE' })).status).toBe(200);
    const reason = await Promise.race([
      ended,
      new Promise<string>((_, reject) => setTimeout(() => reject(new Error('no logs:end')), 30_000)),
    ]);
    expect(reason).toBe(`Service ${name} was removed`);
  }, 90_000);
});
