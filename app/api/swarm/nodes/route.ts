import { swarmApi } from '@/lib/api/swarm';
import { listSwarmNodes } from '@/server/docker/swarm';
import { route } from '@/server/http/route';

export const GET = route({
  endpoint: swarmApi.nodes,
  permission: 'engine:read',
  handler: () => listSwarmNodes(),
});
