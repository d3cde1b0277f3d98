import { maskEnvEntry } from '@/lib/containers/env';
import { serviceCreateCommand } from '@/lib/swarm/cli';
import type { ServiceCreate } from '@/lib/swarm/schemas';
import type {
  ConfigDetail,
  ConfigView,
  NodeView,
  SecretView,
  ServiceDetail,
  ServicePort,
  ServiceView,
  SwarmState,
  TaskView,
} from '@/lib/swarm/types';

/**
 * The engine's raw Swarm objects (only the fields Berth reads; the engine's JSON has more) and their view models.
 * Pure: the fixtures in swarm-view.test.ts are real engine answers.
 */

export interface RawMeta {
  ID: string;
  Version?: { Index?: number };
  CreatedAt?: string;
  UpdatedAt?: string;
}

export interface RawInfo {
  Swarm?: {
    LocalNodeState?: string;
    ControlAvailable?: boolean;
    NodeID?: string;
    Nodes?: number;
    Managers?: number;
    Cluster?: RawMeta & { DefaultAddrPool?: string[] | null };
  };
}

export interface RawNode extends RawMeta {
  Spec?: { Role?: string; Availability?: string; Labels?: Record<string, string> | null; Name?: string };
  Description?: {
    Hostname?: string;
    Platform?: { OS?: string; Architecture?: string };
    Resources?: { NanoCPUs?: number; MemoryBytes?: number };
    Engine?: { EngineVersion?: string };
  };
  Status?: { State?: string; Addr?: string };
  ManagerStatus?: { Leader?: boolean; Reachability?: string; Addr?: string };
}

export interface RawPortConfig {
  TargetPort?: number;
  PublishedPort?: number;
  Protocol?: string;
  PublishMode?: string;
}

export interface RawMount {
  Type?: string;
  Source?: string;
  Target?: string;
  ReadOnly?: boolean;
}

export interface RawFileRef {
  SecretName?: string;
  SecretID?: string;
  ConfigName?: string;
  ConfigID?: string;
  File?: { Name?: string };
}

export interface RawContainerSpec {
  Image?: string;
  Command?: string[] | null;
  Args?: string[] | null;
  Env?: string[] | null;
  Labels?: Record<string, string> | null;
  Mounts?: RawMount[] | null;
  Secrets?: RawFileRef[] | null;
  Configs?: RawFileRef[] | null;
  User?: string;
  Dir?: string;
  Hostname?: string;
  CapabilityAdd?: string[] | null;
  CapabilityDrop?: string[] | null;
  [key: string]: unknown;
}

export interface RawServiceSpec {
  Name?: string;
  Labels?: Record<string, string> | null;
  TaskTemplate?: {
    ContainerSpec?: RawContainerSpec;
    Resources?: { Limits?: { NanoCPUs?: number; MemoryBytes?: number }; [key: string]: unknown };
    RestartPolicy?: { Condition?: string; [key: string]: unknown };
    Placement?: { Constraints?: string[] | null; [key: string]: unknown };
    Networks?: { Target?: string; Aliases?: string[] }[] | null;
    ForceUpdate?: number;
    [key: string]: unknown;
  };
  Mode?: { Replicated?: { Replicas?: number }; Global?: Record<string, never> | object };
  EndpointSpec?: { Mode?: string; Ports?: RawPortConfig[] | null };
  [key: string]: unknown;
}

export interface RawService extends RawMeta {
  Spec?: RawServiceSpec;
  PreviousSpec?: RawServiceSpec;
  Endpoint?: { Ports?: RawPortConfig[] | null };
  UpdateStatus?: { State?: string; Message?: string };
}

export interface RawTask extends RawMeta {
  ServiceID?: string;
  NodeID?: string;
  Slot?: number;
  DesiredState?: string;
  Status?: {
    State?: string;
    Message?: string;
    Err?: string;
    ContainerStatus?: { ContainerID?: string };
  };
  Spec?: { ContainerSpec?: { Image?: string } };
}

export interface RawSwarmFile extends RawMeta {
  Spec?: { Name?: string; Labels?: Record<string, string> | null; Data?: string };
}

export const STACK_LABEL = 'com.docker.stack.namespace';

const labelsOf = (l: Record<string, string> | null | undefined) => ({ ...(l ?? {}) });

