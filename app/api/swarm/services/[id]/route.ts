import { swarmApi } from '@/lib/api/swarm';
import { serviceRemoveCommand, serviceUpdateCommand } from '@/lib/swarm/cli';
import { swarmIdParams } from '@/lib/swarm/params';
import { serviceUpdateSchema } from '@/lib/swarm/schemas';
import { asUser, holds } from '@/server/auth/guard';
import {
  answered,
  answeredCommand,
  inspectSwarmService,
  removeSwarmService,
  updateSwarmService,
} from '@/server/docker/swarm';
import { route } from '@/server/http/route';

export const GET = route({
  endpoint: swarmApi.service,
  permission: 'containers:read',
  params: swarmIdParams,
  handler: ({ principal, params }) =>
    inspectSwarmService(params.id, !holds(asUser(principal).user, 'containers:env')),
});

export const PATCH = route({
  endpoint: swarmApi.updateService,
  permission: 'containers:write',
  params: swarmIdParams,
  body: serviceUpdateSchema,
  audit: {
    action: 'swarm.service.update',
    target: ({ params }) => params.id,
    command: ({ req, params, body }) => answeredCommand(req) ?? serviceUpdateCommand(params.id, body),
  },
  handler: async ({ req, principal, params, body }) =>
    answered(req, await updateSwarmService(asUser(principal), params.id, body)),
});

export const DELETE = route({
  endpoint: swarmApi.removeService,
  permission: 'containers:write',
  params: swarmIdParams,
  audit: {
    action: 'swarm.service.remove',
    target: ({ params }) => params.id,
    command: ({ params }) => serviceRemoveCommand(params.id),
  },
  handler: ({ params }) => removeSwarmService(params.id),
});
