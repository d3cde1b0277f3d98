import { swarmApi } from '@/lib/api/swarm';
import { swarmFileRemoveCommand } from '@/lib/swarm/cli';
import { swarmIdParams } from '@/lib/swarm/params';
import { inspectSwarmConfig, removeSwarmFile } from '@/server/docker/swarm';
import { route } from '@/server/http/route';

export const GET = route({
  endpoint: swarmApi.config,
  permission: 'containers:read',
  params: swarmIdParams,
  handler: ({ params }) => inspectSwarmConfig(params.id),
});

export const DELETE = route({
  endpoint: swarmApi.removeConfig,
  permission: 'containers:write',
  params: swarmIdParams,
  audit: {
    action: 'swarm.config.remove',
    target: ({ params }) => params.id,
    command: ({ params }) => swarmFileRemoveCommand('config', params.id),
  },
  handler: ({ params }) => removeSwarmFile('config', params.id),
});
