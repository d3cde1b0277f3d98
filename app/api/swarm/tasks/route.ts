import { swarmApi } from '@/lib/api/swarm';
import { swarmTasksQuery } from '@/lib/swarm/params';
import { listSwarmTasks } from '@/server/docker/swarm';
import { route } from '@/server/http/route';

export const GET = route({
  endpoint: swarmApi.tasks,
  permission: 'containers:read',
  query: swarmTasksQuery,
  handler: ({ query }) => listSwarmTasks(query),
});
