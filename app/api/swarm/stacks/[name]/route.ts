import { swarmApi } from '@/lib/api/swarm';
import { stackRemoveCommand } from '@/lib/swarm/cli';
import { stackNameParams } from '@/lib/swarm/params';
import { removeStack } from '@/server/docker/swarm';
import { route } from '@/server/http/route';

export const DELETE = route({
  endpoint: swarmApi.removeStack,
  permission: 'containers:write',
  params: stackNameParams,
  audit: {
    action: 'swarm.stack.remove',
    target: ({ params }) => params.name,
    command: ({ params }) => stackRemoveCommand(params.name),
  },
  handler: ({ params }) => removeStack(params.name),
});
