import { swarmApi } from '@/lib/api/swarm';
import { nodeUpdateCommand } from '@/lib/swarm/cli';
import { swarmIdParams } from '@/lib/swarm/params';
import { nodeUpdateSchema } from '@/lib/swarm/schemas';
import { answered, answeredCommand, inspectSwarmNode, updateSwarmNode } from '@/server/docker/swarm';
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
    // The answer's line (from the node as it was); a refused request's names the whole label set asked for.
    command: ({ req, params, body }) =>
      answeredCommand(req) ?? nodeUpdateCommand({ hostname: params.id, labels: {} }, body),
  },
  handler: async ({ req, params, body }) => answered(req, await updateSwarmNode(params.id, body)),
});
