import { swarmApi } from '@/lib/api/swarm';
import { serviceCreateCommand } from '@/lib/swarm/cli';
import { serviceCreateSchema } from '@/lib/swarm/schemas';
import { asUser } from '@/server/auth/guard';
import { createSwarmService, listSwarmServices } from '@/server/docker/swarm';
import { route } from '@/server/http/route';

export const GET = route({
  endpoint: swarmApi.services,
  permission: 'containers:read',
  handler: () => listSwarmServices(),
});

export const POST = route({
  endpoint: swarmApi.createService,
  permission: 'containers:write',
  body: serviceCreateSchema,
  status: 201,
  audit: {
    action: 'swarm.service.create',
    target: ({ body }) => body.name,
    command: ({ body }) => serviceCreateCommand(body),
  },
  handler: ({ principal, body }) => createSwarmService(asUser(principal), body),
});
