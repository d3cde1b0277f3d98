import { swarmApi } from '@/lib/api/swarm';
import { swarmFileRemoveCommand } from '@/lib/swarm/cli';
import { swarmIdParams } from '@/lib/swarm/params';
import { removeSwarmFile } from '@/server/docker/swarm';
import { route } from '@/server/http/route';

export const DELETE = route({
  endpoint: swarmApi.removeSecret,
  permission: 'containers:write',
  params: swarmIdParams,
  audit: {
    action: 'swarm.secret.remove',
    target: ({ params }) => params.id,
    command: ({ params }) => swarmFileRemoveCommand('secret', params.id),
  },
  handler: ({ params }) => removeSwarmFile('secret', params.id),
});
