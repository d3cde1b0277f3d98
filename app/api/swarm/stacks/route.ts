import { swarmApi } from '@/lib/api/swarm';
import { stackDeployCommand } from '@/lib/swarm/cli';
import { swarmStackSchema } from '@/lib/swarm/schemas';
import { asUser } from '@/server/auth/guard';
import { deployStack } from '@/server/docker/swarm';
import { route } from '@/server/http/route';

export const POST = route({
  endpoint: swarmApi.deployStack,
  permission: 'containers:write',
  body: swarmStackSchema,
  status: 201,
  audit: {
    action: 'swarm.stack.deploy',
    target: ({ body }) => body.stack,
    command: ({ body }) => stackDeployCommand(body.stack),
  },
  handler: ({ principal, body }) =>
    deployStack(asUser(principal), body.stack, body.compose, body.noResolveImage),
});