/** The image as the spec names it, without the digest `docker service create` pins (`img:tag@sha256:…`). */
export function unpinnedImage(image: string | undefined): string {
  return (image ?? '').replace(/@sha256:[a-f0-9]{64}$/, '');
}

export function toSwarmState(info: RawInfo): SwarmState {
  const swarm = info.Swarm ?? {};
  const isManager = swarm.ControlAvailable === true;
  const cluster = swarm.Cluster;
  return {
    localNodeState: swarm.LocalNodeState || 'inactive',
    isManager,
    nodeId: swarm.NodeID || null,
    cluster:
      isManager && cluster?.ID
        ? {
            id: cluster.ID,
            createdAt: cluster.CreatedAt ?? '',
            updatedAt: cluster.UpdatedAt ?? '',
            nodes: swarm.Nodes ?? 0,
            managers: swarm.Managers ?? 0,
            defaultAddrPool: cluster.DefaultAddrPool ?? [],
          }
        : null,
  };
}

export function toNodeView(node: RawNode, selfId: string | null): NodeView {
  const role = node.Spec?.Role === 'manager' ? 'manager' : 'worker';
  const availability = node.Spec?.Availability;
  return {
    id: node.ID,
    hostname: node.Description?.Hostname ?? '',
    role,
    availability: availability === 'drain' || availability === 'pause' ? availability : 'active',
    state: node.Status?.State ?? 'unknown',
    addr: node.Status?.Addr ?? '',
    engineVersion: node.Description?.Engine?.EngineVersion ?? '',
    os: node.Description?.Platform?.OS ?? '',
    arch: node.Description?.Platform?.Architecture ?? '',
    cpus: (node.Description?.Resources?.NanoCPUs ?? 0) / 1e9,
    memoryBytes: node.Description?.Resources?.MemoryBytes ?? 0,
    leader: node.ManagerStatus?.Leader === true,
    reachability: node.ManagerStatus?.Reachability ?? null,
    labels: labelsOf(node.Spec?.Labels),
    self: selfId !== null && node.ID === selfId,
    createdAt: node.CreatedAt ?? '',
    updatedAt: node.UpdatedAt ?? '',
    version: node.Version?.Index ?? 0,
  };
}

function toPorts(ports: RawPortConfig[] | null | undefined): ServicePort[] {
  return (ports ?? []).map((p) => ({
    target: p.TargetPort ?? 0,
    published: p.PublishedPort ?? null,
    protocol: p.Protocol === 'udp' || p.Protocol === 'sctp' ? p.Protocol : 'tcp',
    mode: p.PublishMode === 'host' ? 'host' : 'ingress',
  }));
}

/** Tasks that count for a service's `running/desired`, as `docker service ls` counts them. */
export function taskCounts(
  service: RawService,
  tasks: readonly RawTask[],
  activeNodes: ReadonlySet<string> | null,
): { running: number; desired: number } {
  const own = tasks.filter((t) => t.ServiceID === service.ID);
  const running = own.filter((t) => t.Status?.State === 'running').length;
  const replicas = service.Spec?.Mode?.Replicated?.Replicas;
  if (replicas !== undefined && service.Spec?.Mode?.Global === undefined)
    return { running, desired: replicas };
  // Global: one task per eligible node, which the tasks meant to run say best.
  const desired = own.filter(
    (t) => t.DesiredState === 'running' && (!activeNodes || !t.NodeID || activeNodes.has(t.NodeID)),
  ).length;
  return { running, desired };
}

export function toServiceView(
  service: RawService,
  tasks: readonly RawTask[],
  activeNodes: ReadonlySet<string> | null = null,
): ServiceView {
  const spec = service.Spec ?? {};
  const global = spec.Mode?.Global !== undefined;
  const labels = labelsOf(spec.Labels);
  const status = service.UpdateStatus;
  return {
    id: service.ID,
    name: spec.Name ?? '',
    image: unpinnedImage(spec.TaskTemplate?.ContainerSpec?.Image),
    mode: global ? 'global' : 'replicated',
    replicas: global ? null : (spec.Mode?.Replicated?.Replicas ?? 0),
    ...taskCounts(service, tasks, activeNodes),
    ports: toPorts(service.Endpoint?.Ports ?? spec.EndpointSpec?.Ports),
    labels,
    stack: labels[STACK_LABEL] ?? null,
    createdAt: service.CreatedAt ?? '',
    updatedAt: service.UpdatedAt ?? '',
    updateStatus: status?.State ? { state: status.State, message: status.Message ?? '' } : null,
    canRollback: service.PreviousSpec !== undefined && service.PreviousSpec !== null,
  };
}

