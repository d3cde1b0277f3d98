/**
 * Swarm view models (issue 16), shared by the routes under app/api/swarm and the pages under
 * app/(console)/swarm. The engine's raw objects map to these in pure functions (server/docker/swarm-view.ts).
 * Every Swarm endpoint works on the current environment (`/api/environments/{env}/swarm/…`), which must be a
 * swarm manager: anything else answers 409 `conflict` with code `not_swarm_manager` in the message's stead
 * (see SwarmState.role to know before asking).
 */

export type NodeRole = 'manager' | 'worker';
export type NodeAvailability = 'active' | 'pause' | 'drain';

/** GET /api/swarm: what this engine is in a swarm. */
export interface SwarmState {
  /** `inactive` (no swarm), `pending`, `active`, `error`, `locked`: the engine's LocalNodeState. */
  localNodeState: string;
  /** Whether this engine can manage the swarm (only a manager answers the other Swarm endpoints). */
  isManager: boolean;
  nodeId: string | null;
  /** Present on a manager. */
  cluster: {
    id: string;
    createdAt: string;
    updatedAt: string;
    nodes: number;
    managers: number;
    /** Default address pool and the data path port, as `docker info` prints them. */
    defaultAddrPool: string[];
  } | null;
}

export interface NodeView {
  id: string;
  hostname: string;
  role: NodeRole;
  availability: NodeAvailability;
  /** `ready`, `down`, `unknown`, `disconnected`. */
  state: string;
  /** The node's address as the manager sees it. */
  addr: string;
  engineVersion: string;
  os: string;
  arch: string;
  cpus: number;
  memoryBytes: number;
  /** Managers only: the leader, and reachable/unreachable. */
  leader: boolean;
  reachability: string | null;
  labels: Record<string, string>;
  /** The node this engine is (the one Berth talks to). */
  self: boolean;
  createdAt: string;
  updatedAt: string;
  /** The spec version an update must name (sent back by the routes, never by the browser). */
  version: number;
}

export interface ServicePort {
  target: number;
  published: number | null;
  protocol: 'tcp' | 'udp' | 'sctp';
  mode: 'ingress' | 'host';
}

export interface ServiceView {
  id: string;
  name: string;
  /** The image as the spec names it, without a pinned digest. */
  image: string;
  mode: 'replicated' | 'global';
  /** Desired replicas (replicated); null for global. */
  replicas: number | null;
  /** Tasks running now / tasks that should run (from the service's task list). */
  running: number;
  desired: number;
  ports: ServicePort[];
  labels: Record<string, string>;
  /** `com.docker.stack.namespace`, when it came from a compose file / `docker stack deploy`. */
  stack: string | null;
  createdAt: string;
  updatedAt: string;
  /** The last update or rollback: state (`updating`, `completed`, `paused`, `rollback_started`, …) and message. */
  updateStatus: { state: string; message: string } | null;
  /** Whether the engine keeps a previous spec (rollback possible). */
  canRollback: boolean;
}

export interface ServiceMountView {
  type: string;
  source: string;
  target: string;
  readOnly: boolean;
}

export interface ServiceDetail extends ServiceView {
  command: string[] | null;
  args: string[] | null;
  /** Values masked (`••••`) without `containers:env`, as container env is. */
  env: string[];
  mounts: ServiceMountView[];
  networks: { id: string; name: string }[];
  constraints: string[];
  secrets: { name: string; target: string }[];
  configs: { name: string; target: string }[];
  restartCondition: string;
  limits: { nanoCpus: number; memoryBytes: number };
  /** The `docker service create` line that makes this service. */
  command_line: string;
  version: number;
  /** The engine's service inspect, env values masked as above. */
  raw: unknown;
}

export interface TaskView {
  id: string;
  serviceId: string;
  serviceName: string;
  /** Replicated: the replica number; global: null. */
  slot: number | null;
  nodeId: string | null;
  nodeHostname: string | null;
  /** `running`, `shutdown`, … */
  desiredState: string;
  /** Status.State: `new`, `pending`, `assigned`, `accepted`, `preparing`, `starting`, `running`, `complete`, `failed`, `shutdown`, `rejected`, `orphaned`, `remove`. */
  state: string;
  message: string;
  error: string | null;
  containerId: string | null;
  image: string;
  createdAt: string;
  updatedAt: string;
}

/** A secret: its value is never read back (the engine does not give it, and Berth keeps none). */
export interface SecretView {
  id: string;
  name: string;
  labels: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  /** Services that use it (by name). */
  usedBy: string[];
}

export interface ConfigView {
  id: string;
  name: string;
  labels: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  usedBy: string[];
}

export interface ConfigDetail extends ConfigView {
  /** The config's content as text (configs are not secret; `docker config inspect --pretty` shows it too). */
  data: string;
}

/** What a Swarm write answers: what changed and the CLI line that does the same. */
export interface SwarmActionResult {
  id: string;
  name: string;
  command: string;
  /** Engine warnings (e.g. an image that could not be resolved). */
  warnings: string[];
}

/** POST /api/swarm/stacks (services from a compose file): one result per service. */
export interface SwarmStackDeployResult {
  stack: string;
  command: string;
  services: SwarmActionResult[];
  /** Networks, secrets and configs the file declared and Berth created. */
  created: { kind: 'network' | 'secret' | 'config'; name: string }[];
}
