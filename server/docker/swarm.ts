import type Docker from 'dockerode';
import { can } from '@/lib/auth/roles';
import {
  nodeUpdateCommand,
  serviceCreateCommand,
  serviceRemoveCommand,
  serviceRollbackCommand,
  serviceScaleCommand,
  serviceUpdateCommand,
  stackDeployCommand,
  stackRemoveCommand,
  swarmFileCreateCommand,
  swarmFileRemoveCommand,
} from '@/lib/swarm/cli';
import type { NodeUpdate, ServiceCreateParsed, ServiceUpdate, SwarmFileCreate } from '@/lib/swarm/schemas';
import type {
  ConfigDetail,
  ConfigView,
  NodeView,
  SecretView,
  ServiceDetail,
  ServiceView,
  SwarmActionResult,
  SwarmStackDeployResult,
  SwarmState,
  TaskView,
} from '@/lib/swarm/types';
import type { UserPrincipal } from '@/server/auth/guard';
import { docker } from '@/server/docker/client';
import { applyServiceUpdate, buildServiceSpec, type FileIds } from '@/server/docker/swarm-spec';
import { planStack } from '@/server/docker/swarm-stack';
import {
  type RawInfo,
  type RawNode,
  type RawService,
  type RawServiceSpec,
  type RawSwarmFile,
  type RawTask,
  STACK_LABEL,
  toConfigDetail,
  toConfigView,
  toNodeView,
  toSecretView,
  toServiceDetail,
  toServiceView,
  toSwarmState,
  toTaskView,
  usedBy,
} from '@/server/docker/swarm-view';
import { HttpError, toHttpError } from '@/server/http/errors';
import { registryCredentials } from '@/server/registries/store';
import { enforceServiceSpec } from '@/server/security/enforce';

/**
 * Swarm on the current environment's engine (issue 16): nodes, services, tasks, secrets, configs and stacks
 * from a compose file. Everything but swarmState needs a manager: anything else is a 409 saying so, before
 * the engine's own 503 "This node is not a swarm manager".
 */

export async function swarmState(): Promise<SwarmState> {
  return toSwarmState((await docker().info()) as RawInfo);
}

/** 409 unless this engine manages a swarm; answers its node id. */
export async function requireManager(): Promise<string | null> {
  const state = await swarmState();
  if (!state.isManager)
    throw new HttpError(
      409,
      'conflict',
      state.localNodeState === 'active'
        ? 'This engine is not a swarm manager: it is a worker; manage the swarm from a manager node'
        : `This engine is not a swarm manager: it is not in a swarm (state ${state.localNodeState})`,
    );
  return state.nodeId;
}

const listNodesRaw = async () => (await docker().listNodes()) as RawNode[];
const listServicesRaw = async (filters?: Record<string, string[]>) =>
  (await docker().listServices(
    filters ? { filters: JSON.stringify(filters) } : {},
  )) as unknown as RawService[];
const listTasksRaw = async (filters?: Record<string, string[]>) =>
  (await docker().listTasks(filters ? { filters: JSON.stringify(filters) } : {})) as RawTask[];

const nodeNames = (nodes: readonly RawNode[]) =>
  new Map(nodes.map((n) => [n.ID, n.Description?.Hostname ?? n.ID]));
const activeNodeIds = (nodes: readonly RawNode[]) =>
  new Set(
    nodes.filter((n) => n.Spec?.Availability === 'active' && n.Status?.State === 'ready').map((n) => n.ID),
  );

/**
 * The CLI line a write answered, by request: the audit entry names the same line as the answer, which only the
 * handler can write (`--env-rm` and `--label-rm` need the spec as it was).
 */
const answeredCommands = new WeakMap<Request, string>();
export function answered<T extends { command: string }>(req: Request, result: T): T {
  answeredCommands.set(req, result.command);
  return result;
}
export const answeredCommand = (req: Request): string | undefined => answeredCommands.get(req);

// ── nodes ──

