import { swarmApi } from '@/lib/api/swarm';
import { serviceRollbackCommand } from '@/lib/swarm/cli';
import { swarmIdParams } from '@/lib/swarm/params';
import { asUser } from '@/server/auth/guard';
import { rollbackSwarmService } from '@/server/docker/swarm';
import { route } from '@/server/http/route';

export const POST = route({
  endpoint: swarmApi.rollback,
  permission: 'containers:write',
  params: swarmIdParams,
  audit: {
    action: 'swarm.service.rollback',
    target: ({ params }) => params.id,
    command: ({ params }) => serviceRollbackCommand(params.id),
  },
  handler: ({ principal, params }) => rollbackSwarmService(asUser(principal), params.id),
});