/** A spec's env with the values masked (a caller without `containers:env`). */
function maskSpecEnv(spec: RawServiceSpec | undefined): RawServiceSpec | undefined {
  const container = spec?.TaskTemplate?.ContainerSpec;
  if (!spec || !container?.Env) return spec;
  return {
    ...spec,
    TaskTemplate: {
      ...spec.TaskTemplate,
      ContainerSpec: { ...container, Env: container.Env.map(maskEnvEntry) },
    },
  };
}

/** The ServiceCreate that makes this spec again, for its `docker service create` line. */
export function specToCreate(spec: RawServiceSpec, networkNames: ReadonlyMap<string, string>): ServiceCreate {
  const c = spec.TaskTemplate?.ContainerSpec ?? {};
  const global = spec.Mode?.Global !== undefined;
  const limits = spec.TaskTemplate?.Resources?.Limits;
  const condition = spec.TaskTemplate?.RestartPolicy?.Condition;
  return {
    name: spec.Name ?? '',
    image: unpinnedImage(c.Image),
    mode: global ? 'global' : 'replicated',
    replicas: spec.Mode?.Replicated?.Replicas ?? 1,
    ...(c.Args?.length ? { command: c.Args } : {}),
    ...(c.Command?.length ? { entrypoint: c.Command } : {}),
    env: c.Env ?? [],
    labels: labelsOf(spec.Labels),
    containerLabels: labelsOf(c.Labels),
    ports: toPorts(spec.EndpointSpec?.Ports).map((p) => ({
      target: p.target,
      ...(p.published ? { published: p.published } : {}),
      protocol: p.protocol,
      mode: p.mode,
    })),
    mounts: (c.Mounts ?? []).map((m) => ({
      type: m.Type === 'bind' || m.Type === 'tmpfs' ? m.Type : 'volume',
      ...(m.Source ? { source: m.Source } : {}),
      target: m.Target ?? '/',
      readOnly: m.ReadOnly === true,
    })),
    networks: (spec.TaskTemplate?.Networks ?? []).map(
      (n) => networkNames.get(n.Target ?? '') ?? n.Target ?? '',
    ),
    constraints: spec.TaskTemplate?.Placement?.Constraints ?? [],
    secrets: (c.Secrets ?? []).map((s) => fileRefOf(s.SecretName, s.File?.Name)),
    configs: (c.Configs ?? []).map((s) => fileRefOf(s.ConfigName, s.File?.Name)),
    restartCondition: condition === 'none' || condition === 'on-failure' ? condition : 'any',
    ...(limits?.NanoCPUs ? { limitCpus: String(limits.NanoCPUs / 1e9) } : {}),
    ...(limits?.MemoryBytes ? { limitMemory: `${limits.MemoryBytes}b` } : {}),
    ...(c.User ? { user: c.User } : {}),
    ...(c.Dir ? { workdir: c.Dir } : {}),
    ...(c.Hostname ? { hostname: c.Hostname } : {}),
    capAdd: c.CapabilityAdd ?? [],
    capDrop: c.CapabilityDrop ?? [],
  };
}

function fileRefOf(name: string | undefined, file: string | undefined): { name: string; target?: string } {
  const n = name ?? '';
  // The CLI's default target is the name itself (/run/secrets/NAME): only a different one is worth a word.
  return file && file !== n ? { name: n, target: file } : { name: n };
}