export async function listSwarmNodes(): Promise<NodeView[]> {
  const self = await requireManager();
  return (await listNodesRaw()).map((n) => toNodeView(n, self));
}

async function inspectNodeRaw(id: string): Promise<RawNode> {
  return (await docker().getNode(id).inspect()) as RawNode;
}

export async function inspectSwarmNode(id: string): Promise<NodeView> {
  const self = await requireManager();
  return toNodeView(await inspectNodeRaw(id), self);
}

/** Spec changes keep everything not asked for; the version is the one just read (409 if someone was faster). */
export async function updateSwarmNode(id: string, update: NodeUpdate): Promise<SwarmActionResult> {
  const self = await requireManager();
  const raw = await inspectNodeRaw(id);
  const before = toNodeView(raw, self);
  const spec = {
    ...(raw.Spec ?? {}),
    ...(update.availability ? { Availability: update.availability } : {}),
    ...(update.role ? { Role: update.role } : {}),
    ...(update.labels ? { Labels: update.labels } : {}),
  };
  await docker()
    .getNode(raw.ID)
    .update({ _query: { version: raw.Version?.Index ?? 0 }, _body: spec });
  return { id: raw.ID, name: before.hostname, command: nodeUpdateCommand(before, update), warnings: [] };
}

// ── services ──

export async function listSwarmServices(): Promise<ServiceView[]> {
  await requireManager();
  const [services, tasks, nodes] = await Promise.all([listServicesRaw(), listTasksRaw(), listNodesRaw()]);
  const active = activeNodeIds(nodes);
  return services.map((s) => toServiceView(s, tasks, active));
}

async function inspectServiceRaw(id: string): Promise<RawService> {
  return (await docker().getService(id).inspect()) as RawService;
}

async function networkNames(): Promise<Map<string, string>> {
  const networks = await docker().listNetworks();
  return new Map(networks.map((n) => [n.Id, n.Name]));
}

export async function inspectSwarmService(id: string, maskEnv: boolean): Promise<ServiceDetail> {
  await requireManager();
  const raw = await inspectServiceRaw(id);
  const [tasks, names] = await Promise.all([listTasksRaw({ service: [raw.ID] }), networkNames()]);
  return toServiceDetail(raw, tasks, names, { maskEnv });
}

async function fileIds(secrets: readonly string[], configs: readonly string[]): Promise<FileIds> {
  const [s, c] = await Promise.all([
    secrets.length ? (docker().listSecrets() as Promise<RawSwarmFile[]>) : [],
    configs.length ? (docker().listConfigs() as unknown as Promise<RawSwarmFile[]>) : [],
  ]);
  return {
    secrets: new Map(s.map((x) => [x.Spec?.Name ?? '', x.ID])),
    configs: new Map(c.map((x) => [x.Spec?.Name ?? '', x.ID])),
  };
}

/** `X-Registry-Auth` for the stored registry, for users allowed to use stored credentials. */
function registryAuth(principal: UserPrincipal, registryId: number | undefined) {
  if (registryId === undefined) return undefined;
  if (!can(principal.user.role, 'registries:read'))
    throw new HttpError(
      403,
      'forbidden',
      `Your role (${principal.user.role}) does not allow using stored registry credentials (registries:read)`,
    );
  return registryCredentials(registryId).auth;
}

const warningsOf = (answer: unknown): string[] => {
  const w = (answer as { Warnings?: string[] | null } | null)?.Warnings;
  return Array.isArray(w) ? w : [];
};

async function createFromSpec(
  spec: RawServiceSpec,
  auth: ReturnType<typeof registryAuth>,
): Promise<{ id: string; warnings: string[] }> {
  // dockerode's createService(auth, spec) sends the auth as X-Registry-Auth.
  const created = (await (auth
    ? docker().createService(auth as Docker.AuthConfig, spec as Docker.ServiceSpec)
    : docker().createService(spec as Docker.CreateServiceOptions))) as unknown as {
    id?: string;
    ID?: string;
  };
  return { id: created.id ?? created.ID ?? '', warnings: warningsOf(created) };
}

