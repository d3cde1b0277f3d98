import { swarmApi } from '@/lib/api/swarm';
import { swarmFileCreateCommand } from '@/lib/swarm/cli';
import { swarmFileCreateSchema } from '@/lib/swarm/schemas';
import { createSwarmFile, listSwarmConfigs } from '@/server/docker/swarm';
import { route } from '@/server/http/route';

export const GET = route({
  endpoint: swarmApi.configs,
  permission: 'containers:read',
  handler: () => listSwarmConfigs(),
});

export const POST = route({
  endpoint: swarmApi.createConfig,
  permission: 'containers:write',
  body: swarmFileCreateSchema,
  status: 201,
  audit: {
    action: 'swarm.config.create',
    target: ({ body }) => body.name,
    command: ({ body }) => swarmFileCreateCommand('config', body.name, body.labels),
  },
  handler: ({ body }) => createSwarmFile('config', body),
});
