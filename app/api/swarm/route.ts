import { swarmApi } from '@/lib/api/swarm';
import { swarmState } from '@/server/docker/swarm';
import { route } from '@/server/http/route';

export const GET = route({
  endpoint: swarmApi.state,
  permission: 'engine:read',
  handler: () => swarmState(),
});