export async function createSwarmService(
  principal: UserPrincipal,
  input: ServiceCreateParsed,
): Promise<SwarmActionResult> {
  await requireManager();
  const ids = await fileIds(
    input.secrets.map((s) => s.name),
    input.configs.map((c) => c.name),
  );
  const spec = buildServiceSpec(input, ids);
  await enforceServiceSpec(principal, spec);
  const auth = registryAuth(principal, input.registryId);
  const { id, warnings } = await createFromSpec(spec, auth);
  return { id, name: input.name, command: serviceCreateCommand(input), warnings };
}

async function sendUpdate(
  raw: RawService,
  spec: RawServiceSpec,
  query: Record<string, string | number> = {},
): Promise<string[]> {
  const answer = await docker()
    .getService(raw.ID)
    .update({ _query: { version: raw.Version?.Index ?? 0, ...query }, _body: spec });
  return warningsOf(answer);
}

export async function updateSwarmService(
  principal: UserPrincipal,
  id: string,
  update: ServiceUpdate,
): Promise<SwarmActionResult> {
  await requireManager();
  const raw = await inspectServiceRaw(id);
  const current = raw.Spec ?? {};
  const spec = applyServiceUpdate(current, update);
  await enforceServiceSpec(principal, spec);
  const warnings = await sendUpdate(raw, spec);
  const name = current.Name ?? raw.ID;
  return {
    id: raw.ID,
    name,
    command: serviceUpdateCommand(name, update, {
      env: current.TaskTemplate?.ContainerSpec?.Env ?? [],
      labels: current.Labels ?? {},
    }),
    warnings,
  };
}

export async function scaleSwarmService(
  principal: UserPrincipal,
  id: string,
  replicas: number,
): Promise<SwarmActionResult> {
  await requireManager();
  const raw = await inspectServiceRaw(id);
  const spec = applyServiceUpdate(raw.Spec ?? {}, { replicas });
  // The whole spec is what the engine runs again: judged as an update is.
  await enforceServiceSpec(principal, spec);
  const warnings = await sendUpdate(raw, spec);
  const name = raw.Spec?.Name ?? raw.ID;
  return { id: raw.ID, name, command: serviceScaleCommand(name, replicas), warnings };
}

/** `docker service rollback`: the engine restores PreviousSpec, which is judged first as any new spec is. */
export async function rollbackSwarmService(principal: UserPrincipal, id: string): Promise<SwarmActionResult> {
  await requireManager();
  const raw = await inspectServiceRaw(id);
  const name = raw.Spec?.Name ?? raw.ID;
  if (!raw.PreviousSpec)
    throw new HttpError(409, 'conflict', `Service ${name} has no previous spec to roll back to`);
  await enforceServiceSpec(principal, raw.PreviousSpec);
  const warnings = await sendUpdate(raw, raw.Spec ?? {}, { rollback: 'previous' });
  return { id: raw.ID, name, command: serviceRollbackCommand(name), warnings };
}

export async function removeSwarmService(id: string): Promise<SwarmActionResult> {
  await requireManager();
  const raw = await inspectServiceRaw(id);
  await docker().getService(raw.ID).remove();
  const name = raw.Spec?.Name ?? raw.ID;
  return { id: raw.ID, name, command: serviceRemoveCommand(name), warnings: [] };
}

// ── tasks ──

export async function listSwarmTasks(filter: { service?: string; node?: string }): Promise<TaskView[]> {
  await requireManager();
  const filters: Record<string, string[]> = {};
  if (filter.service) filters.service = [(await inspectServiceRaw(filter.service)).ID];
  if (filter.node) filters.node = [(await inspectNodeRaw(filter.node)).ID];
  const [tasks, services, nodes] = await Promise.all([
    listTasksRaw(filters),
    listServicesRaw(),
    listNodesRaw(),
  ]);
  const serviceNames = new Map(services.map((s) => [s.ID, s.Spec?.Name ?? '']));
  return tasks
    .map((t) => toTaskView(t, serviceNames, nodeNames(nodes)))
    .sort(
      (a, b) =>
        a.serviceName.localeCompare(b.serviceName) ||
        (a.slot ?? 0) - (b.slot ?? 0) ||
        b.createdAt.localeCompare(a.createdAt),
    );
}