export function toServiceDetail(
  service: RawService,
  tasks: readonly RawTask[],
  networkNames: ReadonlyMap<string, string>,
  opts: { maskEnv: boolean },
): ServiceDetail {
  const spec = service.Spec ?? {};
  const c = spec.TaskTemplate?.ContainerSpec ?? {};
  const env = c.Env ?? [];
  const raw: RawService = opts.maskEnv
    ? { ...service, Spec: maskSpecEnv(service.Spec), PreviousSpec: maskSpecEnv(service.PreviousSpec) }
    : service;
  const create = specToCreate(spec, networkNames);
  return {
    ...toServiceView(service, tasks),
    command: c.Command ?? null,
    args: c.Args ?? null,
    env: opts.maskEnv ? env.map(maskEnvEntry) : [...env],
    mounts: (c.Mounts ?? []).map((m) => ({
      type: m.Type ?? 'volume',
      source: m.Source ?? '',
      target: m.Target ?? '',
      readOnly: m.ReadOnly === true,
    })),
    networks: (spec.TaskTemplate?.Networks ?? []).map((n) => ({
      id: n.Target ?? '',
      name: networkNames.get(n.Target ?? '') ?? n.Target ?? '',
    })),
    constraints: spec.TaskTemplate?.Placement?.Constraints ?? [],
    secrets: (c.Secrets ?? []).map((s) => ({ name: s.SecretName ?? '', target: s.File?.Name ?? '' })),
    configs: (c.Configs ?? []).map((s) => ({ name: s.ConfigName ?? '', target: s.File?.Name ?? '' })),
    restartCondition: spec.TaskTemplate?.RestartPolicy?.Condition ?? 'any',
    limits: {
      nanoCpus: spec.TaskTemplate?.Resources?.Limits?.NanoCPUs ?? 0,
      memoryBytes: spec.TaskTemplate?.Resources?.Limits?.MemoryBytes ?? 0,
    },
    command_line: serviceCreateCommand(
      opts.maskEnv ? { ...create, env: (create.env ?? []).map(maskEnvEntry) } : create,
    ),
    version: service.Version?.Index ?? 0,
    raw,
  };
}

export function toTaskView(
  task: RawTask,
  serviceNames: ReadonlyMap<string, string>,
  nodeNames: ReadonlyMap<string, string>,
): TaskView {
  const status = task.Status ?? {};
  return {
    id: task.ID,
    serviceId: task.ServiceID ?? '',
    serviceName: serviceNames.get(task.ServiceID ?? '') ?? '',
    slot: task.Slot ?? null,
    nodeId: task.NodeID || null,
    nodeHostname: task.NodeID ? (nodeNames.get(task.NodeID) ?? null) : null,
    desiredState: task.DesiredState ?? '',
    state: status.State ?? '',
    message: status.Message ?? '',
    error: status.Err || null,
    containerId: status.ContainerStatus?.ContainerID || null,
    image: unpinnedImage(task.Spec?.ContainerSpec?.Image),
    createdAt: task.CreatedAt ?? '',
    updatedAt: task.UpdatedAt ?? '',
  };
}

/** `name.slot.shortid@hostname` (global: `name.nodeid.shortid`), as `docker service logs` prints a task. */
export function taskLogName(
  task: RawTask,
  serviceName: string,
  nodeNames: ReadonlyMap<string, string>,
): string {
  const slot = task.Slot ? String(task.Slot) : (task.NodeID ?? '');
  const host = task.NodeID ? (nodeNames.get(task.NodeID) ?? task.NodeID) : '';
  return `${serviceName}.${slot}.${task.ID.slice(0, 12)}${host ? `@${host}` : ''}`;
}

/** Services using each secret or config, by name. */
export function usedBy(services: readonly RawService[], kind: 'secret' | 'config'): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const s of services) {
    const c = s.Spec?.TaskTemplate?.ContainerSpec;
    const refs = (kind === 'secret' ? c?.Secrets : c?.Configs) ?? [];
    for (const r of refs) {
      const id = kind === 'secret' ? r.SecretID : r.ConfigID;
      if (!id) continue;
      const list = out.get(id) ?? [];
      if (!list.includes(s.Spec?.Name ?? '')) list.push(s.Spec?.Name ?? '');
      out.set(id, list);
    }
  }
  return out;
}

export function toSecretView(secret: RawSwarmFile, users: ReadonlyMap<string, string[]>): SecretView {
  return {
    id: secret.ID,
    name: secret.Spec?.Name ?? '',
    labels: labelsOf(secret.Spec?.Labels),
    createdAt: secret.CreatedAt ?? '',
    updatedAt: secret.UpdatedAt ?? '',
    usedBy: users.get(secret.ID) ?? [],
  };
}

export const toConfigView = (config: RawSwarmFile, users: ReadonlyMap<string, string[]>): ConfigView =>
  toSecretView(config, users);

export function toConfigDetail(config: RawSwarmFile, users: ReadonlyMap<string, string[]>): ConfigDetail {
  return {
    ...toConfigView(config, users),
    data: Buffer.from(config.Spec?.Data ?? '', 'base64').toString('utf8'),
  };
}
