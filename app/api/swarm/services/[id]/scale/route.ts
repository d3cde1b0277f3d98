import { swarmApi } from '@/lib/api/swarm';
import { serviceScaleCommand } from '@/lib/swarm/cli';
import { swarmIdParams } from '@/lib/swarm/params';
import { serviceScaleSchema } from '@/lib/swarm/schemas';
import { asUser } from '@/server/auth/guard';
import { scaleSwarmService } from '@/server/docker/swarm';
import { route } from '@/server/http/route';

export const POST = route({
  endpoint: swarmApi.scale,
  permission: 'containers:write',
  params: swarmIdParams,
  body: serviceScaleSchema,
  audit: {
    action: 'swarm.service.scale',
    target: ({ params }) => params.id,
    command: ({ params, body }) => serviceScaleCommand(params.id, body.replicas),
  },
  handler: ({ principal, params, body }) => scaleSwarmService(asUser(principal), params.id, body.replicas),
});
