import { swarmApi } from '@/lib/api/swarm';
import { nodeUpdateCommand } from '@/lib/swarm/cli';
import { swarmIdParams } from '@/lib/swarm/params';
import { nodeUpdateSchema } from '@/lib/swarm/schemas';
import { inspectSwarmNode, updateSwarmNode } from '@/server/docker/swarm';
import { route } from '@/server/http/route';

export const GET = route({
  endpoint: swarmApi.node,
  permission: 'engine:read',
  params: swarmIdParams,
  handler: ({ params }) => inspectSwarmNode(params.id),
});

export const PATCH = route({
  endpoint: swarmApi.updateNode,
  permission: 'environments:admin',
  params: swarmIdParams,
  body: nodeUpdateSchema,
  audit: {
    action: 'swarm.node.update',
    target: ({ params }) => params.id,
    // The labels before the change are not known here: the line names the whole set after it.
    command: ({ params, body }) => nodeUpdateCommand({ hostname: params.id, labels: {} }, body),
  },
  handler: ({ params, body }) => updateSwarmNode(params.id, body),
});