// ── secrets and configs ──

function fileData(input: SwarmFileCreate): string {
  if (input.encoding === 'base64') {
    const bytes = Buffer.from(input.data, 'base64');
    if (bytes.toString('base64').replace(/=+$/, '') !== input.data.replace(/\s+/g, '').replace(/=+$/, ''))
      throw new HttpError(400, 'bad_request', 'Not base64', [{ path: 'body.data', message: 'Not base64' }]);
    return bytes.toString('base64');
  }
  return Buffer.from(input.data, 'utf8').toString('base64');
}

export async function listSwarmSecrets(): Promise<SecretView[]> {
  await requireManager();
  const [secrets, services] = await Promise.all([
    docker().listSecrets() as Promise<RawSwarmFile[]>,
    listServicesRaw(),
  ]);
  const users = usedBy(services, 'secret');
  return secrets.map((s) => toSecretView(s, users));
}

export async function listSwarmConfigs(): Promise<ConfigView[]> {
  await requireManager();
  const [configs, services] = await Promise.all([
    docker().listConfigs() as unknown as Promise<RawSwarmFile[]>,
    listServicesRaw(),
  ]);
  const users = usedBy(services, 'config');
  return configs.map((c) => toConfigView(c, users));
}

export async function inspectSwarmConfig(id: string): Promise<ConfigDetail> {
  await requireManager();
  const [raw, services] = await Promise.all([
    docker().getConfig(id).inspect() as Promise<RawSwarmFile>,
    listServicesRaw(),
  ]);
  return toConfigDetail(raw, usedBy(services, 'config'));
}

export async function createSwarmFile(
  kind: 'secret' | 'config',
  input: SwarmFileCreate,
): Promise<SwarmActionResult> {
  await requireManager();
  const body = { Name: input.name, Labels: input.labels ?? {}, Data: fileData(input) };
  const created = (await (kind === 'secret' ? docker().createSecret(body) : docker().createConfig(body))) as {
    id?: string;
    ID?: string;
  };
  return {
    id: created.id ?? created.ID ?? '',
    name: input.name,
    command: swarmFileCreateCommand(kind, input.name, input.labels ?? {}),
    warnings: [],
  };
}

export async function removeSwarmFile(kind: 'secret' | 'config', id: string): Promise<SwarmActionResult> {
  await requireManager();
  const handle = kind === 'secret' ? docker().getSecret(id) : docker().getConfig(id);
  const raw = (await handle.inspect()) as RawSwarmFile;
  try {
    await (kind === 'secret' ? docker().getSecret(raw.ID) : docker().getConfig(raw.ID)).remove();
  } catch (err) {
    // The engine says InvalidArgument (400) for one in use: a conflict with the services, in its own words.
    const mapped = toHttpError(err);
    if (mapped.status === 400 && /is in use/.test(mapped.message))
      throw new HttpError(409, 'conflict', mapped.message);
    throw err;
  }
  const name = raw.Spec?.Name ?? raw.ID;
  return { id: raw.ID, name, command: swarmFileRemoveCommand(kind, name), warnings: [] };
}

// ── stacks ──

const isNotFound = (err: unknown) => (err as { statusCode?: number }).statusCode === 404;

/**
 * `docker stack deploy -c`: every service judged by the policy first (nothing is made if one is refused), then
 * the stack's networks, then each service created or updated in place.
 */
