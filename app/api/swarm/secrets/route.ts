import { swarmApi } from '@/lib/api/swarm';
import { swarmFileCreateCommand } from '@/lib/swarm/cli';
import { swarmFileCreateSchema } from '@/lib/swarm/schemas';
import { createSwarmFile, listSwarmSecrets } from '@/server/docker/swarm';
import { route } from '@/server/http/route';

export const GET = route({
  endpoint: swarmApi.secrets,
  permission: 'containers:read',
  handler: () => listSwarmSecrets(),
});

export const POST = route({
  endpoint: swarmApi.createSecret,
  permission: 'containers:write',
  body: swarmFileCreateSchema,
  status: 201,
  audit: {
    action: 'swarm.secret.create',
    target: ({ body }) => body.name,
    command: ({ body }) => swarmFileCreateCommand('secret', body.name, body.labels),
  },
  handler: ({ body }) => createSwarmFile('secret', body),
});
