import type { z } from 'zod';
import { endpoint } from '@/lib/api/endpoint';
import type {
  NodeUpdate,
  ServiceCreate,
  ServiceUpdate,
  SwarmFileCreate,
  SwarmStackDeploy,
  serviceScaleSchema,
} from '@/lib/swarm/schemas';
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

/**
 * Swarm endpoints (issue 16) on the current environment (`/api/environments/{env}/swarm/…` for others). All but
 * `state` need a swarm manager (409 otherwise). Reads: `engine:read` (nodes), `containers:read` (services,
 * tasks, secrets', configs' names); writes: `containers:write` for services, `environments:admin` for nodes,
 * `containers:write` for secrets and configs. Every write is audited with its CLI line.
 */
export const swarmApi = {
  state: endpoint<SwarmState>()('GET', '/api/swarm'),
  nodes: endpoint<NodeView[]>()('GET', '/api/swarm/nodes'),
  node: endpoint<NodeView>()('GET', '/api/swarm/nodes/[id]'),
  /** `docker node update --availability drain|active|pause --role … --label-add/--label-rm`. */
  updateNode: endpoint<SwarmActionResult, NodeUpdate>()('PATCH', '/api/swarm/nodes/[id]'),
  services: endpoint<ServiceView[]>()('GET', '/api/swarm/services'),
  /** Answered with 201. Judged by the security policy as a container would be. */
  createService: endpoint<SwarmActionResult, ServiceCreate>()('POST', '/api/swarm/services'),
  service: endpoint<ServiceDetail>()('GET', '/api/swarm/services/[id]'),
  /** Judged by the security policy (the whole resulting spec). */
  updateService: endpoint<SwarmActionResult, ServiceUpdate>()('PATCH', '/api/swarm/services/[id]'),
  scale: endpoint<SwarmActionResult, z.input<typeof serviceScaleSchema>>()(
    'POST',
    '/api/swarm/services/[id]/scale',
  ),
  rollback: endpoint<SwarmActionResult>()('POST', '/api/swarm/services/[id]/rollback'),
  removeService: endpoint<SwarmActionResult>()('DELETE', '/api/swarm/services/[id]'),
  /** Tasks of every service, or of one (`service`), or on one node (`node`). */
  tasks: endpoint<TaskView[], undefined, { service?: string; node?: string }>()('GET', '/api/swarm/tasks'),
  /** A compose file's services, as `docker stack deploy -c`. Answered with 201. */
  deployStack: endpoint<SwarmStackDeployResult, SwarmStackDeploy>()('POST', '/api/swarm/stacks'),
  /** `docker stack rm`: every service, network, secret and config labelled with the stack's namespace. */
  removeStack: endpoint<{ stack: string; command: string; removed: string[] }>()(
    'DELETE',
    '/api/swarm/stacks/[name]',
  ),
  secrets: endpoint<SecretView[]>()('GET', '/api/swarm/secrets'),
  createSecret: endpoint<SwarmActionResult, SwarmFileCreate>()('POST', '/api/swarm/secrets'),
  removeSecret: endpoint<SwarmActionResult>()('DELETE', '/api/swarm/secrets/[id]'),
  configs: endpoint<ConfigView[]>()('GET', '/api/swarm/configs'),
  config: endpoint<ConfigDetail>()('GET', '/api/swarm/configs/[id]'),
  createConfig: endpoint<SwarmActionResult, SwarmFileCreate>()('POST', '/api/swarm/configs'),
  removeConfig: endpoint<SwarmActionResult>()('DELETE', '/api/swarm/configs/[id]'),
};