export async function deployStack(
  principal: UserPrincipal,
  stack: string,
  compose: string,
  noResolveImage: boolean,
): Promise<SwarmStackDeployResult> {
  await requireManager();
  const plan = planStack(stack, compose, noResolveImage);
  const ids = await fileIds(plan.secrets, plan.configs);
  for (const name of plan.secrets)
    if (!ids.secrets.has(name))
      throw new HttpError(400, 'bad_request', `External secret ${name} does not exist`);
  for (const name of plan.configs)
    if (!ids.configs.has(name))
      throw new HttpError(400, 'bad_request', `External config ${name} does not exist`);
  const specs = plan.services.map((s) => {
    const spec = buildServiceSpec(s, ids);
    const template = spec.TaskTemplate ?? {};
    // `docker stack deploy` makes each service reachable by its short name on the stack's networks.
    template.Networks = (template.Networks ?? []).map((n) => ({
      ...n,
      Aliases: [s.name.slice(stack.length + 1)],
    }));
    return { input: s, spec };
  });
  for (const { spec } of specs) await enforceServiceSpec(principal, spec);

  const created: SwarmStackDeployResult['created'] = [];
  const existing = new Set((await docker().listNetworks()).map((n) => n.Name));
  for (const net of plan.networks) {
    if (existing.has(net.name)) continue;
    if (net.external) throw new HttpError(400, 'bad_request', `External network ${net.name} does not exist`);
    await docker().createNetwork({
      Name: net.name,
      Driver: 'overlay',
      Attachable: net.attachable,
      Labels: net.labels,
      CheckDuplicate: true,
    });
    created.push({ kind: 'network', name: net.name });
  }
  const current = new Map(
    (await listServicesRaw({ label: [`${STACK_LABEL}=${stack}`] })).map((s) => [s.Spec?.Name ?? '', s]),
  );
  const services: SwarmActionResult[] = [];
  for (const { input, spec } of specs) {
    const before = current.get(input.name);
    if (before) {
      const next = {
        ...spec,
        TaskTemplate: { ...spec.TaskTemplate, ForceUpdate: before.Spec?.TaskTemplate?.ForceUpdate ?? 0 },
      };
      const warnings = await sendUpdate(before, next);
      services.push({ id: before.ID, name: input.name, command: serviceCreateCommand(input), warnings });
    } else {
      const { id, warnings } = await createFromSpec(spec, undefined);
      services.push({ id, name: input.name, command: serviceCreateCommand(input), warnings });
    }
  }
  return { stack, command: stackDeployCommand(stack), services, created };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `docker stack rm`: services first, then networks (retried while their tasks leave), secrets, configs. */
export async function removeStack(
  stack: string,
): Promise<{ stack: string; command: string; removed: string[] }> {
  await requireManager();
  const filters = JSON.stringify({ label: [`${STACK_LABEL}=${stack}`] });
  const removed: string[] = [];
  const services = await listServicesRaw({ label: [`${STACK_LABEL}=${stack}`] });
  for (const s of services) {
    try {
      await docker().getService(s.ID).remove();
      removed.push(`service ${s.Spec?.Name ?? s.ID}`);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
  const networks = await docker().listNetworks({ filters });
  for (const n of networks) {
    for (let attempt = 0; ; attempt++) {
      try {
        await docker().getNetwork(n.Id).remove();
        removed.push(`network ${n.Name}`);
        break;
      } catch (err) {
        if (isNotFound(err)) break;
        // The removed services' tasks still hold endpoints on it for a few seconds.
        if (attempt >= 30) throw err;
        await sleep(500);
      }
    }
  }
  for (const s of (await docker().listSecrets({ filters })) as RawSwarmFile[]) {
    await docker().getSecret(s.ID).remove();
    removed.push(`secret ${s.Spec?.Name ?? s.ID}`);
  }
  for (const c of (await docker().listConfigs({ filters })) as unknown as RawSwarmFile[]) {
    await docker().getConfig(c.ID).remove();
    removed.push(`config ${c.Spec?.Name ?? c.ID}`);
  }
  if (removed.length === 0) throw new HttpError(404, 'not_found', `Nothing found in stack ${stack}`);
  return { stack, command: stackRemoveCommand(stack), removed };
}
